import type { ScoreReport } from "../score/score-assessment.js";
import type { YearScore } from "../score/score-year.js";
import { formatAverage } from "../score/score-year.js";
import { formatScore, formatWeight } from "./format-values.js";
import { Templates } from "./templates.js";

export type ScoreFormat = "text" | "json";
export const SCORE_FORMATS: readonly ScoreFormat[] = ["text", "json"];

/** What score.txt.hbs sees. */
export interface ScoreView {
  programme: string;
  years: {
    year: number;
    framework: string;
    average: string;
    rating: string;
    criteria: { id: string; title: string; weight: string; score: string; contribution: string }[];
  }[];
}

/** Warnings are not part of the text: the CLI prints them, with their positions, on stderr. */
export function renderScores(report: ScoreReport, scores: readonly YearScore[], options: { format: ScoreFormat; templates?: Templates }): string {
  if (options.format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  const view: ScoreView = {
    programme: report.programme,
    years: scores.map((score) => ({
      year: score.year,
      framework: score.framework.id,
      average: formatAverage(score.average, score.framework),
      rating: score.rating.label,
      criteria: score.criteria.map((c) => ({
        id: c.id,
        title: c.title,
        weight: formatWeight(c.weight),
        score: formatScore(c.score),
        contribution: c.contribution.toDecimal(score.framework.rounding.decimals, score.framework.rounding.decimals + 4),
      })),
    })),
  };
  return (options.templates ?? new Templates()).render("score", "txt", view);
}
