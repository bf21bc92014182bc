import { CST } from "yaml";
import { columnOf, stringifyCst, token, type AssessmentCst, type Collection, type Item } from "./assessment-cst.js";
import { replaceScalar, type ScalarPlace } from "./write-scalar.js";

/** Where a new key goes in a criterion's mapping: first (`score:`) or last (`commentary:`). */
export type KeyPosition = "first" | "last";

/**
 * Writes the value of `key` in a criterion's mapping, block (`score: 7` on its own line) or flow (`{ score: 7 }`),
 * changing only that value's tokens: a value that is there is replaced in place, an empty one (`score:`) filled in,
 * a missing key added at `position` with the mapping's own indentation or spacing. `source` gives the value's YAML
 * for its place, or undefined to leave it empty. False when the value there is not a scalar.
 */
export function writeCriterionValue(
  cst: AssessmentCst,
  text: string,
  criterion: Item & { value: Collection },
  key: string,
  position: KeyPosition,
  source: (place: ScalarPlace, existing?: CST.FlowScalar | CST.BlockScalar) => string | undefined,
  lineWidth: number,
  indentStep: number,
): boolean {
  const map = criterion.value;
  const inFlow = map.type === "flow-collection";
  const item = map.items.find((entry) => entry.key && CST.isScalar(entry.key) && keySource(entry.key) === key);
  const keyColumn = map.type === "block-map" ? map.indent : columnOf(text, map.offset);
  const place = (existing?: CST.FlowScalar | CST.BlockScalar): ScalarPlace => ({
    indent: existing ? continuationIndent(existing, text) ?? keyColumn + indentStep : keyColumn + indentStep,
    column: existing && existing.offset >= 0 ? columnOf(text, existing.offset) : keyColumn + key.length + 2,
    lineWidth,
    inFlow,
  });

  if (item?.value) {
    // An alias (`*same`) is replaced on its line like a scalar: the value its anchor names stays as it is.
    const alias = item.value.type === "alias";
    if (!CST.isScalar(item.value) && !alias) return false;
    const existing = item.value as CST.FlowScalar | CST.BlockScalar;
    const written = source(place(existing), alias ? undefined : existing);
    if (written === undefined) return emptyValue(item);
    return replaceScalar(existing, written, cst.eol);
  }
  const written = source(place());
  if (item) {
    // `score:` with nothing after it: what followed the colon (a comment, the line break) follows the value.
    if (written === undefined) return true;
    const sep = item.sep ?? [];
    const colon = sep.findIndex((t) => t.type === "map-value-ind");
    if (colon < 0) return false;
    const after = sep.slice(colon + 1);
    const value: CST.FlowScalar = { type: "scalar", offset: -1, indent: map.indent, source: "", end: after[0]?.type === "space" ? after.slice(1) : after };
    if (value.end![0]?.type === "comment") value.end!.unshift(token.space(1));
    item.sep = [...sep.slice(0, colon + 1), token.space(1)];
    item.value = value;
    return replaceScalar(value, written, cst.eol);
  }
  if (written === undefined) return true;
  const value: CST.FlowScalar = { type: "scalar", offset: -1, indent: map.indent, source: "", end: [] };
  const added = { start: [] as CST.SourceToken[], key: token.key(key, map.indent) as CST.Token, sep: [token.colon(), token.space(1)], value: value as CST.Token };
  if (map.type === "block-map") {
    value.end = [token.newline(cst.eol)];
    if (position === "first" && map.items[0]) {
      // The first key's indentation is written before the mapping (in its parent's separator); the key that was
      // first gets its own.
      map.items[0].start.unshift(token.space(map.indent));
      map.items.unshift(added);
    } else {
      added.start = [token.space(map.indent)];
      if (!stringifyCst([map]).endsWith("\n")) added.start.unshift(token.newline(cst.eol));
      map.items.push(added);
    }
  } else if (position === "first" || map.items.length === 0) {
    const first = map.items[0];
    added.start = first ? first.start : [token.space(1)];
    if (first) first.start = [token.comma(), token.space(1)];
    if (!first) value.end = [token.space(1)];
    map.items.unshift(added);
  } else {
    // The space before the closing brace moves after the new last value.
    const last = map.items.at(-1)!;
    const lastValue = (last.value ?? last.key) as { end?: CST.SourceToken[] } | null;
    added.start = [token.comma(), token.space(1)];
    if (lastValue?.end) {
      value.end = lastValue.end.filter((t) => t.type === "space");
      lastValue.end = lastValue.end.filter((t) => t.type !== "space");
    }
    map.items.push(added);
  }
  return replaceScalar(value, written, cst.eol);
}

/** `score: 7` → `score:`: the value goes, what followed it on its line stays. */
function emptyValue(item: Item): boolean {
  const value = item.value as CST.FlowScalar | CST.BlockScalar;
  const sep = item.sep ?? [];
  const colon = sep.findIndex((t) => t.type === "map-value-ind");
  if (colon < 0) return false;
  const end = value.type === "block-scalar" ? (value.props.slice(1) as CST.SourceToken[]) : (value.end ?? []);
  item.sep = [...sep.slice(0, colon + 1), ...(end[0]?.type === "comment" ? [token.space(1)] : []), ...end];
  delete item.value;
  return true;
}

/** A key as written, unquoted: `score`, `"score"` → score. */
function keySource(key: CST.FlowScalar | CST.BlockScalar): string | undefined {
  return CST.resolveAsScalar(key, false, () => undefined)?.value;
}

/**
 * How far the continuation lines of a value are indented: a block scalar's content, a plain or quoted text's
 * second line; undefined for a value on one line.
 */
function continuationIndent(value: CST.FlowScalar | CST.BlockScalar, text: string): number | undefined {
  const body = value.type === "block-scalar" ? value.source : value.source.slice(value.source.indexOf("\n") + 1);
  if (value.type !== "block-scalar" && !value.source.includes("\n")) return undefined;
  const line = body.split(/\r?\n/).find((l) => l.trim() !== "");
  if (line === undefined) return value.type === "block-scalar" ? undefined : columnOf(text, value.offset);
  return line.length - line.trimStart().length;
}
