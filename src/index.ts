/**
 * The library API: the same pipeline the `assess` CLI runs, as functions that take and return values.
 * load → validate → score → compare → render.
 */
export { DIAGNOSTIC_CODES, hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticCode, type Severity } from "./diagnostics/diagnostic.js";
export type { Assessment, AssessmentYear, Band, Criterion, CriterionEntry, Framework } from "./model.js";

export { displayPath, documentKind, loadAssessment, loadFrameworks, validateFiles, type LoadOptions } from "./load/load-files.js";
export { parseYaml, type ParsedYaml, type SourceText } from "./parse/parse-yaml.js";

export { AssessmentSchema, AssessmentYearSchema, CriterionScoreSchema, PublishedSchema } from "./validate/assessment-schema.js";
export type { WrittenAssessment, WrittenAssessmentYear, WrittenCriterionScore } from "./validate/assessment-schema.js";
export { BandSchema, CriterionSchema, FrameworkSchema, RoundingSchema, ScaleSchema, UnscoredPolicySchema } from "./validate/framework-schema.js";
export type { ParsedFramework, UnscoredPolicy, WrittenFramework } from "./validate/framework-schema.js";
export { validateAssessment } from "./validate/validate-assessment.js";
export { jsonSchemas } from "./validate/json-schemas.js";
export { validateFramework, validateFrameworks, type FrameworkSet } from "./validate/validate-frameworks.js";

export { Fraction, type RoundingMode } from "./score/fraction.js";
export { bandFor, formatAverage, scoreYear, type CriterionScore, type YearScore } from "./score/score-year.js";
export { scoreAssessment, type ScoreReport, type YearReport } from "./score/score-assessment.js";

export { compareYears, type Comparison, type CriterionChange, type CriterionChangeStatus } from "./compare/compare-years.js";

export { buildAssessmentView, type AssessmentView, type CriterionRowView, type YearColumnView } from "./render/assessment-view.js";
export { buildComparisonView, type ComparisonView, type CriterionChangeView } from "./render/comparison-view.js";
export { defaultYears, renderAssessment, ASSESSMENT_FORMATS, type AssessmentFormat } from "./render/render-assessment.js";
export { compareAssessmentYears, comparisonView, renderComparison, COMPARISON_FORMATS, type ComparisonFormat } from "./render/render-comparison.js";
export { renderScores, SCORE_FORMATS, type ScoreFormat, type ScoreView } from "./render/render-scores.js";
export { TemplateError, Templates, type TemplateFormat } from "./render/templates.js";
export { escapers, neutraliseFormula } from "./render/escape.js";

export { runCli } from "./cli/run-cli.js";
export { ExitCode } from "./cli/exit-codes.js";
export { OutputError, writeOutput } from "./cli/write-output.js";

export { whatItTakes, type BandMove, type ScoreMove, type WhatItTakes } from "./score/what-it-takes.js";
export { parseWeights, reweighYear, type WeightOverrides } from "./score/reweigh.js";
export { criterionLineage } from "./compare/criterion-lineage.js";
export { buildHistoryView, type HistoryView } from "./render/history-view.js";
export { renderHistory, HISTORY_FORMATS, type HistoryFormat } from "./render/render-history.js";
export { buildReportView, type ReportView } from "./render/report-view.js";
export { latestYear, renderReport, REPORT_FORMATS, type ReportFormat } from "./render/render-report.js";
export { buildWhatIfView, renderWhatIf, WHAT_IF_FORMATS, type WhatIfFormat, type WhatIfView, type Weighting } from "./render/render-what-if.js";
export { renderNewAssessment } from "./render/render-new-assessment.js";
export { importTables, type ImportOptions, type ImportResult } from "./import/import-tables.js";
export { importIntoFolder, type FolderImportOptions, type FolderImportResult } from "./import/import-into-folder.js";
export { readProgrammeNames } from "./import/programme-names.js";
export { type PublishedTable } from "./import/published-table.js";
export { readPublishedTable } from "./import/read-published-table.js";
export { recogniseFramework } from "./import/recognise-framework.js";
