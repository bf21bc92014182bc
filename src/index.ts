/**
 * The library API: the pipeline the `assess` command line runs, stage by stage, as functions that take and return
 * values, and the tasks that run it whole (one per job of the command line), which return their results as data.
 * load → parse → validate → score → compare → render → import → edit → write, then the tasks, and the workspace
 * server as one front end over them. The command line is not part of it.
 */

// Shared at the bottom: problems as data, the resolved model, exact numbers.
export { DIAGNOSTIC_CODES, hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticCode, type Locator, type Place, type Severity } from "./diagnostics/diagnostic.js";
export type { Assessment, AssessmentYear, Band, Criterion, CriterionEntry, Framework, UnscoredPolicy, WeightSet } from "./model/model.js";
export { frameworksOf, yearOf } from "./model/model.js";
export { Fraction, type RoundingMode } from "./model/fraction.js";

// load: the file system, read.
export { bundledCriteriaDir, bundledTemplatesDir, displayPath } from "./load/paths.js";
export { readSource, MAX_FILE_BYTES } from "./load/read-source.js";
export { walkFiles, type Walk } from "./load/walk-files.js";
export { readTemplateFolders, type CompiledTemplates, type TemplateSource, type TemplateSources } from "./load/template-files.js";
export { GitError, listTree, listWorkingTree, listWorkingTreeFiles, followLinks, type LinkTarget, readBlobs, repositoryTop, resolveCommit, type TreeFile, type WorkingTreeFile } from "./load/git-files.js";

// parse
export { locatorOf, parseYaml, type ParsedYaml, type SourceText } from "./parse/parse-yaml.js";

// validate
export { AssessmentSchema, AssessmentYearSchema, CriterionScoreSchema, PublishedSchema } from "./validate/assessment-schema.js";
export type { WrittenAssessment, WrittenAssessmentYear, WrittenCriterionScore } from "./validate/assessment-schema.js";
export { BandSchema, CriterionSchema, FrameworkSchema, RoundingSchema, ScaleSchema, UnscoredPolicySchema } from "./validate/framework-schema.js";
export type { ParsedFramework, WrittenFramework } from "./validate/framework-schema.js";
export { validateAssessment, type ValidatedAssessment } from "./validate/validate-assessment.js";
export { validateFramework, validateFrameworks, type FrameworkSet } from "./validate/validate-frameworks.js";
export { jsonSchemas } from "./validate/json-schemas.js";

// score
export { bandFor, formatAverage, scoreYear, type CriterionScore, type YearScore } from "./score/score-year.js";
export { scoreAssessment, scoreOf, type ScoredAssessment } from "./score/score-assessment.js";
export { scoreReport, type ScoreReport, type YearReport } from "./score/score-report.js";
export { checkPublished } from "./score/check-published.js";
export { whatItTakes, type BandMove, type ScoreMove, type WhatItTakes } from "./score/what-it-takes.js";
export { reweighYear, type WeightOverrides } from "./score/reweigh.js";
export { whatIf, type Weighting, type WhatIf, type WhatIfYear } from "./score/what-if.js";

// compare
export { compareYears, type Comparison, type CriterionChange, type CriterionChangeStatus } from "./compare/compare-years.js";
export { compareAssessmentYears } from "./compare/compare-assessment-years.js";
export { compareEdition, type Edition, type EditionEntry } from "./compare/compare-edition.js";
export { criterionLineage } from "./compare/criterion-lineage.js";
export { checkUnexplainedChanges } from "./compare/check-unexplained-changes.js";
export { diffWords, type WordChange } from "./compare/diff-words.js";
export { diffFramework, diffFrameworkSets, type FrameworkChange, type FrameworkDiff, type FrameworkVersions } from "./compare/diff-frameworks.js";
export {
  diffProgramme,
  FAIL_ON_CONDITIONS,
  flagChanges,
  type CriterionDiff,
  type FailOn,
  type FileStatus,
  type Flag,
  type ProgrammeDiff,
  type ProgrammeFiles,
  type RevisionDiff,
  type YearDiff,
} from "./compare/diff-revisions.js";

// render: view models and templates; nothing read, nothing written.
export * from "./render/formats.js";
export { buildAssessmentView, type AssessmentView, type CriterionRowView, type YearColumnView } from "./render/assessment-view.js";
export { buildComparisonView, type ComparisonView, type CriterionChangeView } from "./render/comparison-view.js";
export { buildHistoryView, type HistoryView } from "./render/history-view.js";
export { buildReportView, type ReportView } from "./render/report-view.js";
export { buildWhatIfView, renderWhatIf, type WhatIfView } from "./render/render-what-if.js";
export { defaultYears, renderAssessment } from "./render/render-assessment.js";
export { comparisonView, renderComparison } from "./render/render-comparison.js";
export { renderScores, type ScoreView } from "./render/render-scores.js";
export { renderHistory } from "./render/render-history.js";
export { latestYear, renderReport } from "./render/render-report.js";
export { renderNewAssessment } from "./render/render-new-assessment.js";
export { buildDiffView, describeFlag, type DiffView, type Revision } from "./render/diff-view.js";
export { renderDiff, type DiffRenderOptions } from "./render/render-diff.js";
export { TemplateError, Templates, type TemplateFormat } from "./render/templates.js";
export { escapers, neutraliseFormula } from "./render/escape.js";

// import: published tables read into assessments.
export { importTables, type ImportOptions, type ImportResult } from "./import/import-tables.js";
export { importIntoFolder, type FolderImportOptions, type FolderImportResult } from "./import/import-into-folder.js";
export { readProgrammeNames } from "./import/programme-names.js";
export { type PublishedTable } from "./import/published-table.js";
export { readPublishedTable } from "./import/read-published-table.js";
export { recogniseFramework } from "./import/recognise-framework.js";

// edit: a user's file changed in place, every byte but the edit's kept (text in, text out).
export { addYear } from "./edit/add-year.js";
export { setCommentary } from "./edit/set-commentary.js";
export { setScore } from "./edit/set-score.js";
export { editAssessment, type AssessmentEdit } from "./edit/edit-assessment.js";
export type { EditResult } from "./edit/checked-edit.js";

// write: outputs written atomically, never over an input.
export { makeFolders, OutputError, refuseInputAsOutput, writeOutput } from "./write/write-output.js";

// tasks: one per job, each returning its result as data.
export { taskResult, type OutputFile, type TaskResult } from "./tasks/task-result.js";
export { TaskContext, type LoadedAssessment, type LoadedFrameworks } from "./tasks/task-context.js";
export { outputFormat, protectedInputs, type SourceOptions } from "./tasks/output-options.js";
export { checkAssessment } from "./tasks/check-assessment.js";
export { checkSource, documentKind, frameworksFromSources, loadAssessment, loadFrameworks, validateFiles, type LoadOptions } from "./tasks/load-files.js";
export { validateTask } from "./tasks/validate-task.js";
export { scoreTask } from "./tasks/score-task.js";
export { renderTask, type RenderOptions } from "./tasks/render-task.js";
export { renderBatchTask, type BatchOptions } from "./tasks/render-batch-task.js";
export { compareTask, type CompareOptions } from "./tasks/compare-task.js";
export { historyTask, type HistoryOptions } from "./tasks/history-task.js";
export { whatIfTask } from "./tasks/what-if-task.js";
export { reportTask } from "./tasks/report-task.js";
export { importTask, type ImportTaskOptions } from "./tasks/import-task.js";
export { initTask, type InitOptions } from "./tasks/init-task.js";
export { diffTask, type DiffOptions } from "./tasks/diff-task.js";
export { editTask, type EditTaskOptions } from "./tasks/edit-task.js";
export { nextYearTask, type NextYearOptions } from "./tasks/next-year-task.js";

// server: assess serve's workspace, a front end over the tasks (the command line only starts and stops it).
export { startWorkspaceServer, type WorkspaceServer, type WorkspaceServerOptions } from "./server/workspace-server.js";
