import { addYear } from "./add-year.js";
import type { EditResult } from "./checked-edit.js";
import { setCommentary } from "./set-commentary.js";
import { setScore } from "./set-score.js";

/** One change to an assessment's text, as a front end asks for it. */
export type AssessmentEdit =
  | { kind: "score"; year: number; criterion: string; score: string | null }
  | { kind: "commentary"; year: number; criterion: string; commentary: string }
  | { kind: "add-year"; year: number; from: number };

/** Makes the edits one after the other, each on the text the one before left; none when one cannot be made. */
export function editAssessment(text: string, edits: readonly AssessmentEdit[]): EditResult {
  let current = text;
  for (const edit of edits) {
    const result =
      edit.kind === "score"
        ? setScore(current, edit.year, edit.criterion, edit.score)
        : edit.kind === "commentary"
          ? setCommentary(current, edit.year, edit.criterion, edit.commentary)
          : addYear(current, edit.year, edit.from);
    if (result.problem !== undefined) return result;
    current = result.text;
  }
  return { text: current };
}
