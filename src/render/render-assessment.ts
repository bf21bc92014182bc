import type { Assessment, Framework } from "../model/model.js";
import type { ScoredAssessment } from "../score/score-assessment.js";
import { buildAssessmentView } from "./assessment-view.js";
import { crlfRecords, jsonText } from "./escape.js";
import type { Templates, TemplateFormat } from "./templates.js";
import { ASSESSMENT_FORMATS, type AssessmentFormat } from "./formats.js";

export { ASSESSMENT_FORMATS, type AssessmentFormat };


export interface RenderAssessmentOptions {
  /** Years to show, in any order; the columns run latest first. Default: the two latest years, as published. */
  years?: readonly number[];
  format: AssessmentFormat;
  templates: Templates;
  /** For matching criteria across editions when the years differ in edition; default: those the years use. */
  frameworks?: ReadonlyMap<string, Framework>;
}

/** The two latest years of an assessment, the published table's default columns. */
export function defaultYears(assessment: Assessment): number[] {
  return assessment.years.slice(0, 2).map((year) => year.year);
}

/**
 * The assessment table with commentary, as text in the chosen format. JSON is the view model itself, the data
 * every template sees. Throws a TemplateError for a broken template, RangeError for a year the assessment lacks.
 */
export function renderAssessment(scored: ScoredAssessment, options: RenderAssessmentOptions): string {
  const view = buildAssessmentView(scored, options.years ?? defaultYears(scored.assessment), options.frameworks);
  if (options.format === "json") return jsonText(view);
  const text = options.templates.render("assessment", options.format as TemplateFormat, view);
  return options.format === "csv" ? crlfRecords(text) : text;
}
