import { compareAssessmentYears } from "../compare/compare-assessment-years.js";
import { COMPARISON_FORMATS, renderComparison, type ComparisonFormat } from "../render/render-comparison.js";
import { assessmentTask } from "./assessment-task.js";
import { outputFormat, outputOverInput } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { usageProblem, type TaskResult } from "./task-result.js";
import { missingYears } from "./wording.js";

export interface CompareOptions {
  /** By default the year on file before `to`. */
  from?: number;
  /** By default the latest year. */
  to?: number;
  /** By default from the output's extension, else Markdown. */
  format?: ComparisonFormat;
  output?: string;
}

/** `assess compare`: what changed between two years, which criteria drove it, and the narrative. */
export async function compareTask(file: string, options: CompareOptions, context: TaskContext): Promise<TaskResult> {
  const refused = outputOverInput(options.output, context.options, [file]);
  if (refused) return usageProblem(refused);
  const { format, usage } = outputFormat(options.format, options.output, COMPARISON_FORMATS, "md", "a comparison");
  if (usage !== undefined) return usageProblem(usage);
  return assessmentTask(file, context, options.output, ({ assessment, scored, frameworks }) => {
    const to = options.to ?? assessment.years[0]!.year;
    // By default, the year on file just before `to` (years are newest first).
    const from = options.from ?? assessment.years.find((y) => y.year < to)?.year;
    if (from === undefined) return { usage: `${assessment.programme} has no year before ${to} on file; there is nothing to compare it with (give --from)` };
    if (from >= to) return { usage: `a comparison goes from an earlier year to a later one: give the earlier year as --from (${Math.min(from, to)}) and the later as --to (${Math.max(from, to)})` };
    const missing = missingYears(assessment.programme, assessment.years.map((y) => y.year), [from, to]);
    if (missing) return { usage: missing };
    const comparison = compareAssessmentYears(scored, from, to, frameworks.byId);
    return { text: renderComparison(assessment.programme, comparison, { format, templates: context.templates() }) };
  });
}
