/**
 * Escaping per output format, applied by the renderer to every text in a view model before a non-HTML template
 * sees it (HTML templates rely on Handlebars' own escaping). Templates therefore only loop and print, and a
 * commentary cannot break out of its cell whatever it contains.
 */
import { Fraction } from "../model/fraction.js";

export type TextFormat = "md" | "csv" | "tsv" | "txt";

/** C0 controls but tab and line breaks, DEL, and C1 controls (U+0080–U+009F, where U+009B starts a sequence). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;
/** A spreadsheet treats a cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Drops control characters (NUL, escape sequences' ESC, …) but keeps tabs and line breaks. */
export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "");
}

export const escapers: Record<TextFormat, (text: string) => string> = {
  /** Plain text for a terminal: no control characters that could move the cursor or recolour it. */
  txt: stripControlCharacters,
  /**
   * A Markdown table cell: pipes would end the cell, line breaks the row, `<` could open raw HTML, and brackets
   * and backticks could make a link (`[x](javascript:…)`) or a code span out of someone's text.
   */
  md: (text) =>
    text
      .replace(CONTROL_CHARACTERS, "")
      .replace(/\\/g, "\\\\")
      .replace(/([|[\]`])/g, "\\$1")
      .replace(/</g, "&lt;")
      .replace(/\r\n|\r|\n/g, "<br>"),
  /** A TSV cell cannot hold a tab or a line break; those become spaces. Formulas are neutralised as in CSV. */
  tsv: (text) => neutraliseFormula(text.replace(CONTROL_CHARACTERS, "").replace(/\r\n|[\t\r\n]/g, " ")),
  /** An RFC 4180 field: quoted when it holds a comma, quote or line break; formulas neutralised. */
  csv: (text) => {
    const safe = neutraliseFormula(text.replace(CONTROL_CHARACTERS, ""));
    return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  },
};

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a leading
 * apostrophe, which spreadsheets hide and which keeps the text as typed. Plain numbers such as -0.4 are left alone.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * The prototype of every object a template sees: nothing a template could name (no `constructor`, no `__proto__`),
 * only a way to be printed in Handlebars' own error messages (a symbol, which `{{…}}` cannot reach).
 */
const VIEW_PROTOTYPE: object = Object.freeze(Object.create(null, { [Symbol.toPrimitive]: { value: () => "the view model" } }));

/**
 * What a template is given: a copy of the view model with every string passed through `escape`, and every object
 * on VIEW_PROTOTYPE, so that `{{constructor}}` or `{{__proto__}}` in a template is a missing field (an error in
 * strict mode), never a way into JavaScript's objects.
 */
export function templateInput<T>(value: T, escape: (text: string) => string = (text) => text): T {
  if (typeof value === "string") return escape(value) as T;
  // Arrays too: `{{constructor}}` inside `{{#with years}}` must find nothing, not Array.prototype's.
  if (Array.isArray(value)) return Object.setPrototypeOf(value.map((item) => templateInput(item, escape)), VIEW_PROTOTYPE) as T;
  if (value !== null && typeof value === "object") {
    const copy = Object.create(VIEW_PROTOTYPE) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) copy[key] = templateInput(item, escape);
    return copy as T;
  }
  return value;
}

/**
 * A JSON document for people's tools and terminals, laid out as JSON.stringify(value, null, 2) lays it out, with two
 * differences:
 * - an exact number (a Fraction) is written as its decimal digits (Fraction.toDecimalLiteral), never through a
 *   double: a score of 7.49999999999999999 stays 7.49999999999999999, where a double would make it 7.5. JSON
 *   allows any decimal; a program that wants every digit reads them as decimals.
 * - DEL, the C1 controls and the line and paragraph separators in texts are written as \\u escapes (the same JSON
 *   value): JSON.stringify leaves them as they are, and a terminal showing the file would act on them.
 */
export function jsonText(value: unknown): string {
  return `${jsonValue(value, "") ?? "null"}\n`;
}

/** The JSON text of `value` at indentation `indent`; undefined for what JSON leaves out (undefined, functions). */
function jsonValue(value: unknown, indent: string): string | undefined {
  if (value instanceof Fraction) return value.toDecimalLiteral();
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return jsonValue((value as { toJSON: () => unknown }).toJSON(), indent);
  }
  if (typeof value === "string") return jsonString(value);
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "boolean" || value === null) return String(value);
  if (typeof value !== "object") return undefined;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${jsonValue(item, inner) ?? "null"}`).join(",\n")}\n${indent}]`;
  }
  const members = Object.keys(value).flatMap((key) => {
    const text = jsonValue((value as Record<string, unknown>)[key], inner);
    return text === undefined ? [] : [`${inner}${jsonString(key)}: ${text}`];
  });
  return members.length === 0 ? "{}" : `{\n${members.join(",\n")}\n${indent}}`;
}

function jsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * RFC 4180 ends every record with CRLF, and templates are written with plain line ends: turns the line ends between
 * records into CRLF, leaving line breaks inside quoted cells as the user wrote them.
 */
export function crlfRecords(csv: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (c === '"') quoted = !quoted;
    if (c === "\n" && !quoted && csv[i - 1] !== "\r") out += "\r";
    out += c;
  }
  return out;
}
