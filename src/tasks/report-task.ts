import { compareEdition } from "../compare/compare-edition.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { displayPath } from "../load/paths.js";
import { walkFiles } from "../load/walk-files.js";
import type { Assessment } from "../model/model.js";
import { latestYear, renderReport, REPORT_FORMATS, type ReportFormat } from "../render/render-report.js";
import { TemplateError } from "../render/templates.js";
import { scoreAssessment } from "../score/score-assessment.js";
import { outputFormat, outputRefused, protectedInputs } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, usageProblem, type TaskResult } from "./task-result.js";
import { plural } from "./wording.js";

/**
 * `assess report`: one report over every assessment in the given folders and files, for one year. Files with
 * errors are reported and left out; the report is still made of the others.
 */
export async function reportTask(paths: readonly string[], options: { year?: number; format?: ReportFormat; output?: string }, context: TaskContext): Promise<TaskResult> {
  const given = paths.map(displayPath);
  // What an output must not replace; with no output, nothing to list.
  const inputs = options.output === undefined ? given : protectedInputs(context.options, given);
  const refused = outputRefused(options.output, inputs);
  if (refused) return usageProblem(refused);
  const { format, usage } = outputFormat(options.format, options.output, REPORT_FORMATS, "html", "a report");
  if (usage !== undefined) return usageProblem(usage);
  const walked = walkFiles(given);
  const frameworks = await context.frameworks();
  const diagnostics = [...walked.diagnostics, ...frameworks.diagnostics];
  const sources = new Map(frameworks.sources);
  const failed = walked.diagnostics.filter((d) => d.severity === "error").map((d) => d.file);
  const assessments: Assessment[] = [];
  for (const file of walked.files) {
    const loaded = await context.assessment(file);
    for (const d of loaded.diagnostics) diagnostics.push(d);
    for (const [path, text] of loaded.sources) sources.set(path, text);
    if (loaded.assessment) assessments.push(loaded.assessment);
    else failed.push(file);
  }
  const year = options.year ?? latestYear(assessments);
  // A warning about another year than the report's (a printing error of 2016 in a report on 2022) is not the
  // report's business: counted, and left to validate.
  const aboutOtherYears = (d: Diagnostic) => d.severity === "warning" && d.path[0] === "years" && d.path[1] !== undefined && d.path[1] !== String(year);
  const elsewhere = year === undefined ? 0 : diagnostics.filter(aboutOtherYears).length;
  const base = {
    diagnostics: year === undefined ? diagnostics : diagnostics.filter((d) => !aboutOtherYears(d)),
    sources,
    inputs: [...inputs, ...walked.files],
    notes: elsewhere > 0 ? [`${plural(elsewhere, "warning")} about other years than ${year} left out (assess validate lists them)`] : [],
    closingNotes: failed.length > 0 ? [`left out for errors: ${failed.join(", ")}`] : [],
  };
  if (year === undefined) return taskResult({ ...base, problem: "no valid assessment to report on" });
  if (!assessments.some((a) => a.years.some((y) => y.year === year))) return usageProblem(`no assessment has a score for ${year}`, base);
  try {
    const edition = compareEdition(assessments.map(scoreAssessment), year, frameworks.byId);
    const text = renderReport(edition, frameworks.byId, { format, templates: context.templates() });
    return taskResult({ ...base, ...(options.output === undefined ? { stdout: text } : { outputs: [{ path: options.output, text }] }) });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return taskResult({ ...base, diagnostics: [...base.diagnostics, error.diagnostic] });
  }
}
