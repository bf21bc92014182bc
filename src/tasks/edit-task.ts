import { hasErrors } from "../diagnostics/diagnostic.js";
import { editAssessment, type AssessmentEdit } from "../edit/edit-assessment.js";
import { displayPath } from "../load/paths.js";
import { readEditable } from "../load/read-source.js";
import { parseYaml } from "../parse/parse-yaml.js";
import { checkAssessment } from "./check-assessment.js";
import { protectedInputs } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, type TaskResult } from "./task-result.js";

export interface EditTaskOptions {
  /**
   * The version of the file the edits were made against (readEditable): when the file on disk is no longer that
   * version, the edit is refused as a conflict, so that nobody's change is overwritten unseen.
   */
  version?: string;
  /** Lines for the user once the file is written ("added 2025 to …"). */
  closingNotes?: string[];
}

/**
 * Edits an assessment in place (a score, a commentary, a new year) and returns its new text as the one output,
 * to be written over the assessment itself: every other byte of the file is kept (see src/edit/). The new text
 * must still validate: an edit that would make the file invalid (a score of 11) is refused with exactly the
 * diagnostics `assess validate` would give for it, pointing into the text it would have written.
 */
export async function editTask(file: string, edits: readonly AssessmentEdit[], options: EditTaskOptions, context: TaskContext): Promise<TaskResult> {
  const path = displayPath(file);
  const { source, diagnostics } = readEditable(path);
  // Everything the run reads but the file edited: no edit may land on a framework or a template.
  const inputs = protectedInputs(context.options, []);
  if (!source) {
    // Made against a version that was shown, the edit finds the file gone (deleted, moved, a folder in its place):
    // the same refusal as a file saved since, so that the page keeps what was typed.
    const reason = diagnostics.find((d) => d.code === "file-unreadable");
    if (options.version !== undefined && reason) return taskResult({ conflict: `${path} can no longer be read (${reason.message}) since it was shown; nothing was written`, inputs });
    return taskResult({ diagnostics, inputs });
  }
  if (options.version !== undefined && options.version !== source.version) {
    return taskResult({ conflict: `${path} has changed on disk since it was read for this edit; nothing was written`, inputs });
  }
  const edited = editAssessment(source.text, edits);
  if (edited.problem !== undefined) return taskResult({ problem: `${path}: ${edited.problem}; nothing was written`, inputs });
  // Positions count from the first character after a byte-order mark, as when the file is read to be checked.
  const checked = edited.text.replace(/^\uFEFF/, "");
  const frameworks = await context.frameworks();
  const parsed = parseYaml({ file: path, text: checked });
  const found = [...parsed.diagnostics, ...(parsed.value === undefined ? [] : checkAssessment(parsed, frameworks).diagnostics)];
  const sources = new Map([[path, checked]]);
  if (hasErrors(found)) return taskResult({ diagnostics: found, sources, notes: [`assess: ${path} was left as it was`], inputs });
  return taskResult({ diagnostics: found, sources, outputs: [{ path, text: edited.text, announce: false }], closingNotes: options.closingNotes ?? [`edited ${path}`], inputs });
}
