import { HISTORY_FORMATS, renderHistory, type HistoryFormat } from "../render/render-history.js";
import { assessmentTask } from "./assessment-task.js";
import { outputFormat, outputRefused, protectedInputs } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { usageProblem, type TaskResult } from "./task-result.js";

/** `assess history`: every year of a programme, across the editions it was scored under. */
export async function historyTask(file: string, options: { format?: HistoryFormat; output?: string }, context: TaskContext): Promise<TaskResult> {
  const refused = outputRefused(options.output, options.output === undefined ? [] : protectedInputs(context.options, [file]));
  if (refused) return usageProblem(refused);
  const { format, usage } = outputFormat(options.format, options.output, HISTORY_FORMATS, "md", "history");
  if (usage !== undefined) return usageProblem(usage);
  return assessmentTask(file, context, options.output, ({ scored, frameworks }) => ({
    text: renderHistory(scored, frameworks.byId, { format, templates: context.templates() }),
  }));
}
