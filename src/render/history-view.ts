import type { Assessment, Framework } from "../model.js";
import { Fraction } from "../score/fraction.js";
import { formatAverage, scoreYear, type YearScore } from "../score/score-year.js";
import { criterionRows } from "./criterion-rows.js";
import { formatScore, ratingClass } from "./format-values.js";

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
  chart: HistoryChart;
}

export interface HistoryYearView {
  year: number;
  framework: string;
  average: string;
  rating: string;
  ratingClass: string;
  source: string;
  /** This year's score on each row of `criteria`, in the same order. */
  scores: string[];
}

/** Geometry of the SVG chart of the average over the years, against the band boundaries. */
export interface HistoryChart {
  width: number;
  height: number;
  /** The plotting area. */
  left: number;
  plotWidth: number;
  right: number;
  top: number;
  bottom: number;
  /** "x,y x,y …" for a polyline. */
  points: string;
  dots: { x: number; y: number; label: string }[];
  /** A horizontal strip per band, from its lower bound to the next band's. */
  bands: { y: number; height: number; label: string; labelY: number; ratingClass: string }[];
  /** Gridlines at whole points. */
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  description: string;
}

/**
 * A programme's whole record. Rows follow the latest year's framework; an earlier year's score sits in the row of
 * the criterion that continues it (through the editions' lineage), and criteria that no later edition continues get
 * rows of their own after them.
 */
export function buildHistoryView(assessment: Assessment, frameworks: ReadonlyMap<string, Framework>): HistoryView {
  const scores = [...assessment.years].sort((a, b) => a.year - b.year).map(scoreYear);
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
      };
    }),
    criteria,
    editions,
    bands: latest.framework.bands.map((band) => ({ label: band.label, min: formatAverage(band.min, latest.framework), ratingClass: ratingClass(band.label) })),
    chart: chartOf(assessment.programme, scores, latest.framework),
  };
}

function yearRange(years: number[]): string {
  const first = Math.min(...years);
  const last = Math.max(...years);
  return first === last ? String(first) : `${first}–${last}`;
}

const CHART = { width: 640, height: 280, left: 48, right: 120, top: 16, bottom: 36 };

function chartOf(programme: string, scores: YearScore[], framework: Framework): HistoryChart {
  const { width, height, left, right, top, bottom } = CHART;
  const min = framework.scale.min.toNumber();
  const max = framework.scale.max.toNumber();
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const y = (value: number) => round(top + ((max - value) / (max - min)) * plotHeight);
  const firstYear = scores[0]!.year;
  const lastYear = scores.at(-1)!.year;
  const x = (year: number) => round(lastYear === firstYear ? left + plotWidth / 2 : left + ((year - firstYear) / (lastYear - firstYear)) * plotWidth);
  const dots = scores.map((score) => ({ x: x(score.year), y: y(score.average.toNumber()), label: `${score.year}: ${formatAverage(score.average, score.framework)} ${score.rating.label}` }));
  const bands = framework.bands.map((band, index) => {
    const upper = index === 0 ? max : framework.bands[index - 1]!.min.toNumber();
    const top = y(upper);
    const bottomY = y(band.min.toNumber());
    return { y: top, height: round(bottomY - top), label: `${band.label} (${formatAverage(band.min, framework)}+)`, labelY: round((top + bottomY) / 2 + 4), ratingClass: ratingClass(band.label) };
  });
  const yTicks = niceTicks(framework.scale.min, framework.scale.max).map((value) => ({ y: y(value.toNumber()), label: value.toDecimal(0, 2) }));
  const span = lastYear - firstYear;
  const every = span > 12 ? 2 : 1;
  const xTicks = scores.filter((s, i) => i === 0 || i === scores.length - 1 || (s.year - firstYear) % every === 0).map((s) => ({ x: x(s.year), label: String(s.year) }));
  return {
    width,
    height,
    left,
    plotWidth,
    right: width - right,
    top,
    bottom: height - bottom,
    points: dots.map((d) => `${d.x},${d.y}`).join(" "),
    dots,
    bands,
    yTicks,
    xTicks,
    description: `${programme}: average score by year, ${dots.map((d) => d.label).join("; ")}`,
  };
}

/** Gridline values from min to max at a step of 1, 2 or 5 × 10ⁿ, at most 11 of them (0, 1, … 10 on the usual scale). */
function niceTicks(min: Fraction, max: Fraction): Fraction[] {
  const span = max.sub(min).toNumber();
  const magnitude = 10 ** Math.floor(Math.log10(span / 10));
  const step = Fraction.parse(String([1, 2, 5, 10].map((m) => m * magnitude).find((s) => span / s <= 10) ?? 10 * magnitude));
  const ticks: Fraction[] = [];
  for (let value = min; value.cmp(max) <= 0; value = value.add(step)) ticks.push(value);
  return ticks;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
