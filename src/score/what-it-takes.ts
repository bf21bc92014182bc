import type { AssessmentYear, Band, CriterionEntry } from "../model.js";
import { Fraction, sum } from "./fraction.js";
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
 * most. Each candidate is re-scored exactly, so the framework's rounding and unscored policy apply as usual.
 */
export function whatItTakes(year: AssessmentYear): WhatItTakes {
  const current = scoreYear(year);
  const bands = year.framework.bands;
  const index = bands.findIndex((band) => band.label === current.rating.label);
  const higher = bands[index - 1];
  const lower = bands[index + 1];
  const up = higher && move(year, current, +1, (score) => score.average.cmp(higher.min) >= 0, higher);
  const down = lower && move(year, current, -1, (score) => score.average.cmp(current.rating.min) < 0, lower);
  return { year: year.year, ...(up && { up }), ...(down && { down }) };
}

function move(year: AssessmentYear, current: YearScore, direction: 1 | -1, reached: (score: YearScore) => boolean, band: Band): BandMove | undefined {
  const { framework } = year;
  const step = framework.scale.step;
  const limit = direction > 0 ? framework.scale.max : framework.scale.min;
  const order = framework.criteria
    .map((criterion, index) => ({ criterion, index }))
    .sort((a, b) => b.criterion.weight.cmp(a.criterion.weight) || a.index - b.index)
    .map(({ criterion }) => criterion);
  const canMove = (score: Fraction | null) => score !== null && (direction > 0 ? score.cmp(limit) < 0 : score.cmp(limit) > 0);
  const shift = (entries: CriterionEntry[], id: string) =>
    entries.map((e) => (e.criterionId === id ? { ...e, score: e.score!.add(direction > 0 ? step : step.neg()) } : e));

  // Fewest points: always move the heaviest criterion that can still move.
  let entries = year.entries;
  let score = current;
  while (!reached(score)) {
    const next = order.find((c) => canMove(entries.find((e) => e.criterionId === c.id)!.score));
    if (!next) return undefined;
    entries = shift(entries, next.id);
    score = scoreYear({ ...year, entries });
  }
  const moves = framework.criteria.flatMap((criterion): ScoreMove[] => {
    const before = year.entries.find((e) => e.criterionId === criterion.id)!.score;
    const after = entries.find((e) => e.criterionId === criterion.id)!.score;
    return before && after && before.cmp(after) !== 0 ? [{ criterionId: criterion.id, title: criterion.title, from: before, to: after }] : [];
  });

  const alone = framework.criteria.flatMap((criterion): ScoreMove[] => {
    let single = year.entries;
    while (canMove(single.find((e) => e.criterionId === criterion.id)!.score)) {
      single = shift(single, criterion.id);
      if (reached(scoreYear({ ...year, entries: single }))) {
        const from = year.entries.find((e) => e.criterionId === criterion.id)!.score!;
        return [{ criterionId: criterion.id, title: criterion.title, from, to: single.find((e) => e.criterionId === criterion.id)!.score! }];
      }
    }
    return [];
  });
  return { band, points: sum(moves.map((m) => m.to.sub(m.from).abs())), moves, average: score.average, alone };
}
