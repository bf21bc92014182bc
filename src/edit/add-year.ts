import { CST, Parser } from "yaml";
import { isCollection, itemOf, keyText, readAssessmentCst, stringifyCst, token } from "./assessment-cst.js";
import { holdsChange, plainValue, type EditResult } from "./checked-edit.js";
import { fileStyle } from "./file-style.js";

/**
 * Adds `year` to an assessment's text, carrying every criterion's score from the year `from` (and its framework,
 * where that year names its own), each with an empty commentary to fill in (`commentary: ""`). The year goes where
 * the file keeps its years (newest first, as published, or oldest first when the file is written so), indented as
 * the file indents, laid out as `from` is (criteria on one line each, `{ score: 7, commentary: "" }`, or as
 * blocks), with a blank line around it where the file separates its years so. Every other byte stays as it was.
 */
export function addYear(text: string, year: number, from: number): EditResult {
  const before = plainValue(text);
  if (before === undefined) return { problem: "the file is not well-formed YAML; fix it first (assess validate says where)" };
  const cst = readAssessmentCst(text);
  if ("problem" in cst) return cst;
  const years = cst.years.value;
  if (years.type !== "block-map") return { problem: "'years' is written as a flow mapping ({ … }); write it as a block to add a year" };
  if (itemOf(years, String(year))) return { problem: `the file already has ${year}` };
  const source = itemOf(years, String(from));
  if (!source || !isCollection(source.value)) return { problem: `the file has no year ${from} to carry the scores from` };
  const criteria = itemOf(source.value, "criteria")?.value;
  if (!isCollection(criteria)) return { problem: `${from} has no 'criteria:' mapping to carry the scores from` };

  const step = fileStyle(cst, text).indentStep;
  const yearColumn = years.indent;
  const yearInner = source.value.type === "block-map" ? source.value.indent : yearColumn + step;
  const criterionColumn = criteria.type === "block-map" ? criteria.indent : yearInner + step;
  const entries = criteria.items.flatMap((item) => {
    if (!item.key || !CST.isScalar(item.key) || item.key.type === "block-scalar") return [];
    const value = isCollection(item.value) ? itemOf(item.value, "score")?.value : undefined;
    // A score written as an alias (`*eight`) is carried as the number its anchor stands for.
    const score = value?.type === "alias" ? anchored(cst.tokens, value) : value;
    const written = score && CST.isScalar(score) && score.type !== "block-scalar" ? score.source : "";
    return [{ key: item.key.source, score: written, value: item.value }];
  });
  const inner = entries.find((e) => e.value?.type === "block-map")?.value as CST.BlockMap | undefined;
  const criterionInner = inner?.indent ?? criterionColumn + step;
  const flows = entries.filter((e) => e.value?.type === "flow-collection").map((e) => e.value as CST.FlowCollection);
  const oneLine = entries.length > 0 && flows.length === entries.length && entries.every((e) => e.score !== "");
  const padded = flows[0]?.items[0]?.start.some((t) => t.type === "space") ?? true;
  const framework = itemOf(source.value, "framework")?.value;

  const pad = (width: number) => " ".repeat(width);
  const lines = [`${pad(yearColumn)}${year}:`];
  if (framework && CST.isScalar(framework) && framework.type !== "block-scalar") lines.push(`${pad(yearInner)}framework: ${framework.source}`);
  lines.push(`${pad(yearInner)}criteria:`);
  for (const { key, score } of entries) {
    if (oneLine) {
      lines.push(`${pad(criterionColumn)}${key}: ${padded ? `{ score: ${score}, commentary: "" }` : `{score: ${score}, commentary: ""}`}`);
    } else {
      lines.push(`${pad(criterionColumn)}${key}:`, `${pad(criterionInner)}score:${score === "" ? "" : ` ${score}`}`, `${pad(criterionInner)}commentary: ""`);
    }
  }
  const snippet = `${lines.join(cst.eol)}${cst.eol}`;
  const added = newItem(snippet);
  const expected = plainValue(snippet) as Record<string, unknown> | undefined;
  if (!added || expected === undefined) return { problem: `${year} could not be written in this file's layout; add it in a text editor` };

  place(years, added, year, yearColumn, cst.eol);
  const after = stringifyCst(cst.tokens);
  if (!holdsChange(before, after, { path: ["years", String(year)], value: expected[String(year)] })) {
    return { problem: `${year} could not be added without changing other lines; add it in a text editor` };
  }
  return { text: after };
}

type BlockItem = CST.BlockMap["items"][number];

/** The scalar an alias stands for: the last one before it given the alias's anchor (`&eight 8`), if any. */
function anchored(tokens: readonly CST.Token[], alias: CST.FlowScalar): CST.Token | undefined {
  const name = `&${alias.source.slice(1)}`;
  let found: CST.Token | undefined;
  for (const top of tokens) {
    if (top.type !== "document") continue;
    CST.visit(top, (item) => {
      const value = item.value;
      if (!value || value.offset >= alias.offset) return;
      if ((item.sep ?? item.start).some((t) => t.type === "anchor" && t.source === name)) found = value;
    });
  }
  return found;
}

/** The one pair of a snippet `  2025:\n    criteria: …`, as tokens. */
function newItem(snippet: string): BlockItem | undefined {
  const document = [...new Parser().parse(snippet)].find((t): t is CST.Document => t.type === "document");
  const map = document?.value;
  return map?.type === "block-map" && map.items.length === 1 ? map.items[0] : undefined;
}

/** Puts the new year's pair among the years, in the file's order, and moves the line breaks around it. */
function place(years: CST.BlockMap, added: BlockItem, year: number, column: number, eol: string): void {
  const order = years.items.map((item) => Number(keyText(item.key)));
  const oldestFirst = order.length > 1 && order.every((y, i) => i === 0 || y > order[i - 1]!);
  const index = order.findIndex((y) => (oldestFirst ? y > year : y < year));
  // Years separated by blank lines get one around the new year too.
  const separated = years.items.length > 1 && years.items.slice(1).every((item) => item.start[0]?.type === "newline");
  const blank = separated ? [token.newline(eol)] : [];
  if (index < 0) {
    added.start = [...blank, token.space(column)];
    if (!stringifyCst([years]).endsWith("\n")) added.start.unshift(token.newline(eol));
    years.items.push(added);
    return;
  }
  const next = years.items[index]!;
  if (index === 0) {
    // The first year's indentation is written before the mapping: the new year takes it, the old first its own.
    added.start = [];
    next.start = [...blank, token.space(column), ...next.start];
  } else {
    // Comments right above the next year are its own: the new year goes above them, after any blank lines.
    const cut = commentsAbove(next.start, column);
    added.start = [...next.start.slice(0, cut), token.space(column)];
    next.start = [...blank, ...next.start.slice(cut)];
  }
  years.items.splice(index, 0, added);
}

/**
 * Where the comment lines directly above a key begin in its start tokens (or where its own indentation begins):
 * comments indented no deeper than the key are taken to be about it; blank lines and deeper comments are not.
 */
function commentsAbove(start: readonly CST.SourceToken[], column: number): number {
  const lines: number[] = [0];
  start.forEach((t, i) => {
    if (t.type === "newline") lines.push(i + 1);
  });
  let cut = lines.at(-1)!;
  for (let line = lines.length - 2; line >= 0; line--) {
    const tokens = start.slice(lines[line], lines[line + 1]);
    const comment = tokens.find((t) => t.type === "comment");
    const indent = tokens[0]?.type === "space" ? tokens[0].source.length : 0;
    if (!comment || indent > column || tokens.some((t) => t.type !== "space" && t.type !== "comment" && t.type !== "newline")) break;
    cut = lines[line]!;
  }
  return cut;
}

