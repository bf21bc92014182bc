import { ASSESSMENT_FORMATS, defaultYears, renderAssessment, type AssessmentFormat } from "../render/render-assessment.js";
import { assessmentTask } from "./assessment-task.js";
import { byteOrderMarkRefused, outputFormat, outputOverInput, withByteOrderMark } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { usageProblem, type TaskResult } from "./task-result.js";
import { missingYears } from "./wording.js";

export interface RenderOptions {
  /** Years to show; by default the two latest, as published. */
  years?: readonly number[];
  /** By default from the output's extension, else Markdown. */
  format?: AssessmentFormat;
  output?: string;
  /**
   * A CSV starts with a UTF-8 byte-order mark, for spreadsheets: by default when it is written to `output` (or by a
   * batch), not when it goes to standard output.
   */
  bom?: boolean;
}

/** `assess render` (and watch's re-render of one file): the assessment table with commentary. */
export async function renderTask(
  file: string,
  options: RenderOptions,
  context: TaskContext,
  /** The file as read already, when it is (see TaskContext.assessment). */
  read?: Parameters<TaskContext["assessment"]>[1],
): Promise<TaskResult> {
  const refused = outputOverInput(options.output, context.options, [file]);
  if (refused) return usageProblem(refused);
  const { format, usage } = outputFormat(options.format, options.output, ASSESSMENT_FORMATS, "md");
  if (usage !== undefined) return usageProblem(usage);
  const bomRefused = byteOrderMarkRefused(format, options.bom);
  if (bomRefused) return usageProblem(bomRefused);
  return assessmentTask(file, context, options.output, ({ assessment, scored, frameworks }) => {
    const years = options.years ?? defaultYears(assessment);
    const missing = missingYears(assessment.programme, assessment.years.map((y) => y.year), years);
    if (missing) return { usage: missing };
    const text = renderAssessment(scored, { years, format, templates: context.templates(), frameworks: frameworks.byId });
    return { text: withByteOrderMark(text, format, options.output !== undefined, options.bom) };
  }, read);
}
