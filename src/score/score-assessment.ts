import type { Assessment } from "../model/model.js";
import { scoreYear, type YearScore } from "./score-year.js";

/**
 * An assessment with every year scored once: what comparison and rendering take, so that they never score again.
 * `years` runs parallel to `assessment.years` (newest first).
 */
export interface ScoredAssessment {
  assessment: Assessment;
  years: YearScore[];
}

export function scoreAssessment(assessment: Assessment): ScoredAssessment {
  return { assessment, years: assessment.years.map(scoreYear) };
}

/** One year's score; a RangeError when the assessment lacks the year. */
export function scoreOf(scored: ScoredAssessment, year: number): YearScore {
  const found = scored.years.find((score) => score.year === year);
  if (!found) throw new RangeError(`${scored.assessment.programme} has no year ${year}`);
  return found;
}
