import type { AssessmentYear, WeightSet } from "../model/model.js";
import { reweighYear, type WeightOverrides } from "./reweigh.js";
import type { ScoredAssessment } from "./score-assessment.js";
import { scoreYear, type YearScore } from "./score-year.js";

/** The alternative weighting: explicit overrides, or a weight set each year's framework may define. */
export type Weighting = { kind: "weights"; weights: WeightOverrides } | { kind: "set"; id: string };

export interface WhatIfYear {
  year: AssessmentYear;
  official: YearScore;
  /** The year scored under the other weights; absent when it could not be reweighed. */
  alternative?: YearScore;
  /** Why the year could not be reweighed (a criterion its framework lacks, no such weight set). */
  problem?: string;
}

export interface WhatIf {
  weighting: Weighting;
  /** The weight set used, when the weighting names one that some year's framework has. */
  weightSet?: WeightSet;
  years: WhatIfYear[];
}

/** Every year (or `year`) scored again under other weights, beside its official score. */
export function whatIf(scored: ScoredAssessment, weighting: Weighting, year?: number): WhatIf {
  const years = scored.assessment.years.flatMap((entry, index): WhatIfYear[] => {
    if (year !== undefined && entry.year !== year) return [];
    const official = scored.years[index]!;
    const weights = weighting.kind === "weights" ? weighting.weights : entry.framework.weightSets.find((set) => set.id === weighting.id)?.weights;
    const attempt = weights ? reweighYear(entry, weights) : { problem: `${entry.framework.id} has no weight set '${weighting.kind === "set" ? weighting.id : ""}'` };
    return [attempt.year ? { year: entry, official, alternative: scoreYear(attempt.year) } : { year: entry, official, problem: attempt.problem! }];
  });
  const weightSet = weighting.kind === "set" ? scored.assessment.years.flatMap((y) => y.framework.weightSets).find((set) => set.id === weighting.id) : undefined;
  return { weighting, ...(weightSet && { weightSet }), years };
}
