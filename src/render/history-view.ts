import type { Framework } from "../model/model.js";
import type { ScoredAssessment } from "../score/score-assessment.js";
import { formatAverage, type YearScore } from "../score/score-year.js";
import { criterionRows, type CriterionRow } from "./criterion-rows.js";
import { trendChart, type TrendChart } from "./trend-chart.js";
import { formatScore, formatWeight, ratingClass } from "./format-values.js";

/** What history templates see (`history.*.hbs`): every year of a programme, oldest first. */
export interface HistoryView {
  programme: string;
  years: HistoryYearView[];
  /** One row per criterion line: a criterion and those it continues in earlier editions. */
  criteria: { id: string; title: string; scores: string[] }[];
  /** The editions used, in order of first use: "ctm-2016 (2016–2017)". */
  editions: { id: string; title: string; years: string }[];
  /** The latest year's bands, highest first. */
  bands: { label: string; min: string; ratingClass: string }[];
  /**
   * How criteria carried on across the editions used, where a title or a weight changed ("Understanding of
   * anti-personnel mine contamination: Problem understood (lm-2014, ctm-2016; 10%) → …"), and which criteria no
   * later edition carried on; empty when every year was scored under one edition.
   */
  lineage: { text: string }[];
  chart: TrendChart;
}

export interface HistoryYearView {
  year: number;
  framework: string;
  average: string;
  rating: string;
  ratingClass: string;
  source: string;
  /** This year's score on each row of `criteria`, in the same order: "—" where its edition lacks the row. */
  scores: string[];
  /** The same as numbers only, "" where there is none (for a spreadsheet, which would read "—" as text). */
  values: string[];
}


/**
 * A programme's whole record. Rows follow the latest year's framework; an earlier year's score sits in the row of
 * the criterion that continues it (through the editions' lineage), and criteria that no later edition continues get
 * rows of their own after them.
 */
export function buildHistoryView(scored: ScoredAssessment, frameworks: ReadonlyMap<string, Framework>): HistoryView {
  const { assessment } = scored;
  const scores = [...scored.years].sort((a, b) => a.year - b.year);
  const latest = scores.at(-1)!;
  const rows = criterionRows(scores, frameworks);
  const editions: HistoryView["editions"] = [];
  for (const score of scores) {
    const found = editions.find((e) => e.id === score.framework.id);
    const years = scores.filter((s) => s.framework.id === score.framework.id).map((s) => s.year);
    if (!found) editions.push({ id: score.framework.id, title: score.framework.title, years: yearRange(years) });
  }
  const criteria = rows.map(({ criterion, byYear }) => ({
    id: criterion.id,
    title: criterion.title,
    scores: scores.map((s) => (byYear.has(s.year) ? formatScore(byYear.get(s.year)!.score) : "—")),
  }));
  return {
    programme: assessment.programme,
    lineage: lineageNotes(rows, scores),
    years: scores.map((score, index) => {
      const entry = assessment.years.find((y) => y.year === score.year)!;
      return {
        year: score.year,
        framework: score.framework.id,
        average: formatAverage(score.average, score.framework),
        rating: score.rating.label,
        ratingClass: ratingClass(score.rating.label),
        source: entry.source ?? "",
        scores: criteria.map((c) => c.scores[index]!),
        values: rows.map(({ byYear }) => {
          const cell = byYear.get(score.year);
          return cell?.score ? formatScore(cell.score) : "";
        }),
      };
    }),
    criteria,
    editions,
    bands: latest.framework.bands.map((band) => ({ label: band.label, min: formatAverage(band.min, latest.framework), ratingClass: ratingClass(band.label) })),
    chart: trendChart(assessment.programme, scores, latest.framework),
  };
}

/**
 * One note per row whose criterion was printed under another title or weighed otherwise in an earlier edition:
 * its steps oldest first, editions with the same title and weight together. Then one note for the rows no later
 * edition carries on, naming the first edition without them.
 */
function lineageNotes(rows: readonly CriterionRow[], scores: readonly YearScore[]): { text: string }[] {
  const editions = [...new Set(scores.map((s) => s.framework.id))];
  if (editions.length < 2) return [];
  const latest = scores.at(-1)!.framework;
  const notes: { text: string }[] = [];
  for (const row of rows) {
    const steps: { title: string; weight: string; editions: string[] }[] = [];
    for (const score of scores) {
      const entry = row.byYear.get(score.year);
      if (!entry) continue;
      const weight = formatWeight(entry.weight);
      const last = steps.at(-1);
      if (last && last.title === entry.title && last.weight === weight) {
        if (!last.editions.includes(score.framework.id)) last.editions.push(score.framework.id);
      } else {
        steps.push({ title: entry.title, weight, editions: [score.framework.id] });
      }
    }
    if (steps.length > 1) {
      notes.push({ text: `${row.criterion.title}: ${steps.map((step) => `${step.title} (${step.editions.join(", ")}; ${step.weight})`).join(" → ")}` });
    }
  }
  const discontinued = rows.filter((r) => !latest.criteria.some((c) => c.id === r.criterion.id));
  if (discontinued.length > 0) {
    const lastUse = discontinued.flatMap((r) => [...r.byYear.keys()]).reduce((a, b) => Math.max(a, b), -Infinity);
    const next = scores.find((s) => s.year > lastUse)?.framework.id ?? latest.id;
    notes.push({ text: `Not carried on into ${next}: ${discontinued.map((r) => r.criterion.title).join("; ")}` });
  }
  return notes;
}

function yearRange(years: number[]): string {
  const first = years.reduce((a, b) => Math.min(a, b), Infinity);
  const last = years.reduce((a, b) => Math.max(a, b), -Infinity);
  return first === last ? String(first) : `${first}–${last}`;
}
