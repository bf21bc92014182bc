import { criterionOf, readAssessmentCst, stringifyCst, type Collection, type Item } from "./assessment-cst.js";
import { holdsChange, plainValue, type EditResult } from "./checked-edit.js";
import { writeCriterionValue } from "./criterion-value.js";
import { fileStyle } from "./file-style.js";

/** A score as the files write it: a plain decimal number (`7`, `7.5`), never through a binary double. */
const PLAIN_NUMBER = /^(?:0|[1-9]\d{0,5})(?:\.\d{1,6})?$/;

/**
 * Sets a criterion's score in one year of an assessment's text, changing only the score's own bytes (or, where
 * the criterion has no `score:` yet, adding that one key): every comment, blank line, quote, key order and line
 * break of the rest of the file stays as it was. `score` is the number as it is to be written, or null for an
 * empty score (not scored). Whether the score is allowed (on the framework's scale) is for validation to say.
 */
export function setScore(text: string, year: number, criterion: string, score: string | null): EditResult {
  if (score !== null && !PLAIN_NUMBER.test(score)) return { problem: `a score is a plain number such as 7 or 7.5, not '${score}'` };
  const before = plainValue(text);
  if (before === undefined) return { problem: "the file is not well-formed YAML; fix it first (assess validate says where)" };
  const cst = readAssessmentCst(text);
  if ("problem" in cst) return cst;
  const found = criterionOf(cst, year, criterion);
  if ("problem" in found) return found;
  const style = fileStyle(cst, text);
  const written = writeCriterionValue(cst, text, found.criterion as Item & { value: Collection }, "score", "first", () => score ?? undefined, style.lineWidth, style.indentStep);
  const after = written ? stringifyCst(cst.tokens) : undefined;
  if (after === undefined || !holdsChange(before, after, { path: ["years", String(year), "criteria", criterion, "score"], value: score === null ? null : Number(score) })) {
    return { problem: `the score of '${criterion}' in ${year} could not be set without changing other lines; edit it in a text editor` };
  }
  return { text: after };
}
