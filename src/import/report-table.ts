import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Fraction } from "../model/fraction.js";
import { cleanTitle, NUMBER, numberText, numberTooLong, printedNumber, WEIGHT_NOTE, type Parsed, type PublishedRow, type SourceLines } from "./published-table.js";
import { quoteLine } from "./quote-line.js";
import { joinWrappedLines } from "./scan-text.js";

/**
 * The current editions' table, with commentary (the 2025 reports):
 *
 *     Criterion  Score (2024)  Score (2023)  Performance Commentary
 *     UNDERSTANDING OF AP MINE CONTAMINATION (20% of overall score)  7  7  Cambodia reduced its estimate …
 *     …
 *     Average Score  7.2  7.6  Overall Programme Performance: GOOD
 *
 * however it was copied: with tabs between the cells (the report as text); from a PDF viewer, with a title and its
 * commentary wrapped over several lines, or each cell on a line of its own; from a web page or a Markdown file, as
 * a pipe table; from a word processor, with non-breaking spaces and Windows line ends. Each row is found by its
 * weight note, "(20% of overall score)": the title is the text of its line before the note and the lines in
 * capitals above it; the scores follow the note; the commentary runs to the next row's title, its lines joined.
 * A copy without weight notes is read a row per line, cells separated by tabs.
 */
export function parseReportTable(source: SourceLines, file: string): Parsed {
  const text = new TableText(source.lines);
  const header = /^[ \t]*Criterion\s+((?:Score\s*\(\s*\d{4}\s*\)\s*)+)(Performance\s+Commentary)?/im.exec(text.flat);
  if (!header) return undefined;
  const years = [...header[1]!.matchAll(/\d{4}/g)].map((m) => Number(m[0]));
  const hasCommentary = header[2] !== undefined;
  const bodyStart = header.index + header[0].length;
  const footer = /^[ \t]*Average\s+Score\b/im.exec(text.flat.slice(bodyStart));
  const bodyEnd = footer ? bodyStart + footer.index : text.flat.length;
  const read = WEIGHT_NOTE.test(text.flat.slice(bodyStart, bodyEnd)) ? readRowsByWeightNote : readRowsByLine;
  const { rows, diagnostics } = read(text, bodyStart, bodyEnd, years.length, hasCommentary, file);
  if (diagnostics.length > 0) return { diagnostics };
  let averages: (Fraction | undefined)[] = [];
  let rating: string | undefined;
  if (footer) {
    const summary = new RegExp(
      String.raw`Average\s+Score((?:\s+${NUMBER}(?![\d.]))*)\s*(?:Overall\s+(?:Programme\s+)?Performance\s*:\s*([A-Za-z]+(?:[ \t]+[A-Za-z]+)*))?`,
      "iyd",
    );
    summary.lastIndex = bodyEnd + (text.flat.slice(bodyEnd).length - text.flat.slice(bodyEnd).trimStart().length);
    const found = summary.exec(text.flat);
    const printed = [...(found?.[1] ?? "").matchAll(new RegExp(NUMBER, "g"))].slice(0, years.length);
    const tooLong = printed.find((m) => printedNumber(m[0]) === undefined);
    if (tooLong) return { diagnostics: [numberTooLong(tooLong[0], { file, ...text.position(found!.indices![1]![0] + tooLong.index) })] };
    averages = printed.map((m) => printedNumber(m[0])!);
    rating = found?.[2]?.trim() || undefined;
  }
  return { layout: "report", file, years, columns: years.length, rows, averages, ...(rating !== undefined && { rating }), hasCommentary };
}

type RowReader = (
  text: TableText,
  start: number,
  end: number,
  columns: number,
  hasCommentary: boolean,
  file: string,
) => { rows: PublishedRow[]; diagnostics: Diagnostic[] };

/** Rows anchored on their weight notes, whatever the line breaks between and within the cells. */
const readRowsByWeightNote: RowReader = (text, start, end, columns, hasCommentary, file) => {
  const notes = [...text.flat.slice(start, end).matchAll(new RegExp(WEIGHT_NOTE.source, "gi"))].map((m) => ({
    start: start + m.index,
    end: start + m.index + m[0].length,
  }));
  const scoresPattern = new RegExp(
    Array.from({ length: columns }, () => String.raw`\s*(${NUMBER})(?![\d.])`).join("") + String.raw`(?=\s|$)`,
    "y",
  );
  // First where each title starts, so that each commentary can run to the next title.
  const titleStarts: number[] = [];
  let floor = start;
  for (const note of notes) {
    titleStarts.push(text.titleStart(note.start, floor));
    floor = note.end;
  }
  const rows: PublishedRow[] = [];
  const diagnostics: Diagnostic[] = [];
  notes.forEach((note, index) => {
    const titleStart = titleStarts[index]!;
    const position = text.position(titleStart);
    const title = text.flat.slice(titleStart, note.end);
    scoresPattern.lastIndex = note.end;
    const scores = scoresPattern.exec(text.flat);
    const rowEnd = titleStarts[index + 1] ?? end;
    if (!scores || scoresPattern.lastIndex > rowEnd) {
      const found = text.flat.slice(note.end, rowEnd).trim().split(/\s+/).slice(0, columns).join(" ");
      diagnostics.push(diagnostic("import-bad-row", `expected ${columns} score(s) after the criterion, found: ${quoteLine(found)}`, { file, ...position }));
      return;
    }
    const tooLong = scores.slice(1, 1 + columns).find((score) => printedNumber(score!) === undefined);
    if (tooLong !== undefined) {
      diagnostics.push(numberTooLong(tooLong, { file, ...text.position(text.flat.indexOf(tooLong, note.end)) }));
      return;
    }
    const rest = joinLines(text.flat.slice(scoresPattern.lastIndex, rowEnd));
    if (!hasCommentary && rest !== "") {
      diagnostics.push(diagnostic("import-bad-row", `unexpected text after the scores of a table without commentary: ${quoteLine(rest)}`, { file, ...text.position(scoresPattern.lastIndex) }));
      return;
    }
    rows.push({
      ...cleanTitle(title),
      scores: scores.slice(1, 1 + columns).map((score) => printedNumber(score!)!),
      ...(hasCommentary && { commentary: rest }),
      ...position,
      text: text.flat.slice(titleStart, scoresPattern.lastIndex).replace(/\s+/g, " ").trim(),
    });
  });
  return { rows, diagnostics };
};

/** A copy without weight notes: one row per line, `title<TAB>score<TAB>score<TAB>commentary`. */
const readRowsByLine: RowReader = (text, start, end, columns, hasCommentary, file) => {
  const rows: PublishedRow[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { line, offset } of text.linesBetween(start, end)) {
    if (line.trim() === "") continue;
    const cells = line.split("\t");
    const printed = cells.slice(1, 1 + columns).map((cell) => numberText(cell));
    const position = text.position(offset);
    if (printed.length !== columns || printed.some((s) => s === undefined)) {
      diagnostics.push(diagnostic("import-bad-row", `expected ${columns} score(s) after the criterion, found: ${quoteLine(cells.slice(1, 1 + columns).join(" "))}`, { file, ...position }));
      continue;
    }
    const tooLong = printed.findIndex((digits) => printedNumber(digits!) === undefined);
    if (tooLong >= 0) {
      // The cell's offset in the line: the cells before it, and a tab after each.
      const cell = cells.slice(0, 1 + tooLong).reduce((length, c) => length + c.length + 1, 0);
      diagnostics.push(numberTooLong(printed[tooLong]!, { file, ...text.position(offset + cell + cells[1 + tooLong]!.indexOf(printed[tooLong]!)) }));
      continue;
    }
    const scores = printed.map((digits) => printedNumber(digits!)!);
    const commentary = joinLines(cells.slice(1 + columns).join("\t"));
    rows.push({
      ...cleanTitle(cells[0]!),
      scores,
      ...(hasCommentary && { commentary }),
      ...position,
      text: line,
    });
  }
  return { rows, diagnostics };
};

/**
 * A commentary as one paragraph: lines joined with a space (a line ending in a hyphen joins without one, keeping
 * the hyphen: "anti-\npersonnel"), tabs as spaces, and the seed's conversion artefact `\$` as `$`.
 */
function joinLines(text: string): string {
  return joinWrappedLines(text).replace(/\t+/g, " ").replace(/\\\$/g, "$");
}

/**
 * The text's lines as one string, a line per source line (so line numbers stay right), with what copies add
 * taken away: non-breaking and other fixed-width spaces become spaces; a pipe table's rows become tab-separated
 * cells and its rule rows (`|---|---:|`) blank lines.
 */
class TableText {
  readonly flat: string;
  private readonly starts: number[] = [];
  /** Where each line's text begins in its source line, for columns (a pipe table's rows lose their leading pipe). */
  private readonly shifts: number[] = [];
  constructor(lines: readonly string[]) {
    const cleaned = lines.map((line) => {
      const spaced = line.replace(/[\u00a0\u2007\u202f]/g, " ");
      if (!/^\s*\|/.test(spaced)) return { text: spaced, shift: 0 };
      if (/^\s*\|[\s|:-]*$/.test(spaced)) return { text: "", shift: 0 };
      const inner = spaced.replace(/^\s*\|/, "").replace(/\|\s*$/, "");
      const cells = inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
      const shift = spaced.length - spaced.replace(/^\s*\|\s*/, "").length;
      return { text: cells.join("\t"), shift };
    });
    let offset = 0;
    for (const { text, shift } of cleaned) {
      this.starts.push(offset);
      this.shifts.push(shift);
      offset += text.length + 1;
    }
    this.flat = cleaned.map((c) => c.text).join("\n");
  }

  private lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line]! + 1 + (offset === this.starts[line] ? this.shifts[line]! : 0) };
  }

  lineText(line: number): string {
    return this.flat.slice(this.starts[line]!, (this.starts[line + 1] ?? this.flat.length + 1) - 1);
  }

  linesBetween(start: number, end: number): { line: string; offset: number }[] {
    const result: { line: string; offset: number }[] = [];
    for (let line = this.lineOf(start); line < this.starts.length && this.starts[line]! < end; line++) {
      const from = Math.max(start, this.starts[line]!);
      result.push({ line: this.flat.slice(from, Math.min(end, this.starts[line]! + this.lineText(line).length)), offset: from });
    }
    return result;
  }

  /**
   * Where the title ending at `noteStart` begins: at the start of the note's line, or higher up where the lines
   * above are in capitals (a title wrapped by a PDF viewer), never above `floor` (the previous row's note).
   */
  titleStart(noteStart: number, floor: number): number {
    let line = this.lineOf(noteStart);
    // The note's line may hold the previous row's cells before it only in a copy that keeps rows on one line,
    // where a tab separates them; the title then starts after the last tab.
    const lineStart = this.starts[line]!;
    const before = this.flat.slice(Math.max(lineStart, floor), noteStart);
    if (before.includes("\t")) return Math.max(lineStart, floor) + before.lastIndexOf("\t") + 1;
    while (line > 0 && this.starts[line - 1]! >= floor && isTitleInCapitals(this.lineText(line - 1))) line--;
    return Math.max(this.starts[line]!, floor);
  }
}

/** A line of a title in capitals, as the reports print titles: letters, no lower case, not a bare number. */
function isTitleInCapitals(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== "" && /[A-Z]/.test(trimmed) && !/[a-z]/.test(trimmed) && !/^\s*\d/.test(trimmed);
}
