import { HISTORY_FORMATS, renderHistory, type HistoryFormat } from "../render/render-history.js";
import { assessmentTask } from "./assessment-task.js";
import { byteOrderMarkRefused, outputFormat, outputOverInput, withByteOrderMark } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { usageProblem, type TaskResult } from "./task-result.js";

export interface HistoryOptions {
  /** By default from the output's extension, else Markdown. */
  format?: HistoryFormat;
  output?: string;
  /** A CSV starts with a UTF-8 byte-order mark: by default in a file, not on standard output (see RenderOptions). */
  bom?: boolean;
}

/** `assess history`: every year of a programme, across the editions it was scored under. */
export async function historyTask(file: string, options: HistoryOptions, context: TaskContext): Promise<TaskResult> {
  const refused = outputOverInput(options.output, context.options, [file]);
  if (refused) return usageProblem(refused);
  const { format, usage } = outputFormat(options.format, options.output, HISTORY_FORMATS, "md", "history");
  if (usage !== undefined) return usageProblem(usage);
  const bomRefused = byteOrderMarkRefused(format, options.bom);
  if (bomRefused) return usageProblem(bomRefused);
  return assessmentTask(file, context, options.output, ({ scored, frameworks }) => ({
    text: withByteOrderMark(renderHistory(scored, frameworks.byId, { format, templates: context.templates() }), format, options.output !== undefined, options.bom),
  }));
}
