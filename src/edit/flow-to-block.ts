import { CST } from "yaml";
import { columnOf, token, type Item } from "./assessment-cst.js";

/**
 * Rewrites a criterion written on one line as a flow mapping (`gender: { score: 9 }  # note`) as a block mapping,
 * its keys one a line below it, indented one step, the comment kept on the criterion's line:
 *
 *     gender:  # note
 *       score: 9
 *
 * so that a block commentary (`>-`) can be added to it. Only a mapping of one-line scalars is rewritten; false
 * (nothing changed) for any other.
 */
export function flowToBlock(criterion: Item, text: string, eol: string, indentStep: number): boolean {
  const flow = criterion.value;
  if (flow?.type !== "flow-collection" || flow.start.source !== "{" || flow.items.length === 0) return false;
  const simple = flow.items.every(
    (item) =>
      item.key &&
      CST.isScalar(item.key) &&
      item.key.type !== "block-scalar" &&
      item.value &&
      CST.isScalar(item.value) &&
      item.value.type !== "block-scalar" &&
      !item.value.source.includes("\n") &&
      (item.sep ?? []).every((t) => t.type === "map-value-ind" || t.type === "space") &&
      item.start.every((t) => t.type === "comma" || t.type === "space"),
  );
  const [close, ...rest] = flow.end;
  const newline = rest.findIndex((t) => t.type === "newline");
  if (!simple || close?.source !== "}" || newline !== rest.length - 1) return false;
  const sep = criterion.sep ?? [];
  const colon = sep.findIndex((t) => t.type === "map-value-ind");
  if (colon < 0 || !criterion.key) return false;
  const indent = columnOf(text, criterion.key.offset) + indentStep;
  const comment = rest.slice(0, newline);
  criterion.sep = [...sep.slice(0, colon + 1), ...comment, token.newline(eol), token.space(indent)];
  const block: CST.BlockMap = {
    type: "block-map",
    offset: flow.offset,
    indent,
    items: flow.items.map((item, i) => {
      const key = item.key as CST.FlowScalar;
      const value = item.value as CST.FlowScalar;
      return {
        start: i === 0 ? [] : [token.space(indent)],
        key: { ...key, end: [] },
        sep: [token.colon(), token.space(1)],
        value: { ...value, end: [token.newline(eol)] },
      };
    }),
  };
  criterion.value = block;
  return true;
}
