import { CST, Scalar } from "yaml";
import { criterionOf, readAssessmentCst, stringifyCst, type AssessmentCst, type Collection, type Item } from "./assessment-cst.js";
import { holdsChange, plainValue, type EditResult } from "./checked-edit.js";
import { writeCriterionValue } from "./criterion-value.js";
import { fileStyle, type FileStyle } from "./file-style.js";
import { flowToBlock } from "./flow-to-block.js";
import { scalarSource, styleOf, type TextStyle } from "./write-scalar.js";

/**
 * Sets (or adds) a criterion's commentary in one year of an assessment's text, changing only the commentary's own
 * lines. The commentary keeps the style it is written in (`>-` folded, `|` literal, quoted, plain), wrapped at the
 * width the file's other commentaries are; a new one takes the style most of the file's commentaries have (`>-`
 * in a file with none). A criterion written `{ score: 9 }` in a file whose commentaries are blocks becomes a block
 * mapping to take it. An empty commentary is written `""`. Whatever the style, the result is checked: if the file
 * would not read back as exactly this change, the commentary is written in double quotes, or not at all.
 */
export function setCommentary(text: string, year: number, criterion: string, commentary: string): EditResult {
  const before = plainValue(text);
  if (before === undefined) return { problem: "the file is not well-formed YAML; fix it first (assess validate says where)" };
  const change = { path: ["years", String(year), "criteria", criterion, "commentary"], value: commentary };
  for (const attempt of ["file style", "double quotes"] as const) {
    const cst = readAssessmentCst(text);
    if ("problem" in cst) return cst;
    const found = criterionOf(cst, year, criterion);
    if ("problem" in found) return found;
    const after = write(cst, text, found.criterion as Item & { value: Collection }, commentary, fileStyle(cst, text), attempt === "double quotes");
    if (after !== undefined && holdsChange(before, after, change)) return { text: after };
  }
  return { problem: `the commentary of '${criterion}' in ${year} could not be set without changing other lines; edit it in a text editor` };
}

function write(cst: AssessmentCst, text: string, criterion: Item & { value: Collection }, commentary: string, style: FileStyle, quoted: boolean): string | undefined {
  const existing = criterion.value.items.find((item) => keyIs(item, "commentary"))?.value;
  const block = style.commentary === Scalar.BLOCK_FOLDED || style.commentary === Scalar.BLOCK_LITERAL;
  if (!quoted && commentary !== "" && existing === undefined && criterion.value.type === "flow-collection" && block && !style.commentaryInFlow) {
    flowToBlock(criterion, text, cst.eol, style.indentStep);
  }
  const written = writeCriterionValue(
    cst,
    text,
    criterion as Item & { value: Collection },
    "commentary",
    "last",
    (place, current) => {
      if (commentary === "") return '""';
      const kept = current && !isEmpty(current) ? styleOf(current) : undefined;
      const chosen: TextStyle = quoted ? Scalar.QUOTE_DOUBLE : (kept ?? style.commentary);
      return scalarSource(commentary, chosen, quoted ? { ...place, lineWidth: 0 } : place);
    },
    style.lineWidth,
    style.indentStep,
  );
  return written ? stringifyCst(cst.tokens) : undefined;
}

function keyIs(item: Item, key: string): boolean {
  return !!item.key && CST.isScalar(item.key) && CST.resolveAsScalar(item.key, false, () => undefined)?.value === key;
}

function isEmpty(value: CST.FlowScalar | CST.BlockScalar): boolean {
  return CST.resolveAsScalar(value, false, () => undefined)?.value === "";
}
