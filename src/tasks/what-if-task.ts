import { buildWhatIfView, renderWhatIf, type WhatIfFormat } from "../render/render-what-if.js";
import { whatIf, type Weighting } from "../score/what-if.js";
import { assessmentTask } from "./assessment-task.js";
import type { TaskContext } from "./task-context.js";
import type { TaskResult } from "./task-result.js";
import { missingYears } from "./wording.js";

/** `assess what-if`: each year's average and rating under other weights, and which ratings change. */
export function whatIfTask(
  file: string,
  options: { weighting: Weighting; year?: number; format: WhatIfFormat },
  context: TaskContext,
  /** The file as read already, when it is (see TaskContext.assessment). */
  read?: Parameters<TaskContext["assessment"]>[1],
): Promise<TaskResult> {
  return assessmentTask(file, context, undefined, ({ assessment, scored }) => {
    const missing = options.year === undefined ? undefined : missingYears(assessment.programme, assessment.years.map((y) => y.year), [options.year]);
    if (missing) return { usage: missing };
    const result = whatIf(scored, options.weighting, options.year);
    if (result.years.every((y) => !y.alternative)) return { usage: `no year could be reweighed: ${[...new Set(result.years.map((y) => y.problem))].join("; ")}` };
    return { text: renderWhatIf(buildWhatIfView(assessment.programme, result), { format: options.format, templates: context.templates() }) };
  }, read);
}
