import { Fraction, HUNDRED, sum } from "../model/fraction.js";
import type { BandMoveReport, ScoreReport } from "../score/score-report.js";
import type { YearScore } from "../score/score-year.js";
import { formatAverage } from "../score/score-year.js";
import { formatScore, formatWeight } from "./format-values.js";
import type { Templates } from "./templates.js";
import { SCORE_FORMATS, type ScoreFormat } from "./formats.js";
import { jsonText } from "./escape.js";

export { SCORE_FORMATS, type ScoreFormat };


/** What score.txt.hbs sees. */
export interface ScoreView {
  programme: string;
  years: {
    year: number;
    framework: string;
    average: string;
    rating: string;
    criteria: { id: string; title: string; weight: string; score: string; contribution: string }[];
    /** What it takes to reach the band above and the band below; null where there is none. */
    up: BandMoveView | null;
    down: BandMoveView | null;
  }[];
}

export interface BandMoveView {
  rating: string;
  /** "4 points" */
  points: string;
  /** "Understanding of AP mine contamination 7 → 10, Land release outputs and Article 5 compliance 7 → 8" */
  changes: string;
  average: string;
  /** "Land release outputs and Article 5 compliance 7 → 5; …", or "" when no criterion can do it alone. */
  alone: string;
}

/**
 * The weight a criterion actually has in the average: its own, unless unscored criteria were excluded, which
 * rescales the others to 100% (so that "score × weight = contribution" stays true as printed). `counted` is the
 * sum of the counted criteria's weights. Exact where a decimal writes it (always, when nothing is excluded); a
 * rescaled weight that no decimal writes (20 of 90: 22.2…%) is rounded to two places.
 */
function effectiveWeight(weight: Fraction, counted: Fraction): Fraction {
  const exact = weight.mul(HUNDRED).div(counted);
  return exact.decimalPlaces() === undefined ? exact.round(2, "half-up") : exact;
}

function bandMoveView(move: BandMoveReport | null, score: YearScore, titles: ReadonlyMap<string, string>): BandMoveView | null {
  if (!move) return null;
  const title = (id: string) => titles.get(id)!;
  const list = (moves: BandMoveReport["changes"]) => moves.map((m) => `${title(m.id)} ${formatScore(m.from)} → ${formatScore(m.to)}`);
  return {
    rating: move.rating,
    points: `${formatScore(move.points)} point${move.points.cmp(ONE) === 0 ? "" : "s"}`,
    changes: list(move.changes).join(", "),
    average: formatAverage(move.average, score.framework),
    alone: list(move.alone).join("; "),
  };
}

const ONE = Fraction.of(1);

/** Warnings are not part of the text: the CLI prints them, with their positions, on stderr. */
export function renderScores(report: ScoreReport, scores: readonly YearScore[], options: { format: ScoreFormat; templates: Templates }): string {
  if (options.format === "json") return jsonText(report);
  const view: ScoreView = {
    programme: report.programme,
    years: scores.map((score, index) => {
      // Once per year, not once per criterion: a framework may have thousands.
      const counted = sum(score.criteria.filter((c) => c.counted).map((c) => c.weight));
      const titles = new Map(score.criteria.map((c) => [c.id, c.title]));
      return {
        year: score.year,
        framework: score.framework.id,
        average: formatAverage(score.average, score.framework),
        rating: score.rating.label,
        criteria: score.criteria.map((c) => ({
          id: c.id,
          title: c.title,
          weight: c.counted ? formatWeight(effectiveWeight(c.weight, counted)) : "excluded",
          score: formatScore(c.score),
          contribution: c.contribution.toDecimal(score.framework.rounding.decimals, score.framework.rounding.decimals + 4),
        })),
        up: bandMoveView(report.years[index]!.toNextBand, score, titles),
        down: bandMoveView(report.years[index]!.toLowerBand, score, titles),
      };
    }),
  };
  return options.templates.render("score", "txt", view);
}
