import type { Band } from "../model/model.js";
import { Fraction, sum } from "../model/fraction.js";
import type { CriterionScore, YearScore } from "../score/score-year.js";

/**
 * How one criterion moved between two years.
 * - changed / unchanged: in both years (the same criterion, or one continuing the other across editions);
 * - new: only in the later year's framework; dropped: only in the earlier one's.
 */
export type CriterionChangeStatus = "changed" | "unchanged" | "new" | "dropped";

export interface CriterionChange {
  /** The later year's criterion id where it exists then, else the earlier one's. */
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
  /** The part of `contribution` due to the change of score, valued at the earlier year's weights. */
  scoreEffect: Fraction;
  /** The rest: the criterion added, dropped or reweighted (`contribution − scoreEffect`). */
  methodEffect: Fraction;
}

export interface Comparison {
  from: YearScore;
  to: YearScore;
  /** Both years were scored under the same framework edition. */
  sameFramework: boolean;
  /** to.exactAverage − from.exactAverage; equals the sum of the contributions. */
  exactChange: Fraction;
  /** to.average − from.average: the change between the printed (rounded) averages. */
  change: Fraction;
  /** Σ scoreEffect: what the changed scores alone did to the average. */
  scoreEffect: Fraction;
  /** Σ methodEffect: what the changed method (criteria added or dropped, weights changed) did. */
  methodEffect: Fraction;
  rating: { from: Band; to: Band; changed: boolean };
  /** Changed (and new or dropped) criteria first, largest effect on the average first; then unchanged ones. */
  criteria: CriterionChange[];
}

/**
 * Compares two scored years of a programme. `lineage` maps each criterion id of the later-listed year (`to`) to the
 * criterion of `from` it continues (see criterionLineage); by default, and for the same framework, criteria are
 * matched by id. A criterion present in only one year is listed as new or dropped, never left out. Ties in effect
 * keep the later framework's order.
 *
 * The change splits exactly into a score effect (score changes of matched criteria, weighed as in the earlier
 * year) and a method effect (everything else: criteria added or dropped, weights changed).
 */
export function compareYears(from: YearScore, to: YearScore, lineage?: ReadonlyMap<string, string>): Comparison {
  const sameFramework = from.framework.id === to.framework.id;
  const matches = lineage ?? (sameFramework ? new Map(to.criteria.map((c) => [c.id, c.id])) : new Map<string, string>());
  const fromWeight = sum(from.criteria.filter((c) => c.counted).map((c) => c.weight));
  const matchedFrom = new Set(matches.values());
  const pairs: [CriterionScore | undefined, CriterionScore | undefined][] = [
    ...to.criteria.map((after): [CriterionScore | undefined, CriterionScore] => {
      const fromId = matches.get(after.id);
      return [fromId === undefined ? undefined : from.criteria.find((c) => c.id === fromId), after];
    }),
    ...from.criteria.filter((before) => !matchedFrom.has(before.id)).map((before): [CriterionScore, undefined] => [before, undefined]),
  ];
  const changes = pairs.map(([before, after], index) => ({ change: changeOf(before, after, fromWeight), index }));
  const moved = changes.filter(({ change }) => change.status !== "unchanged");
  moved.sort((a, b) => b.change.contribution.abs().cmp(a.change.contribution.abs()) || a.index - b.index);
  const unchanged = changes.filter(({ change }) => change.status === "unchanged");
  const criteria = [...moved, ...unchanged].map(({ change }) => change);
  return {
    from,
    to,
    sameFramework,
    exactChange: to.exactAverage.sub(from.exactAverage),
    change: to.average.sub(from.average),
    scoreEffect: sum(criteria.map((c) => c.scoreEffect)),
    methodEffect: sum(criteria.map((c) => c.methodEffect)),
    rating: { from: from.rating, to: to.rating, changed: from.rating.label !== to.rating.label },
    criteria,
  };
}

function changeOf(before: CriterionScore | undefined, after: CriterionScore | undefined, fromWeight: Fraction): CriterionChange {
  const contribution = (after?.contribution ?? Fraction.ZERO).sub(before?.contribution ?? Fraction.ZERO);
  const scoreChange = before?.score && after?.score ? after.score.sub(before.score) : null;
  const scoreEffect =
    scoreChange && before!.counted && after!.counted && !fromWeight.isZero() ? scoreChange.mul(before!.weight).div(fromWeight) : Fraction.ZERO;
  let status: CriterionChangeStatus;
  if (!before) status = "new";
  else if (!after) status = "dropped";
  else {
    const sameScore = before.score === null ? after.score === null : after.score !== null && after.score.cmp(before.score) === 0;
    status = sameScore && contribution.isZero() ? "unchanged" : "changed";
  }
  const shown = after ?? before!;
  return {
    id: shown.id,
    title: shown.title,
    status,
    ...(before && { from: before }),
    ...(after && { to: after }),
    scoreChange,
    contribution,
    scoreEffect,
    methodEffect: contribution.sub(scoreEffect),
  };
}
