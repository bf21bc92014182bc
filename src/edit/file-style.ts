import { CST, Scalar } from "yaml";
import { STRINGIFY } from "../import/assessment-text.js";
import { columnOf, isCollection, itemOf, type AssessmentCst } from "./assessment-cst.js";
import { styleOf, type TextStyle } from "./write-scalar.js";

/** How a file writes its criteria's commentary, so that a new one is written the same way. */
export interface FileStyle {
  /** The style most of its commentaries are written in (`>-` for a file without any, as `assess import` writes). */
  commentary: TextStyle;
  /** Whether most of its commentaries sit inside `{ score: …, commentary: … }`. */
  commentaryInFlow: boolean;
  /** The width its folded commentaries are wrapped at; 0 when it keeps each on one line, however long. */
  lineWidth: number;
  /** How far a mapping's keys are indented below their parent's key. */
  indentStep: number;
}

/**
 * The file's own habits, read from its criteria: the commonest commentary style, the longest line of a wrapped
 * commentary (the width it was wrapped at), and its indentation step.
 */
export function fileStyle(cst: AssessmentCst, text: string): FileStyle {
  const counts = new Map<string, number>();
  let wrapped = 0;
  let longestSingle = 0;
  let indentStep: number | undefined;
  for (const year of cst.years.value.items) {
    if (!isCollection(year.value)) continue;
    if (indentStep === undefined && year.value.type === "block-map" && year.key) indentStep = year.value.indent - columnOf(text, year.key.offset);
    const criteria = itemOf(year.value, "criteria")?.value;
    if (!isCollection(criteria)) continue;
    for (const criterion of criteria.items) {
      if (!isCollection(criterion.value)) continue;
      const value = itemOf(criterion.value, "commentary")?.value;
      const style = value && styleOf(value);
      if (!value || !style || !CST.isScalar(value)) continue;
      const resolved = CST.resolveAsScalar(value, false, () => undefined);
      if (!resolved || resolved.value === "") continue;
      const key = `${style} ${criterion.value.type === "flow-collection"}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const lines = lineLengths(value, text);
      const longest = lines.reduce((a, b) => Math.max(a, b), 0);
      if (lines.length > 1 && style !== Scalar.BLOCK_LITERAL) wrapped = Math.max(wrapped, longest);
      else longestSingle = Math.max(longestSingle, longest);
    }
  }
  const commonest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const [style, inFlow] = commonest ? commonest.split(" ") : [Scalar.BLOCK_FOLDED, "false"];
  const lineWidth = wrapped > 0 ? wrapped : longestSingle > STRINGIFY.lineWidth ? 0 : STRINGIFY.lineWidth;
  return { commentary: style as TextStyle, commentaryInFlow: inFlow === "true", lineWidth, indentStep: indentStep && indentStep > 0 ? indentStep : 2 };
}

/** The length of each line a scalar's text takes in the file, counted from the start of the line. */
function lineLengths(value: CST.FlowScalar | CST.BlockScalar, text: string): number[] {
  const lines = value.source.split(/\r?\n/);
  if (value.type === "block-scalar") return lines.filter((line) => line.trim() !== "").map((line) => line.length);
  return lines.map((line, i) => (i === 0 ? columnOf(text, value.offset) + line.length : line.length));
}
