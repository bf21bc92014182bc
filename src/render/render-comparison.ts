import type { Comparison } from "../compare/compare-years.js";
import { buildComparisonView, type ComparisonView } from "./comparison-view.js";
import type { Templates } from "./templates.js";
import { COMPARISON_FORMATS, type ComparisonFormat } from "./formats.js";
import { jsonText } from "./escape.js";

export { COMPARISON_FORMATS, type ComparisonFormat };


/**
 * The comparison's view model with its narrative filled in from comparison-narrative.txt.hbs; `versions` names the
 * two sides of one year compared between revisions (see buildComparisonView).
 */
export function comparisonView(programme: string, comparison: Comparison, templates: Templates, versions?: { from: string; to: string }): ComparisonView {
  const view = buildComparisonView(programme, comparison, versions);
  // The narrative is one paragraph: the template's line breaks only keep it readable.
  const narrative = templates.render("comparison-narrative", "txt", view).replace(/\s+/g, " ").trim();
  return { ...view, narrative };
}

export function renderComparison(programme: string, comparison: Comparison, options: { format: ComparisonFormat; templates: Templates }): string {
  const { templates } = options;
  const view = comparisonView(programme, comparison, templates);
  if (options.format === "json") return jsonText(comparisonJson(view, comparison));
  return templates.render("comparison", options.format === "text" ? "txt" : options.format, view);
}

/** Plain data for programs: numbers as exact numbers (Fractions, written as their decimal digits by jsonText). */
function comparisonJson(view: ComparisonView, comparison: Comparison) {
  return {
    programme: view.programme,
    from: { ...view.from, average: comparison.from.average },
    to: { ...view.to, average: comparison.to.average },
    change: comparison.change,
    exactChange: comparison.exactChange,
    sameFramework: comparison.sameFramework,
    scoreEffect: comparison.scoreEffect,
    methodEffect: comparison.methodEffect,
    rating: { from: view.rating.from, to: view.rating.to, changed: view.rating.changed },
    criteria: comparison.criteria.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      from: c.from?.score ?? null,
      to: c.to?.score ?? null,
      change: c.scoreChange,
      weightFrom: c.from?.weight ?? null,
      weightTo: c.to?.weight ?? null,
      contribution: c.contribution,
      scoreEffect: c.scoreEffect,
      methodEffect: c.methodEffect,
    })),
    narrative: view.narrative,
  };
}
