import { CST, Parser } from "yaml";

/**
 * An assessment file as the `yaml` package's concrete syntax tree: every byte of the text is in one of its tokens
 * (comments, blank lines, indentation, quotes, line breaks), so a token changed and the tree written back with
 * CST.stringify changes exactly that token's bytes. The edits of this stage find the node they change here.
 */
export interface AssessmentCst {
  /** Every top-level token, in order: comments before the document, the document, anything after it. */
  tokens: CST.Token[];
  /** The pair `years:` of the root mapping. */
  years: CST.CollectionItem & { value: CST.BlockMap | CST.FlowCollection };
  /** The file's own line break, for text put into it. */
  eol: "\n" | "\r\n";
}

export type Collection = CST.BlockMap | CST.FlowCollection;
export type Item = CST.CollectionItem;

/** The tree of `text`, or why it cannot be edited here (it has no `years:` mapping). */
export function readAssessmentCst(text: string): AssessmentCst | { problem: string } {
  const tokens = [...new Parser().parse(text)];
  const documents = tokens.filter((token): token is CST.Document => token.type === "document");
  if (documents.length !== 1) return { problem: "the file holds more than one YAML document; edit it in a text editor" };
  const root = documents[0]!.value;
  if (root?.type !== "block-map") return { problem: "the file is not an assessment written as a mapping (programme:, framework:, years:)" };
  const years = itemOf(root, "years");
  if (!years?.value || !isCollection(years.value)) return { problem: "the file has no 'years:' mapping" };
  return { tokens, years: years as AssessmentCst["years"], eol: lineBreakOf(text) };
}

/** The text of the tree as it now is. */
export function stringifyCst(tokens: readonly CST.Token[]): string {
  return tokens.map((token) => CST.stringify(token)).join("");
}

export function isCollection(token: CST.Token | null | undefined): token is Collection {
  return token?.type === "block-map" || token?.type === "flow-collection";
}

/** The value a key token stands for (`2024`, `"gender"` → `gender`), or undefined for a key that is not a scalar. */
export function keyText(key: CST.Token | null | undefined): string | undefined {
  if (!key || !CST.isScalar(key)) return undefined;
  try {
    return CST.resolveAsScalar(key, true, () => undefined)?.value;
  } catch {
    return undefined;
  }
}

/** The item of a mapping whose key is `key` (the first, as YAML keeps the first of duplicate keys). */
export function itemOf(map: Collection, key: string): Item | undefined {
  return map.items.find((item) => keyText(item.key) === key);
}

/** The year's mapping and the criterion's value in it, or why they cannot be found. */
export function criterionOf(cst: AssessmentCst, year: number, criterion: string): { year: Item; criterion: Item } | { problem: string } {
  const yearItem = itemOf(cst.years.value, String(year));
  if (!yearItem) return { problem: `the file has no year ${year}` };
  if (!isCollection(yearItem.value)) return { problem: `${year} is not written as a mapping` };
  const criteria = itemOf(yearItem.value, "criteria");
  if (!criteria || !isCollection(criteria.value)) return { problem: `${year} has no 'criteria:' mapping` };
  const item = itemOf(criteria.value, criterion);
  if (!item) return { problem: `${year} has no criterion '${criterion}'` };
  if (!isCollection(item.value)) return { problem: `'${criterion}' of ${year} is not written as a mapping with 'score:'; edit it in a text editor` };
  return { year: yearItem, criterion: item };
}

/** The line break the file uses: CRLF when most of its lines end so, else LF. */
function lineBreakOf(text: string): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
    if (text[i - 1] === "\r") crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/** The column of a token's first character in `text`. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/** Source tokens, made up: their offsets are not used by CST.stringify. */
export const token = {
  space: (width: number): CST.SourceToken => ({ type: "space", offset: -1, indent: 0, source: " ".repeat(width) }),
  newline: (eol: string): CST.SourceToken => ({ type: "newline", offset: -1, indent: 0, source: eol }),
  colon: (): CST.SourceToken => ({ type: "map-value-ind", offset: -1, indent: 0, source: ":" }),
  comma: (): CST.SourceToken => ({ type: "comma", offset: -1, indent: 0, source: "," }),
  key: (source: string, indent: number): CST.FlowScalar => ({ type: "scalar", offset: -1, indent, source }),
};
