import { frameworksOf, yearOf, type Framework } from "../model/model.js";
import { criterionRows } from "./criterion-rows.js";
import { Fraction } from "../model/fraction.js";
import { scoreOf, type ScoredAssessment } from "../score/score-assessment.js";
import { formatAverage, type YearScore } from "../score/score-year.js";
import { formatScore, formatWeight, ratingClass } from "./format-values.js";

/**
 * What assessment templates see. Every value is ready to print; templates only loop and print. Documented field
 * by field in the README ("Writing a template").
 */
export interface AssessmentView {
  programme: string;
  /** "Assessment of National Programme Performance" */
  heading: string;
  /** The framework of the latest year shown. */
  framework: { id: string; title: string };
  /** The score columns, latest year first. */
  years: YearColumnView[];
  /** The latest year shown: its rating is the one a published table prints. */
  latest: YearColumnView;
  criteria: CriterionRowView[];
  /** Whether any criterion has commentary for the latest year: a table without any leaves its column out. */
  hasCommentary: boolean;
  /** Rating bands of the latest year's framework, highest first. */
  bands: { label: string; min: string; range: string }[];
}

export interface YearColumnView {
  year: number;
  /** "Score (2024)" */
  scoreHeading: string;
  /** "7.2" */
  average: string;
  /** "GOOD" */
  rating: string;
  /** "Overall Programme Performance: GOOD" */
  ratingText: string;
  /** A CSS-friendly form of the rating: "very-good". */
  ratingClass: string;
  framework: string;
  /** Where the year's scores were published; "" when not recorded. */
  source: string;
}

export interface CriterionRowView {
  id: string;
  /** "Understanding of AP mine contamination" */
  title: string;
  /** "UNDERSTANDING OF AP MINE CONTAMINATION (20% of overall score)", the published table's first column. */
  printedTitle: string;
  /**
   * "20%": the criterion's weight, or, when the years shown were scored under editions that weigh it differently,
   * each year's: "10% (2024), 20% (2022)".
   */
  weight: string;
  /** The weight in each year column, in the same order: "20%", or "—" where that year's framework lacks it. */
  weights: string[];
  /** "(20% of overall score)" */
  weightNote: string;
  /** One per year column, in the same order: "7", "not scored", or "—" where that year's framework lacks it. */
  scores: string[];
  /** The latest year's commentary ("" when none was written). */
  commentary: string;
}

export const ASSESSMENT_HEADING = "Assessment of National Programme Performance";

/**
 * The assessment table for the given years (latest first, as published). Rows follow the latest year's framework;
 * a criterion only an earlier year's framework has is added after them.
 */
export function buildAssessmentView(
  scoredAssessment: ScoredAssessment,
  years: readonly number[],
  /** For the lineage of criteria across editions; by default the editions the assessment uses. */
  frameworks: ReadonlyMap<string, Framework> = frameworksOf(scoredAssessment.assessment),
): AssessmentView {
  const { assessment } = scoredAssessment;
  const scored = [...years]
    .sort((a, b) => b - a)
    .map((year) => ({ score: scoreOf(scoredAssessment, year), source: yearOf(assessment, year).source ?? "" }));
  const columns = scored.map(({ score, source }) => yearColumn(score, source));
  const latest = scored[0]!.score;
  const criteria = criterionRows(
    scored.map(({ score }) => score),
    frameworks,
  ).map(({ criterion, byYear }): CriterionRowView => {
    const weightNote = `(${formatWeight(criterion.weight)} of overall score)`;
    const weights = scored.map(({ score }) => {
      const cell = byYear.get(score.year);
      return cell ? formatWeight(cell.weight) : "—";
    });
    const distinct = [...new Set(weights.filter((w) => w !== "—"))];
    return {
      id: criterion.id,
      title: criterion.title,
      printedTitle: `${criterion.title.toUpperCase()} ${weightNote}`,
      weight: distinct.length <= 1 ? formatWeight(criterion.weight) : weights.flatMap((w, i) => (w === "—" ? [] : [`${w} (${scored[i]!.score.year})`])).join(", "),
      weights,
      weightNote,
      scores: scored.map(({ score }) => {
        const cell = byYear.get(score.year);
        return cell ? formatScore(cell.score) : "—";
      }),
      commentary: byYear.get(latest.year)?.commentary ?? "",
    };
  });
  const bands = latest.framework.bands.map((band, index, all) => {
    const min = formatAverage(band.min, latest.framework);
    const above = all[index - 1];
    const range = above ? `${min} – ${formatAverage(above.min.sub(unit(latest)), latest.framework)}` : `${min} or above`;
    return { label: band.label, min, range };
  });
  return {
    programme: assessment.programme,
    heading: ASSESSMENT_HEADING,
    framework: { id: latest.framework.id, title: latest.framework.title },
    years: columns,
    latest: columns[0]!,
    criteria,
    hasCommentary: criteria.some((row) => row.commentary.trim() !== ""),
    bands,
  };
}

function yearColumn(score: YearScore, source: string): YearColumnView {
  return {
    year: score.year,
    scoreHeading: `Score (${score.year})`,
    average: formatAverage(score.average, score.framework),
    rating: score.rating.label,
    ratingText: `Overall Programme Performance: ${score.rating.label}`,
    ratingClass: ratingClass(score.rating.label),
    framework: score.framework.id,
    source,
  };
}

/** The smallest step of a printed average: 0.1 for one decimal. */
function unit(score: YearScore): Fraction {
  return Fraction.of(1n, 10n ** BigInt(score.framework.rounding.decimals));
}
