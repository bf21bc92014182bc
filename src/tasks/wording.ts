import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** "1 file", "2 files". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** "2 errors, 1 warning". */
export function summariseCounts(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return [plural(errors, "error"), plural(diagnostics.length - errors, "warning")].join(", ");
}

/** "Cambodia has no year 2022; its years are 2024, 2023", when any of `years` is not on file. */
export function missingYears(programme: string, onFile: readonly number[], years: readonly number[]): string | undefined {
  const missing = years.filter((year) => !onFile.includes(year));
  if (missing.length === 0) return undefined;
  return `${programme} has no ${missing.length === 1 ? "year" : "years"} ${missing.join(", ")}; its years are ${onFile.join(", ")}`;
}
