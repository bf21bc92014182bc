import { isMap, isScalar, isSeq, Scalar, YAMLMap, type Node, type Pair } from "yaml";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Fraction } from "../model/fraction.js";
import { parseYaml, type ParsedYaml, type SourceText } from "../parse/parse-yaml.js";
import { exactNumber } from "../validate/exact-number.js";
import { importDocument, STRINGIFY, yearNode } from "./assessment-text.js";
import type { ImportedYear } from "./read-tables.js";

export interface MergeOptions {
  /** The programme the years are of; a file of another programme is refused. */
  programme?: string;
  /** Replace years the file already has. */
  force?: boolean;
  /**
   * What to do about a year the file already has (without `force`): `refuse` the whole import (`-o FILE`), or
   * `reconcile` (`--into`): the same scores leave it unchanged, other scores are a conflict left as on file; the
   * other years are still added.
   */
  existingYears: "refuse" | "reconcile";
}

export interface MergeResult {
  /** The file's new text; absent when it was refused. */
  text?: string;
  diagnostics: Diagnostic[];
  added: number[];
  replaced: number[];
  /** Years the file has with the same scores as imported. */
  unchanged: number[];
  /** Years the file has with other scores, left as they are. */
  conflicts: number[];
}

/**
 * Adds years to an existing assessment by splicing text at the node ranges the parser reports, so that nothing
 * else in the file changes: not a comment, not a line break, not the wrapping of a commentary.
 */
export function mergeIntoAssessment(target: SourceText, imported: readonly ImportedYear[], options: MergeOptions): MergeResult {
  const parsed = parseYaml(target);
  const none = { added: [], replaced: [], unchanged: [], conflicts: [] };
  const refuse = (message: string, line = 1, column = 1): MergeResult => ({
    ...none,
    diagnostics: [...parsed.diagnostics, diagnostic("import-target-invalid", message, { file: target.file, line, column })],
  });
  if (hasErrors(parsed.diagnostics)) return refuse("the assessment to import into has errors (listed above); fix them first, it was left untouched");
  const root = parsed.document.contents;
  const yearsPair = isMap(root) ? (root.items.find((p) => isScalar(p.key) && p.key.value === "years") as Pair<Scalar, Node> | undefined) : undefined;
  const written = (parsed.value ?? {}) as { programme?: unknown; framework?: unknown; years?: Record<string, WrittenYear> };
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
  const clashes = imported.filter((y) => existing(y.year));
  if (clashes.length > 0 && !options.force && options.existingYears === "refuse") {
    return {
      ...none,
      diagnostics: clashes.map((y) =>
        diagnostic("import-year-exists", `${target.file} already has ${y.year}; nothing was written (use --force to replace it)`, {
          file: target.file,
          ...parsed.locate(["years", String(y.year)], "key"),
        }),
      ),
    };
  }
  const diagnostics: Diagnostic[] = [];
  const unchanged: number[] = [];
  const conflicts: number[] = [];
  const years = imported.filter((year) => {
    if (!existing(year.year) || options.force) return true;
    const onFile = written.years?.[String(year.year)];
    const differences = differencesFromFile(year, onFile, defaultFramework, parsed);
    if (differences.length === 0) {
      unchanged.push(year.year);
    } else {
      conflicts.push(year.year);
      diagnostics.push(
        diagnostic(
          "import-conflict",
          `${year.year}: ${year.data.source} printed other ${differences.join(", ")} than ${target.file} has${onFile?.source ? ` (from ${onFile.source})` : ""}; the year was left as on file (--force replaces it)`,
          { file: year.file, line: year.line, column: 1 },
          "warning",
        ),
      );
    }
    return false;
  });
  const result = { diagnostics, unchanged, conflicts, added: years.filter((y) => !existing(y.year)).map((y) => y.year), replaced: years.filter((y) => existing(y.year)).map((y) => y.year) };
  if (years.length === 0) return { ...result, text: target.text };

  // Splice into text that ends with a line break, in the file's own line-break style. A last line of nothing but
  // spaces, without a line break, is set aside and put back at the very end: given a line break, it would become
  // a blank line of a block that keeps its line breaks (`|+`) before it, and change that block's text.
  const eol = target.text.includes("\r\n") ? "\r\n" : "\n";
  const lastLine = target.text.slice(target.text.lastIndexOf("\n") + 1);
  const trailer = lastLine !== "" && lastLine.trim() === "" ? lastLine : "";
  const body = target.text.slice(0, target.text.length - trailer.length);
  const text = body === "" || body.endsWith("\n") ? body : `${body}${eol}`;
  const lines = new LineIndex(text);
  const document = importDocument();
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
    return { ...result, text: `${text.slice(0, start).trimEnd()}${eol}${body}${eol}${text.slice(end).replace(/^[ \t]*\r?\n/, "")}` };
  }

  const first = yearsMap.items[0];
  // Years are indented as the file indents its first one: the column its line starts at (`? 2018` included).
  const indent = first && (first.key as Node | null)?.range ? " ".repeat(lines.indentAt((first.key as Node).range![0])) : "  ";
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
      const end = Math.max(lines.endOfEntry((replaced.value as Node).range![1], indent.length), keptTextEnd(replaced.value as Node, text) ?? 0);
      edits.push({ start, end, text: `${block(year, indent, step)}${eol}`, year: year.year });
      continue;
    }
    const before = yearsMap.items.find((pair) => isScalar(pair.key) && goesBefore(Number(pair.key.value), year.year));
    const last = (yearsMap.items.at(-1)?.value as Node | undefined) ?? yearsMap;
    const position = before
      ? lines.startOfCommentsAbove(lines.lineStart((before.key as Node).range![0]), indent.length)
      : Math.max(lines.endOfEntry(last.range![1], indent.length), keptTextEnd(last, text) ?? 0);
    edits.push({ start: position, end: position, text: `${block(year, indent, step)}${eol}`, year: year.year });
  }
  // From the end backwards; of two insertions at one place, the one that must end up last goes in first.
  edits.sort((a, b) => b.start - a.start || (oldestFirst ? b.year - a.year : a.year - b.year));
  let merged = text;
  for (const edit of edits) merged = merged.slice(0, Math.min(edit.start, text.length)) + edit.text + merged.slice(Math.min(edit.end, text.length));
  merged += trailer;
  // Whatever the splice, the file's other years and keys must read exactly as before: checked, not assumed.
  const changed = changedElsewhere(parsed.value, merged, target.file, new Set(years.map((y) => String(y.year))));
  if (changed) return refuse(`adding the years would change ${changed} of the file as it reads now; nothing was written (add them by hand, or report this file)`);
  return { ...result, text: merged };
}

/** What of `before` reads differently in `after` (other than the years given), or undefined when nothing does. */
function changedElsewhere(before: unknown, after: string, file: string, years: ReadonlySet<string>): string | undefined {
  const reread = parseYaml({ file, text: after });
  if (hasErrors(reread.diagnostics)) return "the whole";
  const old = (before ?? {}) as Record<string, unknown>;
  const now = (reread.value ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (key === "years") continue;
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) return `'${key}'`;
  }
  const oldYears = (old.years ?? {}) as Record<string, unknown>;
  const newYears = (now.years ?? {}) as Record<string, unknown>;
  for (const year of Object.keys(oldYears)) {
    if (!years.has(year) && JSON.stringify(oldYears[year]) !== JSON.stringify(newYears[year])) return `year ${year}`;
  }
  return undefined;
}

interface WrittenYear {
  framework?: unknown;
  source?: unknown;
  criteria?: Record<string, { score?: unknown } | null>;
}

/** How an imported year differs from the same year on file: its framework edition, or scores, compared exactly. */
function differencesFromFile(year: ImportedYear, onFile: WrittenYear | undefined, defaultFramework: string, parsed: ParsedYaml): string[] {
  const framework = typeof onFile?.framework === "string" ? onFile.framework : defaultFramework;
  if (framework !== year.framework.id) return [`framework editions (${year.framework.id}, not ${framework})`];
  const ids = new Set([...Object.keys(year.data.criteria), ...Object.keys(onFile?.criteria ?? {})]);
  const scores = [...ids].flatMap((id) => {
    const written = Object.hasOwn(onFile?.criteria ?? {}, id) ? onFile!.criteria![id]?.score : undefined;
    // The score on file as written (7.49999999999999999 is not 7.5), where it is a number at all.
    const ours = typeof written === "number" && Number.isFinite(written) ? exactNumber(parsed, ["years", String(year.year), "criteria", id, "score"], written) : written;
    const theirs = Object.hasOwn(year.data.criteria, id) ? year.data.criteria[id]!.score : undefined;
    const same = ours instanceof Fraction && theirs !== undefined ? ours.cmp(theirs) === 0 : ours === theirs;
    return same ? [] : [`${id} ${theirs ?? "none"}, not ${ours ?? "none"}`];
  });
  return scores.length > 0 ? [`scores (${scores.join("; ")})`] : [];
}

function at(parsed: ReturnType<typeof parseYaml>, path: string[]): [number, number] {
  const { line, column } = parsed.locate(path);
  return [line, column];
}

/**
 * Where the text of a block scalar that keeps its final line breaks (`|+`, `>+`) ends, when it is the last thing in
 * `node`: its blank lines at the end are its own, not space between entries, so nothing may be put before them.
 */
function keptTextEnd(node: Node | null | undefined, text: string): number | undefined {
  let last: unknown = node;
  for (;;) {
    if (isMap(last)) last = (last.items.at(-1) as Pair | undefined)?.value ?? (last.items.at(-1) as Pair | undefined)?.key;
    else if (isSeq(last)) last = last.items.at(-1);
    else break;
  }
  if (!isScalar(last) || (last.type !== Scalar.BLOCK_LITERAL && last.type !== Scalar.BLOCK_FOLDED) || !last.range) return undefined;
  const lineEnd = text.indexOf("\n", last.range[0]);
  const header = text.slice(last.range[0], lineEnd < 0 ? text.length : lineEnd);
  return /^[|>](?:\d?\+|\+\d)/.test(header) ? last.range[1] : undefined;
}

/** How far a year's keys are indented below the year, as written in the file. */
function nestedStep(yearsMap: YAMLMap, lines: LineIndex): number | undefined {
  for (const pair of yearsMap.items) {
    const value = pair.value as Node | null;
    if (isMap(value) && !value.flow && value.items[0]?.key) {
      return lines.column((value.items[0].key as Node).range![0]) - lines.indentAt((pair.key as Node).range![0]);
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
  /** How far the line holding `offset` is indented: where its first character other than a space is. */
  indentAt(offset: number): number {
    const start = this.starts[this.lineOf(offset)]!;
    let at = start;
    while (this.text[at] === " ") at++;
    return at - start;
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
