import type { Diagnostic } from "../diagnostics/diagnostic.js";

const FRAME_WIDTH = 100;

/**
 * Characters a terminal would act on rather than show: C0 and C1 controls but line breaks and tabs (escape
 * sequences start with ESC, 0x1b, or the C1 CSI, 0x9b), DEL, and the bidirectional overrides and isolates that
 * reorder what is shown. Text quoted from a file (an unknown key, a printed rating, a file name) may hold them.
 */
const ACTIVE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text for a terminal, with every active character shown as its escape (`\u001b`) instead of acted on. */
export function visibleText(text: string): string {
  return text.replace(ACTIVE_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * `file:line:col: code: message`, one per line (warnings say so at the start of the message), each followed by
 * the offending source line with a caret under the column when the source is known.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()): string {
  // Each file's text is split into lines once, however many diagnostics point into it.
  const linesOf = new Map<string, string[] | undefined>();
  const lines = (file: string) => {
    if (!linesOf.has(file)) linesOf.set(file, sources.get(file)?.split(/\r\n|\r|\n/));
    return linesOf.get(file);
  };
  return diagnostics
    .map((d) => {
      const head = visibleText(`${d.file}:${d.line}:${d.column}: ${d.code}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`).replace(/\n/g, "\\n");
      const frame = codeFrame(lines(d.file), d.line, d.column);
      return frame ? `${head}\n${frame}` : head;
    })
    .map((text) => `${text}\n`)
    .join("");
}

function codeFrame(lines: readonly string[] | undefined, line: number, column: number): string | undefined {
  if (lines === undefined) return undefined;
  const source = lines[line - 1];
  if (source === undefined || source.trim() === "") return undefined;
  // Long lines (a commentary) are cut to a window around the column.
  const start = Math.max(0, Math.min(column - 1 - 20, source.length - FRAME_WIDTH));
  const shown = source.slice(start, start + FRAME_WIDTH).replace(/\t/g, "→").replace(/[\u0000-\u001f\u007f]/g, "?");
  const number = String(line);
  const gutter = " ".repeat(number.length);
  const prefix = start > 0 ? "…" : "";
  const caret = " ".repeat(prefix.length + Math.max(0, column - 1 - start)) + "^";
  return `  ${number} | ${prefix}${shown}${start + FRAME_WIDTH < source.length ? "…" : ""}\n  ${gutter} | ${caret}`;
}

export function summariseCounts(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return [plural(errors, "error"), plural(warnings, "warning")].join(", ");
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
