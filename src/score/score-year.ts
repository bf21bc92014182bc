import type { AssessmentYear, Band, Framework } from "../model/model.js";
import { Fraction, sum } from "../model/fraction.js";

export interface CriterionScore {
  id: string;
  title: string;
  /** Percent, as the framework declares it. */
  weight: Fraction;
  /** Null when unscored. */
  score: Fraction | null;
  /** Whether the criterion counts towards the average (an unscored one does not under the `exclude` policy). */
  counted: boolean;
  /** score × weight ÷ counted weight: the points this criterion adds to the exact average. */
  contribution: Fraction;
  commentary: string;
}

export interface YearScore {
  year: number;
  framework: Framework;
  criteria: CriterionScore[];
  /** Σ contribution, unrounded. */
  exactAverage: Fraction;
  /** exactAverage rounded once by the framework's rule; this is what is printed and banded. */
  average: Fraction;
  rating: Band;
}

/**
 * The weighted average of one year, exactly: Σ score × weight ÷ Σ weight, in rationals, rounded once by the
 * framework's rule, then banded. Unscored criteria follow the framework's policy (see UnscoredPolicySchema).
 *
 * The year must have passed validation: under the `not-allowed` policy an unscored criterion is a caller error.
 */
export function scoreYear(year: AssessmentYear): YearScore {
  const { framework } = year;
  const scores = new Map(year.entries.map((entry) => [entry.criterionId, entry]));
  const rows = framework.criteria.map((criterion) => {
    const entry = scores.get(criterion.id);
    const score = entry?.score ?? null;
    if (score === null && framework.unscored === "not-allowed") {
      throw new Error(`${year.year}: criterion '${criterion.id}' is unscored; validate the assessment before scoring it`);
    }
    const effective = score ?? (framework.unscored === "zero" ? framework.scale.min : null);
    return { criterion, score, effective, commentary: entry?.commentary ?? "" };
  });
  const countedWeight = sum(rows.filter((r) => r.effective !== null).map((r) => r.criterion.weight));
  const criteria: CriterionScore[] = rows.map(({ criterion, score, effective, commentary }) => ({
    id: criterion.id,
    title: criterion.title,
    weight: criterion.weight,
    score,
    counted: effective !== null,
    contribution: effective === null || countedWeight.isZero() ? Fraction.ZERO : effective.mul(criterion.weight).div(countedWeight),
    commentary,
  }));
  const exactAverage = sum(criteria.map((c) => c.contribution));
  const average = exactAverage.round(framework.rounding.decimals, framework.rounding.mode);
  return { year: year.year, framework, criteria, exactAverage, average, rating: bandFor(average, framework) };
}

/** The band with the highest lower bound not above `average` (bands are listed highest first). */
export function bandFor(average: Fraction, framework: Framework): Band {
  return framework.bands.find((band) => average.cmp(band.min) >= 0) ?? framework.bands.at(-1)!;
}

/** The average as printed: exactly the framework's number of decimals (7.2, 8.0). */
export function formatAverage(average: Fraction, framework: Framework): string {
  return average.toFixed(framework.rounding.decimals);
}
