import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Assessment } from "../model/model.js";
import { TemplateError } from "../render/templates.js";
import { scoreAssessment, type ScoredAssessment } from "../score/score-assessment.js";
import type { FrameworkSet } from "../validate/validate-frameworks.js";
import { protectedInputs } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, type TaskResult } from "./task-result.js";

/** One valid assessment, scored, with the frameworks and diagnostics it was loaded with. */
export interface Loaded {
  assessment: Assessment;
  scored: ScoredAssessment;
  frameworks: FrameworkSet;
  diagnostics: Diagnostic[];
}

/**
 * The shape shared by the tasks on one assessment (score, render, compare, history, what-if): load it (its
 * problems become the result's diagnostics), score it once, and hand it to `produce`, whose text goes to `output`
 * or to standard output. A broken template is a diagnostic like any other problem.
 */
export async function assessmentTask(
  file: string,
  context: TaskContext,
  output: string | undefined,
  produce: (loaded: Loaded) => { text: string } | { usage: string },
  /** The file as read already, when it is (see TaskContext.assessment). */
  read?: Parameters<TaskContext["assessment"]>[1],
): Promise<TaskResult> {
  const loaded = await context.assessment(file, read);
  const base = { diagnostics: loaded.diagnostics, sources: loaded.sources, inputs: output === undefined ? [file] : protectedInputs(context.options, [file]) };
  if (!loaded.assessment) return taskResult(base);
  try {
    const produced = produce({ assessment: loaded.assessment, scored: scoreAssessment(loaded.assessment), frameworks: loaded.frameworks, diagnostics: loaded.diagnostics });
    if ("usage" in produced) return taskResult({ ...base, usage: produced.usage });
    return taskResult({ ...base, ...(output === undefined ? { stdout: produced.text } : { outputs: [{ path: output, text: produced.text }] }) });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return taskResult({ ...base, diagnostics: [...base.diagnostics, error.diagnostic] });
  }
}
