/**
 * Escaping per output format, applied by the renderer to every text in a view model before a non-HTML template
 * sees it (HTML templates rely on Handlebars' own escaping). Templates therefore only loop and print, and a
 * commentary cannot break out of its cell whatever it contains.
 */
export type TextFormat = "md" | "csv" | "tsv" | "txt";

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;
/** A spreadsheet treats a cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

export const escapers: Record<TextFormat, (text: string) => string> = {
  /** Plain text for a terminal: no control characters that could move the cursor or recolour it. */
  txt: (text) => text.replace(CONTROL_CHARACTERS, ""),
  /** A Markdown table cell: pipes would end the cell, line breaks the row, and `<` could open raw HTML. */
  md: (text) =>
    text
      .replace(CONTROL_CHARACTERS, "")
      .replace(/\\/g, "\\\\")
      .replace(/\|/g, "\\|")
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

/** A copy of `value` with every string passed through `escape`; numbers, booleans and structure unchanged. */
export function escapeStrings<T>(value: T, escape: (text: string) => string): T {
  if (typeof value === "string") return escape(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeStrings(item, escape)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeStrings(item, escape)])) as T;
  }
  return value;
}
