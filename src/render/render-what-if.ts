import type { Fraction } from "../model/fraction.js";
import { formatAverage } from "../score/score-year.js";
import type { WhatIf } from "../score/what-if.js";
import { formatWeight } from "./format-values.js";
import type { Templates } from "./templates.js";
import { WHAT_IF_FORMATS, type WhatIfFormat } from "./formats.js";
import { jsonText } from "./escape.js";

export { WHAT_IF_FORMATS, type WhatIfFormat };


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
 * The view of a what-if (see score/what-if.ts): each year's official and reweighed average and rating, and the
 * ratings that change. A year that could not be reweighed is listed as skipped, with the reason.
 */
export function buildWhatIfView(programme: string, result: WhatIf): WhatIfView {
  const rows = result.years.map(({ year, official, alternative, problem }) => {
    const base = {
      year: year.year,
      framework: year.framework.id,
      average: formatAverage(official.average, official.framework),
      rating: official.rating.label,
    };
    if (!alternative) return { ...base, whatIfAverage: "", whatIfRating: "", ratingChanged: false, skipped: problem ?? "" };
    return {
      ...base,
      whatIfAverage: formatAverage(alternative.average, alternative.framework),
      whatIfRating: alternative.rating.label,
      ratingChanged: alternative.rating.label !== official.rating.label,
      skipped: "",
    };
  });
  const { weighting } = result;
  const weightingText =
    weighting.kind === "weights"
      ? [...weighting.weights].map(([id, weight]: [string, Fraction]) => `${id} ${formatWeight(weight)}`).join(", ")
      : result.weightSet
        ? `${result.weightSet.title} (weight set '${weighting.id}')`
        : `weight set '${weighting.id}'`;
  return {
    programme,
    weighting: weightingText,
    years: rows,
    changedRatings: rows.filter((r) => r.ratingChanged).map((r) => `${r.year} (${r.rating} → ${r.whatIfRating})`),
  };
}

export function renderWhatIf(view: WhatIfView, options: { format: WhatIfFormat; templates: Templates }): string {
  if (options.format === "json") return jsonText(view);
  return options.templates.render("what-if", "txt", view);
}
