import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Fraction } from "../model/fraction.js";
import type { ScoredAssessment } from "./score-assessment.js";
import { whatItTakes, type BandMove, type ScoreMove } from "./what-it-takes.js";
import type { YearScore } from "./score-year.js";

/**
 * The scores of a programme as plain data: what `assess score --format json` prints. Numbers are exact (Fractions),
 * written into the JSON as their decimal digits, never through a double (see render/escape.ts's jsonText).
 */
export interface ScoreReport {
  programme: string;
  /** The assessment's default framework id. */
  framework: string;
  /** Newest first. */
  years: YearReport[];
}

export interface YearReport {
  year: number;
  /** The framework this year was scored under. */
  framework: string;
  /** The rounded average, e.g. 7.2 (exact: computed in integers, rounded once). */
  average: Fraction;
  /** The band's label, e.g. "GOOD". */
  rating: string;
  source: string | null;
  published: { average: Fraction | null; rating: string | null } | null;
  criteria: { id: string; title: string; weight: Fraction; score: Fraction | null; contribution: Fraction }[];
  /** The smallest score increases that would lift the rating to the next band (null at the top, or out of reach). */
  toNextBand: BandMoveReport | null;
  /** The smallest score decreases that would drop the rating to the band below (null at the bottom). */
  toLowerBand: BandMoveReport | null;
  warnings: { code: string; message: string; line: number; column: number }[];
}

export interface BandMoveReport {
  rating: string;
  /** Total score points to move. */
  points: Fraction;
  /** One smallest set of moves. */
  changes: { id: string; from: Fraction; to: Fraction }[];
  /** The average after those moves, rounded as printed. */
  average: Fraction;
  /** Criteria that could do it alone, and the score each would need. */
  alone: { id: string; from: Fraction; to: Fraction }[];
}

function bandMoveReport(move: BandMove | undefined): BandMoveReport | null {
  if (!move) return null;
  const moves = (list: ScoreMove[]) => list.map((m) => ({ id: m.criterionId, from: m.from, to: m.to }));
  return {
    rating: move.band.label,
    points: move.points,
    changes: moves(move.moves),
    average: move.average,
    alone: moves(move.alone),
  };
}

/**
 * The scores of every year of an assessment (or only `year`), with what it takes to change band, as plain data.
 * `diagnostics` are the assessment's validation warnings; each year's report carries those about that year.
 */
export function scoreReport(scored: ScoredAssessment, diagnostics: readonly Diagnostic[] = [], year?: number): { report: ScoreReport; scores: YearScore[] } {
  const { assessment } = scored;
  const years = assessment.years.map((entry, index) => ({ entry, score: scored.years[index]! })).filter(({ entry }) => year === undefined || entry.year === year);
  const scores = years.map(({ score }) => score);
  const report: ScoreReport = {
    programme: assessment.programme,
    framework: assessment.frameworkId,
    years: years.map(({ entry, score }) => {
      const takes = whatItTakes(entry, score);
      return {
        year: score.year,
        framework: score.framework.id,
        average: score.average,
        rating: score.rating.label,
        source: entry.source ?? null,
        published: entry.published
          ? { average: entry.published.average ?? null, rating: entry.published.rating ?? null }
          : null,
        criteria: score.criteria.map((c) => ({
          id: c.id,
          title: c.title,
          weight: c.weight,
          score: c.score,
          contribution: c.contribution,
        })),
        toNextBand: bandMoveReport(takes.up),
        toLowerBand: bandMoveReport(takes.down),
        warnings: diagnostics
          .filter((d) => d.file === assessment.file && d.path[0] === "years" && d.path[1] === String(score.year))
          .map((d) => ({ code: d.code, message: d.message, line: d.line, column: d.column })),
      };
    }),
  };
  return { report, scores };
}
