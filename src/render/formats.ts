/**
 * The formats each output is written in. A module of its own, with nothing else, so that the command line can
 * list them in its options without loading any renderer.
 */
export type AssessmentFormat = "md" | "html" | "tsv" | "csv" | "json";
export const ASSESSMENT_FORMATS: readonly AssessmentFormat[] = ["md", "html", "tsv", "csv", "json"];

export type ComparisonFormat = "md" | "text" | "html" | "json";
export const COMPARISON_FORMATS: readonly ComparisonFormat[] = ["md", "text", "html", "json"];

export type ScoreFormat = "text" | "json";
export const SCORE_FORMATS: readonly ScoreFormat[] = ["text", "json"];

export type HistoryFormat = "md" | "csv" | "html" | "json";
export const HISTORY_FORMATS: readonly HistoryFormat[] = ["md", "csv", "html", "json"];

export type WhatIfFormat = "text" | "json";
export const WHAT_IF_FORMATS: readonly WhatIfFormat[] = ["text", "json"];

export type ReportFormat = "html" | "md" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["html", "md", "json"];

export type DiffFormat = "md" | "text" | "json";
export const DIFF_FORMATS: readonly DiffFormat[] = ["md", "text", "json"];
