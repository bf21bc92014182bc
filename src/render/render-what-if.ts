import type { Assessment } from "../model.js";
import type { Fraction } from "../score/fraction.js";
import { reweighYear, type WeightOverrides } from "../score/reweigh.js";
import { formatAverage, scoreYear } from "../score/score-year.js";
import { formatWeight } from "./format-values.js";
import { Templates } from "./templates.js";

export type WhatIfFormat = "text" | "json";
export const WHAT_IF_FORMATS: readonly WhatIfFormat[] = ["text", "json"];

/** The alternative weighting: explicit overrides, or a weight set each year's framework may define. */
export type Weighting = { kind: "weights"; weights: WeightOverrides } | { kind: "set"; id: string };

export interface WhatIfView {
  programme: string;
  /** "contamination 15%, ownership 15%" or the weight set's title. */
  weighting: string;
  years: {
    year: number;
    framework: string;
    average: string;
    rating: string;
    /** Under the other weights; empty strings when `skipped`. */
    whatIfAverage: string;
    whatIfRating: string;
    ratingChanged: boolean;
    /** Why the year could not be reweighed, or "". */
    skipped: string;
  }[];
  /** "2024 (GOOD → AVERAGE)", one per year whose rating changes. */
  changedRatings: string[];
}

/**
 * Recomputes every year (or `year`) under other weights and says which ratings change. A year whose framework
 * cannot take the weighting (a criterion it lacks, no such weight set) is listed as skipped, with the reason.
 */
export function buildWhatIfView(assessment: Assessment, weighting: Weighting, year?: number): WhatIfView {
  const years = assessment.years.filter((y) => year === undefined || y.year === year);
  const rows = years.map((entry) => {
    const official = scoreYear(entry);
    const base = {
      year: entry.year,
      framework: entry.framework.id,
      average: formatAverage(official.average, official.framework),
      rating: official.rating.label,
    };
    const weights = weighting.kind === "weights" ? weighting.weights : entry.framework.weightSets.find((set) => set.id === weighting.id)?.weights;
    const attempt = weights ? reweighYear(entry, weights) : { problem: `${entry.framework.id} has no weight set '${weighting.kind === "set" ? weighting.id : ""}'` };
    if (!attempt.year) return { ...base, whatIfAverage: "", whatIfRating: "", ratingChanged: false, skipped: attempt.problem! };
    const alternative = scoreYear(attempt.year);
    return {
      ...base,
      whatIfAverage: formatAverage(alternative.average, alternative.framework),
      whatIfRating: alternative.rating.label,
      ratingChanged: alternative.rating.label !== official.rating.label,
      skipped: "",
    };
  });
  const weightingText =
    weighting.kind === "weights"
      ? [...weighting.weights].map(([id, weight]: [string, Fraction]) => `${id} ${formatWeight(weight)}`).join(", ")
      : describeSet(assessment, weighting.id);
  return {
    programme: assessment.programme,
    weighting: weightingText,
    years: rows,
    changedRatings: rows.filter((r) => r.ratingChanged).map((r) => `${r.year} (${r.rating} → ${r.whatIfRating})`),
  };
}

function describeSet(assessment: Assessment, id: string): string {
  const set = assessment.years.flatMap((y) => y.framework.weightSets).find((s) => s.id === id);
  return set ? `${set.title} (weight set '${id}')` : `weight set '${id}'`;
}

export function renderWhatIf(view: WhatIfView, options: { format: WhatIfFormat; templates?: Templates }): string {
  if (options.format === "json") return `${JSON.stringify(view, null, 2)}\n`;
  return (options.templates ?? new Templates()).render("what-if", "txt", view);
}
