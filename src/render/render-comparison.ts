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
