import type { Framework } from "../model/model.js";
import { Fraction } from "../model/fraction.js";
import { formatAverage, type YearScore } from "../score/score-year.js";
import { ratingClass } from "./format-values.js";

/** Geometry of the SVG chart of the average over the years, against the band boundaries. */
export interface TrendChart {
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
  /** Only one year: a lone dot is no trend, so templates say the year in words instead. */
  single: boolean;
}

const SIZES = {
  /** The history page's chart. */
  large: { width: 640, height: 280, left: 48, right: 120, top: 16, bottom: 36 },
  /** A programme's trend in the edition report. */
  small: { width: 340, height: 150, left: 28, right: 90, top: 8, bottom: 24 },
};

/**
 * The geometry of a chart of the average over the years against the rating bands of `framework`, computed here
 * so that templates only print it. Years are spaced by time, not by count.
 */
export function trendChart(programme: string, scores: readonly YearScore[], framework: Framework, size: keyof typeof SIZES = "large"): TrendChart {
  const { width, height, left, right, top, bottom } = SIZES[size];
  const { min, max } = framework.scale;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  // The position is worked out exactly and only then made a double: a scale of any size or precision draws alike.
  const y = (value: Fraction) => round(top + max.sub(value).div(max.sub(min)).toNumber() * plotHeight);
  const firstYear = scores[0]!.year;
  const lastYear = scores.at(-1)!.year;
  const x = (year: number) => round(lastYear === firstYear ? left + plotWidth / 2 : left + ((year - firstYear) / (lastYear - firstYear)) * plotWidth);
  const dots = scores.map((score) => ({ x: x(score.year), y: y(score.average), label: `${score.year}: ${formatAverage(score.average, score.framework)} ${score.rating.label}` }));
  const bands = framework.bands.map((band, index) => {
    const upper = index === 0 ? max : framework.bands[index - 1]!.min;
    const top = y(upper);
    const bottomY = y(band.min);
    return { y: top, height: round(bottomY - top), label: size === "small" ? band.label : `${band.label} (${formatAverage(band.min, framework)}+)`, labelY: round((top + bottomY) / 2 + 4), ratingClass: ratingClass(band.label) };
  });
  const yTicks = niceTicks(min, max).map((value) => ({ y: y(value), label: value.toDecimal(0, 30) }));
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
    single: dots.length < 2,
  };
}

/**
 * Gridline values from min to max at a step of 1, 2 or 5 × 10ⁿ, at most 11 of them (0, 1, … 10 on the usual scale).
 * Found exactly, whatever the scale's size: the step is the smallest such value that cuts the span into at most 10.
 */
function niceTicks(min: Fraction, max: Fraction): Fraction[] {
  const span = max.sub(min);
  // 10^(k+1) ≤ span·10 for this k, so its steps are never too few to start from; at most three powers are tried.
  let power = span.num.toString().length - span.den.toString().length - 2;
  let step: Fraction | undefined;
  while (!step) {
    const unit = power >= 0 ? Fraction.of(10n ** BigInt(power)) : Fraction.of(1n, 10n ** BigInt(-power));
    step = [1, 2, 5].map((m) => unit.mul(Fraction.of(m))).find((candidate) => span.div(candidate).cmp(Fraction.of(10)) <= 0);
    power++;
  }
  const ticks: Fraction[] = [];
  for (let value = min; value.cmp(max) <= 0; value = value.add(step)) ticks.push(value);
  return ticks;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
