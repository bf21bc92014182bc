import { Fraction } from "../model/fraction.js";
import type { Framework } from "../model/model.js";
import type { ScoredAssessment } from "../score/score-assessment.js";
import { buildHistoryView, type HistoryView } from "./history-view.js";
import { crlfRecords, jsonText } from "./escape.js";
import type { Templates } from "./templates.js";
import { HISTORY_FORMATS, type HistoryFormat } from "./formats.js";

export { HISTORY_FORMATS, type HistoryFormat };


/** Every year of a programme in one view. JSON is the view model (without the chart's geometry). */
export function renderHistory(scored: ScoredAssessment, frameworks: ReadonlyMap<string, Framework>, options: { format: HistoryFormat; templates: Templates }): string {
  const view = buildHistoryView(scored, frameworks);
  if (options.format === "json") {
    const { chart: _chart, ...data } = view;
    return jsonText(historyJson(data));
  }
  const text = options.templates.render("history", options.format, view);
  return options.format === "csv" ? crlfRecords(text) : text;
}

function historyJson(view: Omit<HistoryView, "chart">) {
  return {
    programme: view.programme,
    editions: view.editions,
    years: view.years.map((year) => ({
      year: year.year,
      framework: year.framework,
      // Exact numbers, from the exact decimals the view holds (see jsonText).
      average: Fraction.parse(year.average),
      rating: year.rating,
      source: year.source || null,
      scores: Object.fromEntries(view.criteria.map((c, row) => [c.id, year.values[row] === "" ? null : Fraction.parse(year.values[row]!)])),
    })),
    criteria: view.criteria.map(({ id, title }) => ({ id, title })),
    lineage: view.lineage.map((note) => note.text),
  };
}
