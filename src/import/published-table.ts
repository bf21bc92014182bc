import { LineCounter } from "yaml";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Fraction } from "../model/fraction.js";
import { MAX_NUMBER_LENGTH } from "../validate/exact-number.js";
import { quoteLine } from "./quote-line.js";
import { isNumberText, isWhitespace, trailingNumber, trimEndOf, words } from "./scan-text.js";

/**
 * A published performance table as read from copied text, before any framework is known: the printed rows with
 * their scores, and what the table printed about its years, averages and rating. Every number is read exactly from
 * its printed digits, never through a double: a printed 5.0000000000000001 is not 5.
 */
export interface PublishedTable {
  layout: TableLayout;
  file: string;
  /** Years printed in the header, latest first; empty when the table prints none (web pages, profiles). */
  years: number[];
  /** Number of score columns. */
  columns: number;
  rows: PublishedRow[];
  /** The printed average of each column, where printed. */
  averages: (Fraction | undefined)[];
  /** The printed rating label (of the latest column), as printed. */
  rating?: string;
  /** The programme, when the text names it (the seed's first line). */
  programme?: string;
  /** Whether the table has a commentary column at all. */
  hasCommentary: boolean;
}

export type TableLayout = "report" | "web" | "pdf" | "profile";

/** What each layout looks like, for the message that none was found. */
export const LAYOUT_NAMES: Record<TableLayout, string> = {
  report: "the 2025 reports' table with commentary (Criterion / Score (2024) / … / Average Score), however copied",
  web: "web page list (Performance Criterion / Indicator … Performance score)",
  pdf: "PDF text extraction (PROGRAMME PERFORMANCE … PERFORMANCE SCORE)",
  profile: "Landmine Monitor 2014 country profile (one value per line)",
};

/** The layout in a year's source: "Clearing the Mines 2021 (web page)". */
export const LAYOUT_SOURCE_NAMES: Record<TableLayout, string> = {
  report: "report table",
  web: "web page",
  pdf: "PDF text",
  profile: "Landmine Monitor profile",
};

export interface PublishedRow {
  /** The criterion's name as printed, without weight note, footnote marks or bullets. */
  title: string;
  /** The printed weight in percent, when the row says "(20% of overall score)". */
  weight?: Fraction;
  scores: Fraction[];
  commentary?: string;
  /** Where the row starts in the source, 1-based. */
  line: number;
  column: number;
  /** The source text of the row, for messages. */
  text: string;
}

export const NUMBER = String.raw`\d+(?:\.\d+)?`;
/** "(20% of overall score)", also when a copy breaks it over lines. */
export const WEIGHT_NOTE = new RegExp(String.raw`\(\s*(${NUMBER})\s*%\s*of\s+(?:the\s+)?overall\s+score\s*\)`, "i");
const FOOTNOTE = /\[\d+\]|\^\{?[\d*]+\}?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g;

export type Parsed = Omit<PublishedTable, "programme"> | { diagnostics: Diagnostic[] } | undefined;

/** The text with its line starts, so any character offset can be turned into line:column. */
export class SourceLines {
  readonly lines: string[];
  private readonly counter = new LineCounter();
  constructor(readonly text: string) {
    this.lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    let offset = 0;
    for (const line of text.split("\n")) {
      this.counter.addNewLine(offset);
      offset += line.length + 1;
    }
  }
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.counter.linePos(offset);
    return { line, column: col };
  }
}

/**
 * Title text as printed, cleaned of what copies add: weight note, footnote marks, bullets, pipes. A weight note whose
 * number is too long to be a weight (see printedNumber) is left in the title, which then matches no criterion.
 */
export function cleanTitle(raw: string): { title: string; weight?: Fraction } {
  const printed = WEIGHT_NOTE.exec(raw)?.[1];
  const weight = printed === undefined ? undefined : printedNumber(printed);
  const title = trimEndOf(
    (weight === undefined ? raw : raw.replace(WEIGHT_NOTE, ""))
      .replace(FOOTNOTE, "")
      .replace(/^[\s•·*\-–|]+/, ""),
    (c) => isWhitespace(c) || c === "|" || c === ":",
  )
    .replace(/\s+/g, " ")
    .trim();
  return weight === undefined ? { title } : { title, weight };
}

/** The PDF extraction: `PROGRAMME PERFORMANCE 2017 2016 <criterion> <score> <score> … PERFORMANCE SCORE: AVERAGE 5.5 5.2`. */
export function parsePdfTable(source: SourceLines, file: string): Parsed {
  // Line breaks become spaces: the text keeps its length, so offsets still point into the original.
  const flat = source.text.replace(/[\r\n]/g, " ");
  // The year header in each printed form: "2017 2016", "For 2016 For 2015".
  const header = /PROGRAMME PERFORMANCE((?:\s+(?:For\s+)?\d{4})+)\s+/i.exec(flat);
  if (!header) return undefined;
  const years = [...header[1]!.matchAll(/\d{4}/g)].map((m) => Number(m[0]));
  const end = /PERFORMANCE SCORE\s*:?/i.exec(flat.slice(header.index + header[0].length));
  const bodyStart = header.index + header[0].length;
  const bodyEnd = end ? bodyStart + end.index : flat.length;
  // Word by word: a title runs until the first words that are its scores, one per year, followed by the next title
  // (which starts with a capital: "… Article 5 compliance 6 7 Next …") or by the end of the table.
  const tokens = words(flat, bodyStart, bodyEnd);
  const columns = years.length;
  const rows: PublishedRow[] = [];
  let next = 0;
  while (next < tokens.length) {
    let scoresAt = -1;
    for (let candidate = next + 1; candidate + columns <= tokens.length; candidate++) {
      const follower = tokens[candidate + columns];
      if (tokens.slice(candidate, candidate + columns).every((t) => isNumberText(t.word)) && (!follower || /^[A-Z]/.test(follower.word))) {
        scoresAt = candidate;
        break;
      }
      // Only a number can start the scores: the search skips ahead to the next one.
      while (candidate + 1 < tokens.length && !isNumberText(tokens[candidate + 1]!.word)) candidate++;
    }
    if (scoresAt < 0) {
      const rest = flat.slice(tokens[next]!.at, bodyEnd).trim();
      return {
        diagnostics: [
          diagnostic("import-bad-row", `cannot read ${quoteLine(rest)} as a criterion followed by ${columns} score(s)`, { file, ...source.position(tokens[next]!.at) }),
        ],
      };
    }
    const first = tokens[next]!;
    const last = tokens[scoresAt + columns - 1]!;
    const printed = tokens.slice(scoresAt, scoresAt + columns);
    const tooLong = printed.find((t) => printedNumber(t.word) === undefined);
    if (tooLong) return { diagnostics: [numberTooLong(tooLong.word, { file, ...source.position(tooLong.at) })] };
    rows.push({
      ...cleanTitle(flat.slice(first.at, tokens[scoresAt - 1]!.at + tokens[scoresAt - 1]!.word.length)),
      scores: printed.map((t) => printedNumber(t.word)!),
      ...source.position(first.at),
      text: flat.slice(first.at, last.at + last.word.length),
    });
    next = scoresAt + columns;
  }
  let averages: (Fraction | undefined)[] = [];
  let rating: string | undefined;
  if (end) {
    // "AVERAGE 5.5 5.2", "5.5 5.2", or the label alone ("POOR"): words, then numbers, to the end of the line.
    const from = bodyEnd + end[0].length;
    const lineEnd = source.text.indexOf("\n", from);
    const summary = words(source.text, from, lineEnd < 0 ? source.text.length : lineEnd);
    const label = summary.findIndex(({ word }) => !/^[A-Za-z]+$/.test(word));
    const numbers = label < 0 ? [] : summary.slice(label);
    if (numbers.every(({ word }) => isNumberText(word))) {
      const tooLong = numbers.find(({ word }) => printedNumber(word) === undefined);
      if (tooLong) return { diagnostics: [numberTooLong(tooLong.word, { file, ...source.position(tooLong.at) })] };
      rating = summary.slice(0, label < 0 ? summary.length : label).map(({ word }) => word).join(" ") || undefined;
      averages = numbers.map(({ word }) => printedNumber(word)!);
    }
  }
  return { layout: "pdf", file, years, columns: years.length, rows, averages, ...(rating !== undefined && { rating }), hasCommentary: false };
}

/** Landmine Monitor 2014: `Overall Mine Action Performance: POOR[1]`, then one value per line, `MINE ACTION PERFORMANCE SCORE`, the average. */
export function parseProfileTable(source: SourceLines, file: string): Parsed {
  const scoreLine = source.lines.findIndex((line) => /^\s*MINE ACTION PERFORMANCE SCORE\s*$/i.test(line));
  if (scoreLine < 0) return undefined;
  const headerLine = source.lines.findIndex((line) => /^\s*Performance Indicator\s*$/i.test(line));
  const values = source.lines
    .map((text, index) => ({ text: text.trim(), line: index + 1 }))
    .slice(headerLine + 1, scoreLine)
    .filter(({ text }) => text !== "" && !/^Score$/i.test(text));
  const rows: PublishedRow[] = [];
  for (let index = 0; index < values.length; index += 2) {
    const title = values[index]!;
    const score = values[index + 1];
    const digits = score && numberText(score.text);
    if (!score || digits === undefined) {
      return { diagnostics: [diagnostic("import-bad-row", `expected a score on the line after ${quoteLine(title.text)}`, { file, line: (score ?? title).line, column: 1 })] };
    }
    const value = printedNumber(digits);
    if (value === undefined) return { diagnostics: [numberTooLong(digits, { file, line: score.line, column: source.lines[score.line - 1]!.indexOf(digits) + 1 })] };
    rows.push({ ...cleanTitle(title.text), scores: [value], line: title.line, column: 1, text: `${title.text} ${score.text}` });
  }
  const averageLine = source.lines.findIndex((line, index) => index > scoreLine && line.trim() !== "");
  const averageDigits = averageLine < 0 ? undefined : numberText(source.lines[averageLine]!);
  const average = averageDigits === undefined ? undefined : printedNumber(averageDigits);
  if (averageDigits !== undefined && average === undefined) return { diagnostics: [numberTooLong(averageDigits, { file, line: averageLine + 1, column: source.lines[averageLine]!.indexOf(averageDigits) + 1 })] };
  const rating = source.lines.map((line) => /Overall Mine Action Performance:\s*([A-Za-z ]+)/i.exec(line)?.[1]?.trim()).find(Boolean);
  return {
    layout: "profile",
    file,
    years: [],
    columns: 1,
    rows,
    averages: [average],
    ...(rating !== undefined && { rating }),
    hasCommentary: false,
  };
}

/** Web pages: `Performance Criterion Score` (or `| Score |`), one line per criterion ending in its score, `Performance score N.N`. */
export function parseWebTable(source: SourceLines, file: string): Parsed {
  const header = source.lines.findIndex((line) => /^\s*(?:\|\s*)?Performance (?:Criterion|Indicator)\s*(?:\|\s*)?Score\s*(?:\|\s*)?$/i.test(line));
  if (header < 0) return undefined;
  const rows: PublishedRow[] = [];
  let average: Fraction | undefined;
  for (let index = header + 1; index < source.lines.length; index++) {
    const line = source.lines[index]!;
    if (line.trim() === "" || /^\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*(?:\|\s*)?$/.test(line)) continue;
    const cells = line.replace(/\|\s*$/, "").replace(/^\s*\|/, "").replace(/\|/g, " ");
    const total = new RegExp(String.raw`^\s*Performance score\s+(${NUMBER})\s*$`, "i").exec(cells);
    if (total) {
      average = printedNumber(total[1]!);
      if (average === undefined) return { diagnostics: [numberTooLong(total[1]!, { file, line: index + 1, column: line.lastIndexOf(total[1]!) + 1 })] };
      break;
    }
    const row = trailingNumber(cells);
    if (!row) {
      return { diagnostics: [diagnostic("import-bad-row", `expected a criterion followed by its score, found ${quoteLine(line)}`, { file, line: index + 1, column: 1 })] };
    }
    const score = printedNumber(row.number);
    if (score === undefined) return { diagnostics: [numberTooLong(row.number, { file, line: index + 1, column: line.lastIndexOf(row.number) + 1 })] };
    rows.push({ ...cleanTitle(row.before), scores: [score], line: index + 1, column: 1, text: line.trim() });
  }
  // The header block names the rating on some pages: "• Performance" then the label on a later line.
  let rating: string | undefined;
  const performance = source.lines.slice(0, header).findIndex((line) => /^\W*Performance\s*$/.test(line));
  if (performance >= 0) {
    rating = source.lines
      .slice(performance + 1, header)
      .map((line) => line.trim())
      .find((line) => /^[A-Za-z][A-Za-z ]*$/.test(line));
  }
  return { layout: "web", file, years: [], columns: 1, rows, averages: [average], ...(rating !== undefined && { rating }), hasCommentary: false };
}

/** The digits of a cell that holds a score or average and nothing else: "7", "5.8", "*4" (a footnoted value). */
export function numberText(text: string): string | undefined {
  return new RegExp(String.raw`^\s*\*?(${NUMBER})\s*$`).exec(text)?.[1];
}

/**
 * A printed number exactly as its digits say, never through a double: "5.8" is 29/5, and "5.0000000000000001" is
 * not 5. Undefined when it is longer than a number in an assessment may be (MAX_NUMBER_LENGTH characters): no
 * table prints one, and reading a copy's run of a million digits would take time without end.
 */
export function printedNumber(digits: string): Fraction | undefined {
  return digits.length <= MAX_NUMBER_LENGTH ? Fraction.parse(digits) : undefined;
}

/** The error for a printed number longer than any score, weight or average (see printedNumber), quoting its start. */
export function numberTooLong(digits: string, where: { file: string; line: number; column: number }): Diagnostic {
  return diagnostic(
    "import-bad-row",
    `the printed number ${quoteLine(digits)} has ${digits.length} characters, more than any score or average (at most ${MAX_NUMBER_LENGTH}); check the copy against the published table`,
    where,
  );
}

/** A first line in capitals that is a name, not a heading of the table: "CAMBODIA" → "Cambodia". */
export function programmeNamedIn(source: SourceLines): string | undefined {
  // A Markdown copy may make it a heading ("# CAMBODIA").
  const first = source.lines.find((line) => line.trim() !== "")?.trim().replace(/^#+\s*/, "");
  if (!first || first.length > 40 || !/^[A-Z][A-Z .'’-]*$/.test(first)) return undefined;
  if (/PERFORMANCE|ARTICLE|DEADLINE|CRITERION|SCORE/.test(first)) return undefined;
  const small = new Set(["and", "of", "the"]);
  return first
    .toLowerCase()
    .split(" ")
    .map((word, index) => (index > 0 && small.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(" ");
}
