import type { DiagnosticPath } from "../diagnostics/diagnostic.js";
import type { ParsedYaml } from "../parse/parse-yaml.js";
import { Fraction } from "../model/fraction.js";

/**
 * A number as people write scores, weights and averages: plain decimal digits, an optional minus and fraction,
 * and no more digits than any of them needs (so that a pasted 4 MiB number costs nothing to refuse).
 */
export const PLAIN_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
export const MAX_NUMBER_LENGTH = 30;

export function isPlainDecimal(written: string): boolean {
  return written.length <= MAX_NUMBER_LENGTH && PLAIN_DECIMAL.test(written);
}

/**
 * The exact value of the number at `path`, read from the text it was written as: the YAML parser turns
 * `7.4999999999999999` into the double 7.5, which is not what the user wrote. A number not written as a plain
 * decimal (which the rules report) falls back to its parsed value, so that checking can go on.
 */
export function exactNumber(parsed: ParsedYaml, path: DiagnosticPath, value: number): Fraction {
  const written = parsed.sourceOf(path);
  return written !== undefined && isPlainDecimal(written) ? Fraction.parse(written) : Fraction.fromNumber(value);
}

/** The number at `path` as written, when it is not a plain decimal (for a `number-format` diagnostic); else undefined. */
export function oddlyWritten(parsed: ParsedYaml, path: DiagnosticPath): string | undefined {
  const written = parsed.sourceOf(path);
  return written !== undefined && !isPlainDecimal(written) ? written : undefined;
}

/** A whole number in plain digits, as years and counts are written: 2024, 1 (not 2024.0, 0x7E8, +2024, 1e0, 01). */
const PLAIN_WHOLE_NUMBER = /^(?:0|[1-9]\d*)$/;

/**
 * The whole number at `path` as written, when it is not written in plain digits; else undefined. The schema has
 * already checked that its value is whole, but `2024.0000000000000001` and `0x7E8` have the value 2024 too.
 */
export function oddlyWrittenWhole(parsed: ParsedYaml, path: DiagnosticPath): string | undefined {
  const written = parsed.sourceOf(path);
  return written !== undefined && !(written.length <= MAX_NUMBER_LENGTH && PLAIN_WHOLE_NUMBER.test(written)) ? written : undefined;
}
