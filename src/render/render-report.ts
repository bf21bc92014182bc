import type { Edition } from "../compare/compare-edition.js";
import type { Assessment, Framework } from "../model/model.js";
import { comparisonView } from "./render-comparison.js";
import { buildReportView } from "./report-view.js";
import type { Templates } from "./templates.js";
import { REPORT_FORMATS, type ReportFormat } from "./formats.js";
import { jsonText } from "./escape.js";

export { REPORT_FORMATS, type ReportFormat };


/** The latest year any of the assessments has: a report's default year. */
export function latestYear(assessments: readonly Assessment[]): number | undefined {
  let latest: number | undefined;
  for (const assessment of assessments) for (const { year } of assessment.years) if (latest === undefined || year > latest) latest = year;
  return latest;
}

/**
 * One report over many programmes for a year: league tables by edition, band counts, a heat map of criteria by
 * programme, and each programme's table, commentary, comparison narrative and trend. JSON is the view model.
 */
export function renderReport(edition: Edition, frameworks: ReadonlyMap<string, Framework>, options: { format: ReportFormat; templates: Templates }): string {
  const { templates } = options;
  const view = buildReportView(edition, frameworks, (programme, comparison) => comparisonView(programme, comparison, templates).narrative);
  if (options.format === "json") return jsonText(view);
  return templates.render("report", options.format, view);
}
