import { buildWhatIfView, renderWhatIf, type WhatIfFormat } from "../render/render-what-if.js";
import { whatIf, type Weighting } from "../score/what-if.js";
import { assessmentTask } from "./assessment-task.js";
import type { TaskContext } from "./task-context.js";
import type { TaskResult } from "./task-result.js";
import { didYouMean } from "../validate/suggest.js";
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
    // A criterion no year's framework has is a misspelling more often than not: said, with the nearest.
    if (options.weighting.kind === "weights") {
      const known = [...new Set(assessment.years.flatMap((y) => y.framework.criteria.map((c) => c.id)))];
      const unknown = [...options.weighting.weights.keys()].filter((id) => !known.includes(id));
      if (unknown.length > 0) return { usage: `--weights: no framework of ${assessment.programme} has ${unknown.map((id) => `'${id}'${didYouMean(id, known)}`).join(", ")} (its criteria: ${known.join(", ")})` };
    }
    const { weighting } = options;
    if (weighting.kind === "set" && !assessment.years.some((y) => y.framework.weightSets.some((set) => set.id === weighting.id))) {
      const known = [...new Set(assessment.years.flatMap((y) => y.framework.weightSets.map((set) => set.id)))];
      return { usage: `--weight-set: no framework of ${assessment.programme} has a weight set '${weighting.id}'${didYouMean(weighting.id, known)}${known.length ? ` (its weight sets: ${known.join(", ")})` : ""}` };
    }
    const result = whatIf(scored, options.weighting, options.year);
    if (result.years.every((y) => !y.alternative)) return { usage: `no year could be reweighed: ${[...new Set(result.years.map((y) => y.problem))].join("; ")}` };
    return { text: renderWhatIf(buildWhatIfView(assessment.programme, result), { format: options.format, templates: context.templates() }) };
  }, read);
}
