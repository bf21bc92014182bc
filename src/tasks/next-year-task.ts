import { displayPath } from "../load/paths.js";
import { editTask } from "./edit-task.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, usageProblem, type TaskResult } from "./task-result.js";

export interface NextYearOptions {
  /** The year to add; by default the latest year on file plus one. */
  year?: number;
  /** The version of the file the request was made against (see EditTaskOptions). */
  version?: string;
}

/**
 * `assess next-year`: adds a year to an assessment, carrying every criterion's score from the latest year before
 * it, each with an empty commentary to fill in, and returns the assessment's new text as its one output, to be
 * written in place (its purpose: no other line changes). A year the file has is refused. Once a score is changed, `unexplained-change` asks for the reason.
 */
export async function nextYearTask(file: string, options: NextYearOptions, context: TaskContext): Promise<TaskResult> {
  const path = displayPath(file);
  await context.frameworks();
  const loaded = await context.assessment(path);
  if (!loaded.assessment) {
    return taskResult({ diagnostics: loaded.diagnostics, sources: loaded.sources, notes: [`assess: ${path} has errors; fix them first, it was left as it was`] });
  }
  const { assessment } = loaded;
  const year = options.year ?? assessment.years[0]!.year + 1;
  if (assessment.years.some((y) => y.year === year)) return usageProblem(`${path} already has ${year}; nothing was written`);
  const from = assessment.years.find((y) => y.year < year);
  if (!from) return usageProblem(`${path} has no year before ${year} to carry the scores from; nothing was written`);
  const criteria = from.entries.length === 1 ? "1 criterion" : `${from.entries.length} criteria`;
  const note = `added ${year} to ${path}: ${criteria} of ${from.framework.id} with their ${from.year} scores, commentary empty to fill in`;
  return editTask(path, [{ kind: "add-year", year, from: from.year }], { ...(options.version !== undefined && { version: options.version }), closingNotes: [note] }, context);
}
