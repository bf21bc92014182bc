import { renderScores, type ScoreFormat } from "../render/render-scores.js";
import { scoreReport } from "../score/score-report.js";
import { assessmentTask } from "./assessment-task.js";
import type { TaskContext } from "./task-context.js";
import type { TaskResult } from "./task-result.js";
import { missingYears } from "./wording.js";

/** `assess score`: each year's average, rating, contributions and what it takes to change band. */
export function scoreTask(
  file: string,
  options: { year?: number; format: ScoreFormat },
  context: TaskContext,
  /** The file as read already, when it is (see TaskContext.assessment). */
  read?: Parameters<TaskContext["assessment"]>[1],
): Promise<TaskResult> {
  return assessmentTask(file, context, undefined, ({ assessment, scored, diagnostics }) => {
    const usage = options.year === undefined ? undefined : missingYears(assessment.programme, assessment.years.map((y) => y.year), [options.year]);
    if (usage) return { usage };
    const { report, scores } = scoreReport(scored, diagnostics, options.year);
    return { text: renderScores(report, scores, { format: options.format, templates: context.templates() }) };
  }, read);
}
