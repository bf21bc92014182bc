import type { AssessmentYear, Band, Criterion } from "../model/model.js";
import { Fraction, sum } from "../model/fraction.js";
import { scoreYear, type YearScore } from "./score-year.js";

/** One criterion's score moved from → to. */
export interface ScoreMove {
  criterionId: string;
  title: string;
  from: Fraction;
  to: Fraction;
}

/** The least change of scores that moves a year into a neighbouring band. */
export interface BandMove {
  band: Band;
  /** Total score points moved (in scale units, e.g. 4 whole points). */
  points: Fraction;
  /** One smallest set of moves: the heaviest criteria first. */
  moves: ScoreMove[];
  /** The year's average after those moves (rounded, as printed). */
  average: Fraction;
  /** Single criteria that could do it alone, with the score each would need. */
  alone: ScoreMove[];
}

export interface WhatItTakes {
  year: number;
  /** Undefined when the year is already in the top band, or no scores within the scale can lift it. */
  up?: BandMove;
  /** Undefined when the year is already in the bottom band. */
  down?: BandMove;
}

/**
 * The smallest score increases that would lift a year's rating to the next band, and the smallest decreases that
 * would drop it to the one below, within the scale. Steps go to the heaviest criterion first, one scale step at a
 * time, which needs the fewest points: every point moved is worth weight ÷ Σ weight, so the heaviest are worth
 * most. Each candidate is priced exactly and rounded by the framework's rule, as a scored year would be.
 */
export function whatItTakes(year: AssessmentYear, current: YearScore = scoreYear(year)): WhatItTakes {
  const bands = year.framework.bands;
  const index = bands.findIndex((band) => band.label === current.rating.label);
  const higher = bands[index - 1];
  const lower = bands[index + 1];
  const up = higher && move(year, current, +1, (average) => average.cmp(higher.min) >= 0, higher);
  const down = lower && move(year, current, -1, (average) => average.cmp(current.rating.min) < 0, lower);
  return { year: year.year, ...(up && { up }), ...(down && { down }) };
}

/**
 * `reached` is asked of a rounded average. The average is linear in the scores (the counted weight does not change
 * when scored criteria move), so each step of a criterion adds the same exact amount, step × weight ÷ counted
 * weight, and a candidate is priced by adding those up and rounding once, as scoreYear would.
 *
 * The exact average of the steps chosen so far is kept as they are chosen, so pricing a candidate (those steps and
 * some steps of one more criterion) costs one addition and one rounding, whatever the number of criteria: the
 * search is linear in the criteria and logarithmic in the length of the scale.
 */
function move(year: AssessmentYear, current: YearScore, direction: 1 | -1, reached: (average: Fraction) => boolean, band: Band): BandMove | undefined {
  const { framework } = year;
  const { decimals, mode } = framework.rounding;
  const step = direction > 0 ? framework.scale.step : framework.scale.step.neg();
  const limit = direction > 0 ? framework.scale.max : framework.scale.min;
  const written = new Map(year.entries.map((entry) => [entry.criterionId, entry.score]));
  const counted = sum(current.criteria.filter((c) => c.counted).map((c) => c.weight));
  const perStep = new Map(framework.criteria.map((c) => [c.id, step.mul(c.weight).div(counted)]));
  /** The exact average `exact` with `count` more steps of `id`. */
  const plus = (exact: Fraction, id: string, count: bigint): Fraction => exact.add(perStep.get(id)!.mul(Fraction.of(count)));
  const reaches = (exact: Fraction): boolean => reached(exact.round(decimals, mode));
  /**
   * How many steps a criterion can move before it hits the end of the scale (0 when unscored). Counted in whole
   * BigInts: a scale of 0–1e20 in whole points, or of 0–10 in steps of 1e-16, has more steps than a double counts.
   */
  const room = (id: string): bigint => {
    const score = written.get(id);
    return score ? limit.sub(score).div(step).num : 0n;
  };
  /**
   * The fewest steps of `id`, on top of the exact average `base`, that reach the band; undefined if all its room
   * does not. Found by bisection (the average only grows with the steps), so a scale of any length costs a few dozen
   * pricings.
   */
  const fewest = (base: Fraction, id: string): bigint | undefined => {
    const most = room(id);
    if (most === 0n || !reaches(plus(base, id, most))) return undefined;
    let low = 1n;
    let high = most;
    while (low < high) {
      const middle = (low + high) / 2n;
      if (reaches(plus(base, id, middle))) high = middle;
      else low = middle + 1n;
    }
    return low;
  };

  // Fewest points: move the heaviest criterion as far as it takes or as far as it goes, then the next heaviest.
  const order = framework.criteria
    .map((criterion, index) => ({ criterion, index }))
    .sort((a, b) => b.criterion.weight.cmp(a.criterion.weight) || a.index - b.index)
    .map(({ criterion }) => criterion);
  const steps = new Map<string, bigint>();
  let exact = current.exactAverage;
  for (const { id } of order) {
    if (steps.size > 0 && reaches(exact)) break;
    const needed = fewest(exact, id);
    if (needed !== undefined) {
      steps.set(id, needed);
      exact = plus(exact, id, needed);
      break;
    }
    const most = room(id);
    if (most > 0n) {
      steps.set(id, most);
      exact = plus(exact, id, most);
    }
  }
  const average = exact.round(decimals, mode);
  if (!reached(average)) return undefined;
  const moveOf = (criterion: Criterion, count: bigint): ScoreMove => {
    const from = written.get(criterion.id)!;
    return { criterionId: criterion.id, title: criterion.title, from, to: from.add(step.mul(Fraction.of(count))) };
  };
  const moves = framework.criteria.filter((c) => steps.has(c.id)).map((c) => moveOf(c, steps.get(c.id)!));
  const alone = framework.criteria.flatMap((criterion) => {
    const needed = fewest(current.exactAverage, criterion.id);
    return needed === undefined ? [] : [moveOf(criterion, needed)];
  });
  return { band, points: sum(moves.map((m) => m.to.sub(m.from).abs())), moves, average, alone };
}
