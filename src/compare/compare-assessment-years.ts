import { frameworksOf, type Framework } from "../model/model.js";
import { scoreOf, type ScoredAssessment } from "../score/score-assessment.js";
import { compareYears, type Comparison } from "./compare-years.js";
import { criterionLineage } from "./criterion-lineage.js";

/**
 * Compares two years of an assessment, matching criteria across framework editions through their lineage, which
 * is followed through `frameworks` (by default only the editions the assessment itself uses). Throws RangeError
 * when either year is missing.
 */
export function compareAssessmentYears(
  scored: ScoredAssessment,
  fromYear: number,
  toYear: number,
  frameworks: ReadonlyMap<string, Framework> = frameworksOf(scored.assessment),
): Comparison {
  const from = scoreOf(scored, fromYear);
  const to = scoreOf(scored, toYear);
  return compareYears(from, to, criterionLineage(from.framework, to.framework, frameworks));
}
