import { compareYears, type Comparison } from "../compare/compare-years.js";
import { criterionLineage } from "../compare/criterion-lineage.js";
import { frameworksOf, yearOf, type Assessment, type Framework } from "../model.js";
import { scoreYear } from "../score/score-year.js";
import { buildComparisonView, type ComparisonView } from "./comparison-view.js";
import { Templates } from "./templates.js";

export type ComparisonFormat = "md" | "text" | "json";
export const COMPARISON_FORMATS: readonly ComparisonFormat[] = ["md", "text", "json"];

/**
 * Compares two years of an assessment, matching criteria across framework editions through their lineage, which
 * is followed through `frameworks` (by default only the editions the assessment itself uses). Throws RangeError
 * when either year is missing.
 */
export function compareAssessmentYears(
  assessment: Assessment,
  fromYear: number,
  toYear: number,
  frameworks: ReadonlyMap<string, Framework> = frameworksOf(assessment),
): Comparison {
  const from = scoreYear(yearOf(assessment, fromYear));
  const to = scoreYear(yearOf(assessment, toYear));
  return compareYears(from, to, criterionLineage(from.framework, to.framework, frameworks));
}

/** The comparison's view model with its narrative filled in from comparison-narrative.txt.hbs. */
export function comparisonView(assessment: Assessment, comparison: Comparison, templates: Templates): ComparisonView {
  const view = buildComparisonView(assessment.programme, comparison);
  // The narrative is one paragraph: the template's line breaks only keep it readable.
  const narrative = templates.render("comparison-narrative", "txt", view).replace(/\s+/g, " ").trim();
  return { ...view, narrative };
}

export function renderComparison(
  assessment: Assessment,
  comparison: Comparison,
  options: { format: ComparisonFormat; templates?: Templates },
): string {
  const templates = options.templates ?? new Templates();
  const view = comparisonView(assessment, comparison, templates);
  if (options.format === "json") return `${JSON.stringify(comparisonJson(view, comparison), null, 2)}\n`;
  return templates.render("comparison", options.format === "text" ? "txt" : "md", view);
}

/** Plain data: numbers as numbers, for programs. */
function comparisonJson(view: ComparisonView, comparison: Comparison) {
  return {
    programme: view.programme,
    from: { ...view.from, average: comparison.from.average.toNumber() },
    to: { ...view.to, average: comparison.to.average.toNumber() },
    change: comparison.change.toNumber(),
    exactChange: comparison.exactChange.toNumber(),
    sameFramework: comparison.sameFramework,
    scoreEffect: comparison.scoreEffect.toNumber(),
    methodEffect: comparison.methodEffect.toNumber(),
    rating: { from: view.rating.from, to: view.rating.to, changed: view.rating.changed },
    criteria: comparison.criteria.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      from: c.from?.score?.toNumber() ?? null,
      to: c.to?.score?.toNumber() ?? null,
      change: c.scoreChange?.toNumber() ?? null,
      weightFrom: c.from?.weight.toNumber() ?? null,
      weightTo: c.to?.weight.toNumber() ?? null,
      contribution: c.contribution.toNumber(),
      scoreEffect: c.scoreEffect.toNumber(),
      methodEffect: c.methodEffect.toNumber(),
    })),
    narrative: view.narrative,
  };
}
