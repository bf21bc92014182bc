import type { Band, Criterion } from "../model.js";
import { Fraction } from "../score/fraction.js";
import type { CriterionScore, YearScore } from "../score/score-year.js";

/**
 * How one criterion moved between two years.
 * - changed / unchanged: scored in both years;
 * - new: only in the later year's framework; dropped: only in the earlier one's.
 */
export type CriterionChangeStatus = "changed" | "unchanged" | "new" | "dropped";

export interface CriterionChange {
  id: string;
  /** The later year's title where the criterion exists then, else the earlier one's. */
  title: string;
  status: CriterionChangeStatus;
  from?: CriterionScore;
  to?: CriterionScore;
  /** to.score − from.score, when both are scored. */
  scoreChange: Fraction | null;
  /**
   * to.contribution − from.contribution: this criterion's share of the change in the exact average. The shares
   * of all criteria add up exactly to `Comparison.exactChange`.
   */
  contribution: Fraction;
}

export interface Comparison {
  from: YearScore;
  to: YearScore;
  /** to.exactAverage − from.exactAverage; equals the sum of the contributions. */
  exactChange: Fraction;
  /** to.average − from.average: the change between the printed (rounded) averages. */
  change: Fraction;
  rating: { from: Band; to: Band; changed: boolean };
  /** Changed (and new or dropped) criteria first, largest effect on the average first; then unchanged ones. */
  criteria: CriterionChange[];
}

/**
 * Compares two scored years of a programme. Criteria are matched by id, so a criterion that keeps its id across
 * framework editions is compared with itself; one present in only one year is listed as new or dropped, never
 * left out. Ties in effect keep the later framework's order.
 */
export function compareYears(from: YearScore, to: YearScore): Comparison {
  const order = [...to.framework.criteria, ...from.framework.criteria.filter((c) => !to.framework.criteria.some((d) => d.id === c.id))];
  const changes = order.map((criterion, index) => ({ change: changeOf(criterion, from, to), index }));
  const moved = changes.filter(({ change }) => change.status !== "unchanged");
  moved.sort((a, b) => b.change.contribution.abs().cmp(a.change.contribution.abs()) || a.index - b.index);
  const unchanged = changes.filter(({ change }) => change.status === "unchanged");
  return {
    from,
    to,
    exactChange: to.exactAverage.sub(from.exactAverage),
    change: to.average.sub(from.average),
    rating: { from: from.rating, to: to.rating, changed: from.rating.label !== to.rating.label },
    criteria: [...moved, ...unchanged].map(({ change }) => change),
  };
}

function changeOf(criterion: Criterion, from: YearScore, to: YearScore): CriterionChange {
  const before = from.criteria.find((c) => c.id === criterion.id);
  const after = to.criteria.find((c) => c.id === criterion.id);
  const contribution = (after?.contribution ?? Fraction.ZERO).sub(before?.contribution ?? Fraction.ZERO);
  const scoreChange = before?.score && after?.score ? after.score.sub(before.score) : null;
  let status: CriterionChangeStatus;
  if (!before) status = "new";
  else if (!after) status = "dropped";
  else {
    const sameScore = before.score === null ? after.score === null : after.score !== null && after.score.cmp(before.score) === 0;
    status = sameScore && contribution.isZero() ? "unchanged" : "changed";
  }
  return {
    id: criterion.id,
    title: after?.title ?? before!.title,
    status,
    ...(before && { from: before }),
    ...(after && { to: after }),
    scoreChange,
    contribution,
  };
}
