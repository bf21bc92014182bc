import { Document, isMap, isScalar, Scalar, YAMLMap, type Node, type Pair } from "yaml";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Framework } from "../model.js";
import { parseYaml, type SourceText } from "../parse/parse-yaml.js";
import type { WrittenAssessmentYear } from "../validate/assessment-schema.js";
import type { PublishedTable } from "./published-table.js";
import { readPublishedTable } from "./read-published-table.js";
import { recogniseFramework } from "./recognise-framework.js";

export interface ImportOptions {
  /** The assessed year of a table that prints none (web pages, profiles); its latest column's year. */
  year?: number;
  programme?: string;
  /** Skip recognition and use this framework edition. */
  frameworkId?: string;
  /** Replace years the target file already has. */
  force?: boolean;
  /** Where the tables were published, kept as each year's `source`; default: the file's name. */
  source?: string;
}

export interface ImportResult {
  /** The assessment's new text, when there were no errors. */
  text?: string;
  diagnostics: Diagnostic[];
  /** One line per imported year, for the user: "2022: ctm-2019, 7 criteria, average 5.8 (bih-ctm2023.txt)". */
  summary: string[];
}

interface ImportedYear {
  year: number;
  framework: Framework;
  data: WrittenAssessmentYear;
  file: string;
  line: number;
}

/**
 * Reads published tables and writes them as an assessment: a new one, or added to `target` (an existing
 * assessment's text), leaving every other year, comment and key order of it byte for byte as it was. A year the
 * target already has is replaced only with `force`. Pure: texts in, text out.
 */
export function importTables(
  inputs: readonly SourceText[],
  frameworks: readonly Framework[],
  options: ImportOptions = {},
  target?: SourceText,
): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const imported: ImportedYear[] = [];
  let namedProgramme: string | undefined;
  for (const input of inputs) {
    const { table, diagnostics: found } = readPublishedTable(input.text, input.file);
    diagnostics.push(...found);
    if (!table) continue;
    namedProgramme ??= table.programme;
    const { recognised, diagnostics: unmatched } = recogniseFramework(table, frameworks, { ...(options.frameworkId !== undefined && { forcedId: options.frameworkId }) });
    diagnostics.push(...unmatched);
    if (!recognised) continue;
    const years = yearsOf(table, options.year, diagnostics);
    if (!years) continue;
    years.forEach((year, column) => {
      const data = yearData(table, recognised.criteria.map((c) => c.id), column, options.source);
      const clash = imported.find((other) => other.year === year);
      if (clash && JSON.stringify(clash.data.criteria) !== JSON.stringify(data.criteria)) {
        diagnostics.push(
          diagnostic("import-year-conflict", `${year} is also in ${clash.file} with different scores; import one of them`, { file: table.file, line: table.rows[0]?.line ?? 1, column: 1 }),
        );
      } else if (!clash) {
        imported.push({ year, framework: recognised.framework, data, file: table.file, line: table.rows[0]?.line ?? 1 });
      }
    });
  }
  if (hasErrors(diagnostics)) return { diagnostics, summary: [] };
  imported.sort((a, b) => b.year - a.year);
  const summary = imported.map(
    ({ year, framework, data, file }) =>
      `${year}: ${framework.id}, ${Object.keys(data.criteria).length} criteria` +
      (data.published?.average !== undefined ? `, printed average ${data.published.average}` : "") +
      (data.published?.rating ? ` ${data.published.rating}` : "") +
      ` (${file})`,
  );
  if (target) {
    const merged = mergeIntoAssessment(target, imported, { ...options, programme: options.programme ?? namedProgramme });
    return { ...merged, diagnostics: [...diagnostics, ...merged.diagnostics], summary: merged.text === undefined ? [] : summary };
  }
  const programme = options.programme ?? namedProgramme;
  if (!programme) {
    return {
      diagnostics: [diagnostic("import-no-programme", "the table does not name its programme; give --programme NAME (or -o an existing assessment)", { file: inputs[0]?.file ?? "" })],
      summary: [],
    };
  }
  return { text: newAssessmentText(programme, imported, inputs), diagnostics, summary };
}

/** The table's years, latest first: printed ones, else --year and the years before it. */
function yearsOf(table: PublishedTable, year: number | undefined, diagnostics: Diagnostic[]): number[] | undefined {
  const where = { file: table.file, line: table.rows[0]?.line ?? 1, column: 1 };
  if (table.years.length > 0) {
    if (year !== undefined && year !== table.years[0]) {
      diagnostics.push(diagnostic("import-year-conflict", `the table prints ${table.years.join(" and ")}, but --year says ${year}; leave --year out`, where));
      return undefined;
    }
    return table.years;
  }
  if (year === undefined) {
    diagnostics.push(
      diagnostic("import-no-year", "the table prints no year; give the assessed year with --year (a report published in 2023 assesses 2022)", where),
    );
    return undefined;
  }
  return Array.from({ length: table.columns }, (_, i) => year - i);
}

function yearData(table: PublishedTable, criterionIds: string[], column: number, source?: string): WrittenAssessmentYear {
  const latest = column === 0;
  const average = table.averages[column];
  // A table with two score columns prints one rating, the latest year's.
  const rating = latest ? table.rating?.trim().toUpperCase() : undefined;
  const criteria = Object.fromEntries(
    table.rows.map((row, index) => [
      criterionIds[index]!,
      { score: row.scores[column]!, ...(latest && row.commentary ? { commentary: row.commentary } : {}) },
    ]),
  );
  return {
    source: source ?? fileName(table.file),
    ...((average !== undefined || rating) && {
      published: { ...(average !== undefined && { average }), ...(rating && { rating }) },
    }),
    // Only the latest column of a published table carries commentary.
    ...((!table.hasCommentary || !latest) && { commentary: "not-printed" as const }),
    criteria,
  };
}

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** YAML for one year's value, keys in the order people read them. */
function yearNode(document: Document, year: ImportedYear, defaultFramework: string): Node {
  const { data } = year;
  const node = new YAMLMap();
  if (year.framework.id !== defaultFramework) node.add(document.createPair("framework", year.framework.id));
  if (data.source !== undefined) node.add(document.createPair("source", data.source));
  if (data.published) {
    const published = document.createNode(data.published) as YAMLMap;
    published.flow = true;
    node.add(document.createPair("published", published));
  }
  if (data.commentary !== undefined) node.add(document.createPair("commentary", data.commentary));
  const criteria = new YAMLMap();
  for (const [id, entry] of Object.entries(data.criteria)) {
    const value = new YAMLMap();
    value.add(document.createPair("score", entry.score));
    if (entry.commentary) {
      const text = new Scalar(entry.commentary);
      text.type = Scalar.BLOCK_FOLDED;
      value.add(document.createPair("commentary", text));
    } else {
      value.flow = true;
    }
    criteria.add(document.createPair(id, value));
  }
  node.add(document.createPair("criteria", criteria));
  return node;
}

const STRINGIFY = { lineWidth: 110, minContentWidth: 40 } as const;

function newAssessmentText(programme: string, years: ImportedYear[], inputs: readonly SourceText[]): string {
  const defaultFramework = years[0]!.framework.id;
  const document = new Document();
  const root = new YAMLMap();
  root.add(document.createPair("programme", programme));
  root.add(document.createPair("framework", defaultFramework));
  const yearsMap = new YAMLMap();
  for (const year of years) yearsMap.add(document.createPair(year.year, yearNode(document, year, defaultFramework)));
  root.add(document.createPair("years", yearsMap));
  document.contents = root;
  document.commentBefore = ` ${programme}: imported by assess import from ${inputs.map((i) => fileName(i.file)).join(", ")}.`;
  return document.toString(STRINGIFY);
}

/**
 * Adds years to an existing assessment by splicing text at the node ranges the parser reports, so that nothing
 * else in the file changes: not a comment, not a line break, not the wrapping of a commentary.
 */
function mergeIntoAssessment(target: SourceText, years: ImportedYear[], options: ImportOptions): { text?: string; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(target);
  const refuse = (message: string, line = 1, column = 1) => ({
    diagnostics: [...parsed.diagnostics, diagnostic("import-target-invalid", message, { file: target.file, line, column })],
  });
  if (hasErrors(parsed.diagnostics)) return refuse("the assessment to import into has errors (listed above); fix them first, it was left untouched");
  const root = parsed.document.contents;
  const yearsPair = isMap(root) ? (root.items.find((p) => isScalar(p.key) && p.key.value === "years") as Pair<Scalar, Node> | undefined) : undefined;
  const written = (parsed.value ?? {}) as { programme?: unknown; framework?: unknown };
  const programme = written.programme;
  const defaultFramework = written.framework;
  if (!yearsPair || !isMap(yearsPair.value) || typeof defaultFramework !== "string") {
    return refuse("the file to import into is not an assessment with 'programme', 'framework' and 'years'; it was left untouched");
  }
  if (options.programme !== undefined && String(programme).toLowerCase() !== options.programme.toLowerCase()) {
    return refuse(`the file is the assessment of ${String(programme)}, not ${options.programme}; it was left untouched`, ...at(parsed, ["programme"]));
  }
  const yearsMap = yearsPair.value;
  const existing = (year: number) => yearsMap.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(year));
  const clashes = years.filter((y) => existing(y.year));
  if (clashes.length > 0 && !options.force) {
    return {
      diagnostics: clashes.map((y) =>
        diagnostic("import-year-exists", `${target.file} already has ${y.year}; nothing was written (use --force to replace it)`, {
          file: target.file,
          ...parsed.locate(["years", String(y.year)], "key"),
        }),
      ),
    };
  }

  // Splice into text that ends with a line break, in the file's own line-break style.
  const eol = target.text.includes("\r\n") ? "\r\n" : "\n";
  const text = target.text === "" || target.text.endsWith("\n") ? target.text : `${target.text}${eol}`;
  const lines = new LineIndex(text);
  const document = new Document();
  const block = (year: ImportedYear, indent: string, step: number) => {
    const map = new YAMLMap();
    map.add(document.createPair(year.year, yearNode(document, year, defaultFramework)));
    document.contents = map;
    return document
      .toString({ ...STRINGIFY, indent: step })
      .split("\n")
      .filter((line, i, all) => i < all.length - 1 || line !== "")
      .map((line) => (line === "" ? line : indent + line))
      .join(eol);
  };

  if (yearsMap.flow) {
    if (yearsMap.items.length > 0) return refuse("'years' is written as a flow mapping ({ … }); write it as a block to import into it");
    // `years: {}` (a new assessment): the block replaces the braces.
    const keyColumn = lines.column(yearsPair.key.range![0]);
    const [start, end] = yearsMap.range!;
    const body = years.map((year) => block(year, " ".repeat(keyColumn + 2), 2)).join(eol);
    return { text: `${text.slice(0, start).trimEnd()}${eol}${body}${eol}${text.slice(end).replace(/^[ \t]*\r?\n/, "")}`, diagnostics: [] };
  }

  const first = yearsMap.items[0];
  const indent = first ? " ".repeat(lines.column(first.key && (first.key as Node).range ? (first.key as Node).range![0] : 0)) : "  ";
  const step = nestedStep(yearsMap, lines) ?? 2;
  // Keep the file's own order of years: newest first (as published) unless it is written oldest first.
  const order = yearsMap.items.map((pair) => Number(isScalar(pair.key) ? pair.key.value : NaN));
  const oldestFirst = order.length > 1 && order.every((year, i) => i === 0 || year > order[i - 1]!);
  const goesBefore = (existingYear: number, newYear: number) => (oldestFirst ? existingYear > newYear : existingYear < newYear);
  // Edits are applied from the end of the file backwards so earlier offsets stay valid.
  const edits: { start: number; end: number; text: string; year: number }[] = [];
  for (const year of years) {
    const replaced = existing(year.year);
    if (replaced) {
      const start = lines.lineStart((replaced.key as Node).range![0]);
      const end = lines.endOfEntry((replaced.value as Node).range![1], indent.length);
      edits.push({ start, end, text: `${block(year, indent, step)}${eol}`, year: year.year });
      continue;
    }
    const before = yearsMap.items.find((pair) => isScalar(pair.key) && goesBefore(Number(pair.key.value), year.year));
    const position = before
      ? lines.startOfCommentsAbove(lines.lineStart((before.key as Node).range![0]), indent.length)
      : lines.endOfEntry(((yearsMap.items.at(-1)?.value as Node | undefined) ?? yearsMap).range![1], indent.length);
    edits.push({ start: position, end: position, text: `${block(year, indent, step)}${eol}`, year: year.year });
  }
  // From the end backwards; of two insertions at one place, the one that must end up last goes in first.
  edits.sort((a, b) => b.start - a.start || (oldestFirst ? b.year - a.year : a.year - b.year));
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return { text: result, diagnostics: [] };
}

function at(parsed: ReturnType<typeof parseYaml>, path: string[]): [number, number] {
  const { line, column } = parsed.locate(path);
  return [line, column];
}

/** How far a year's keys are indented below the year, as written in the file. */
function nestedStep(yearsMap: YAMLMap, lines: LineIndex): number | undefined {
  for (const pair of yearsMap.items) {
    const value = pair.value as Node | null;
    if (isMap(value) && !value.flow && value.items[0]?.key) {
      return lines.column((value.items[0].key as Node).range![0]) - lines.column((pair.key as Node).range![0]);
    }
  }
  return undefined;
}

/** Offsets to line starts and ends, for splicing whole lines. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.starts.push(i + 1);
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
  column(offset: number): number {
    return offset - this.starts[this.lineOf(offset)]!;
  }
  lineStart(offset: number): number {
    return this.starts[this.lineOf(offset)]!;
  }
  /**
   * The start of the line after an entry's own last line. A node's range can run on over blank lines and the
   * comments above the next key (and into that key's indentation); those belong to what follows, so the entry
   * ends at its last line that is content, or a comment indented deeper than `column`.
   */
  endOfEntry(valueEnd: number, column: number): number {
    let line = this.lineOf(Math.max(0, valueEnd - 1));
    if (this.text.slice(this.starts[line]!, valueEnd).trim() === "") line--;
    while (line > 0) {
      const text = this.text.slice(this.starts[line]!, this.starts[line + 1] ?? this.text.length);
      const indent = text.length - text.trimStart().length;
      if (text.trim() !== "" && !(text.trim().startsWith("#") && indent <= column)) break;
      line--;
    }
    return this.starts[line + 1] ?? this.text.length;
  }
  /**
   * Moves a line start up over the comment lines directly above it that belong to what follows them: those
   * indented no deeper than `column` (a deeper one ends the previous entry).
   */
  startOfCommentsAbove(lineStart: number, column: number): number {
    let line = this.lineOf(lineStart);
    while (line > 0) {
      const previous = this.text.slice(this.starts[line - 1]!, this.starts[line]!);
      const indent = previous.length - previous.trimStart().length;
      if (!previous.trim().startsWith("#") || indent > column) break;
      line--;
    }
    return this.starts[line]!;
  }
}
