import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadAssessment, loadFrameworks } from "../src/tasks/load-files.js";
import type { AssessmentYear, Band, Framework } from "../src/model/model.js";
import { Fraction, sum, type RoundingMode } from "../src/model/fraction.js";
import { formatAverage, scoreYear, type YearScore } from "../src/score/score-year.js";
import { whatItTakes, type BandMove, type ScoreMove, type WhatItTakes } from "../src/score/what-it-takes.js";

const frameworks = loadFrameworks();
const framework = (id: string): Framework => frameworks.byId.get(id)!;

/** A year with the given scores, in the framework's criterion order. */
function year(frameworkId: string, scores: (number | null)[], overrides: Partial<Framework> = {}): AssessmentYear {
  const fw = { ...framework(frameworkId), ...overrides };
  expect(scores).toHaveLength(fw.criteria.length);
  return {
    year: 2024,
    framework: fw,
    entries: fw.criteria.map((c, i) => ({ criterionId: c.id, score: scores[i] === null ? null : Fraction.fromNumber(scores[i]!), commentary: "" })),
  };
}

function scored(frameworkId: string, scores: (number | null)[], overrides: Partial<Framework> = {}) {
  const result = scoreYear(year(frameworkId, scores, overrides));
  return { average: formatAverage(result.average, result.framework), rating: result.rating.label, exact: result.exactAverage.toRatio(), result };
}

describe("scoreYear", () => {
  it("scores Cambodia as published: 2024 → 7.2 GOOD, 2023 → 7.6 GOOD", () => {
    const { assessment, diagnostics } = loadAssessment("assessments/mines/cambodia.yaml");
    expect(diagnostics).toEqual([]);
    const [y2024, y2023] = assessment!.years.map(scoreYear);
    expect([y2024!.year, formatAverage(y2024!.average, y2024!.framework), y2024!.rating.label]).toEqual([2024, "7.2", "GOOD"]);
    expect([y2023!.year, formatAverage(y2023!.average, y2023!.framework), y2023!.rating.label]).toEqual([2023, "7.6", "GOOD"]);
    expect(y2024!.criteria.map((c) => [c.id, c.weight.toDecimal(), c.score!.toDecimal(), c.contribution.toDecimal(1)])).toEqual([
      ["contamination", "20", "7", "1.4"],
      ["ownership", "10", "8", "0.8"],
      ["gender", "10", "9", "0.9"],
      ["environment", "10", "6", "0.6"],
      ["information", "10", "7", "0.7"],
      ["planning", "10", "7", "0.7"],
      ["land-release-system", "10", "7", "0.7"],
      ["land-release-outputs", "20", "7", "1.4"],
    ]);
  });

  it("avoids the floating-point trap: (5,9,9,9,9,8,8,9) under the 2025 weights is exactly 8.0, VERY GOOD", () => {
    const scores = [5, 9, 9, 9, 9, 8, 8, 9];
    const weights = framework("ctm-2024").criteria.map((c) => Number(c.weight.toDecimal()) / 100);
    // The trap itself, to show the test would catch it.
    expect(scores.reduce((total, s, i) => total + s * weights[i]!, 0)).toBe(7.999999999999999);
    expect(scored("ctm-2024", scores)).toMatchObject({ average: "8.0", rating: "VERY GOOD", exact: "8" });
  });

  it.each([
    // framework, scores, average, rating: each band's edges
    ["ctm-2024", [8, 8, 8, 8, 8, 8, 8, 8], "8.0", "VERY GOOD"],
    ["ctm-2024", [8, 8, 8, 8, 8, 8, 7, 8], "7.9", "GOOD"],
    ["ctm-2024", [7, 7, 7, 7, 7, 7, 7, 7], "7.0", "GOOD"],
    ["ctm-2024", [7, 7, 7, 7, 7, 7, 6, 7], "6.9", "AVERAGE"],
    ["ctm-2024", [5, 5, 5, 5, 5, 5, 5, 5], "5.0", "AVERAGE"],
    ["ctm-2024", [5, 5, 5, 5, 5, 5, 4, 5], "4.9", "POOR"],
    ["ctm-2024", [4, 4, 4, 4, 4, 4, 4, 4], "4.0", "POOR"],
    ["ctm-2024", [4, 4, 4, 4, 4, 4, 3, 4], "3.9", "VERY POOR"],
    ["ctm-2024", [0, 0, 0, 0, 0, 0, 0, 0], "0.0", "VERY POOR"],
    ["ctm-2024", [10, 10, 10, 10, 10, 10, 10, 10], "10.0", "VERY GOOD"],
    ["ctm-2019", [5, 5, 4, 6, 7, 7, 6], "5.8", "AVERAGE"], // Bosnia and Herzegovina, Clearing the Mines 2023
    ["ctm-2019", [3, 3, 3, 0, 1, 3, 0], "1.9", "VERY POOR"], // Eritrea
    ["ctm-2019", [8, 8, 5, 8, 8, 8, 8], "7.7", "GOOD"], // Thailand
    ["ctm-2016", [8, 7, 7, 7, 4, 7, 8, 6, 7, 6], "6.7", "AVERAGE"], // Afghanistan, Clearing the Mines 2017
    ["lm-2014", [4, 4, 5, 5, 6, 5, 6, 6, 3, 5], "4.9", "POOR"], // Angola, Landmine Monitor 2014
    ["lm-2014", [8, 8, 8, 8, 8, 8, 8, 8, 8, 8], "8.0", "GOOD"], // four bands: no VERY GOOD
    ["lm-2014", [7, 7, 7, 7, 7, 7, 7, 7, 7, 6], "6.9", "AVERAGE"],
  ] as const)("%s %j → %s %s", (id, scores, average, rating) => {
    expect(scored(id, [...scores])).toMatchObject({ average, rating });
  });

  it("rounds once, by the framework's rule, before banding", () => {
    const halves = { scale: { min: Fraction.of(0), max: Fraction.of(10), step: Fraction.of(1, 2) } };
    // (6.5×20 + 7×10×5 + 6×10 + 7.5×20) / 100 = 6.9 exactly: half points can still give a one-decimal average.
    expect(scored("ctm-2024", [6.5, 7, 7, 7, 7, 7, 6, 7.5], halves)).toMatchObject({ average: "6.9", exact: "69/10" });
    const tie = [7, 7, 7, 7, 7, 7, 6.5, 7] as number[]; // 6.95
    expect(scored("ctm-2024", tie, { ...halves, rounding: { decimals: 1, mode: "half-up" } })).toMatchObject({ average: "7.0", rating: "GOOD", exact: "139/20" });
    expect(scored("ctm-2024", tie, { ...halves, rounding: { decimals: 1, mode: "half-even" } })).toMatchObject({ average: "7.0", rating: "GOOD" });
    expect(scored("ctm-2024", tie, { ...halves, rounding: { decimals: 1, mode: "truncate" } })).toMatchObject({ average: "6.9", rating: "AVERAGE" });
    const evenTie = [7, 7, 7, 7, 7, 7, 7.5, 7] as number[]; // 7.05: half-even keeps 7.0
    expect(scored("ctm-2024", evenTie, { ...halves, rounding: { decimals: 1, mode: "half-even" } })).toMatchObject({ average: "7.0" });
    expect(scored("ctm-2024", evenTie, { ...halves, rounding: { decimals: 1, mode: "half-up" } })).toMatchObject({ average: "7.1" });
  });

  it("applies the unscored policy the framework declares", () => {
    const scores = [7, 8, null, 6, 7, 7, 7, 7];
    expect(() => scored("ctm-2024", scores)).toThrow(/validate/);
    // exclude: (1.4+0.8+0.6+0.7+0.7+0.7+1.4) / 0.9 = 6.3 / 0.9 = 7.0
    const excluded = scored("ctm-2024", scores, { unscored: "exclude" });
    expect(excluded).toMatchObject({ average: "7.0", rating: "GOOD", exact: "7" });
    expect(excluded.result.criteria[2]).toMatchObject({ counted: false });
    expect(excluded.result.criteria[0]!.contribution.toRatio()).toBe("14/9");
    // zero: the gap counts as the bottom of the scale
    expect(scored("ctm-2024", scores, { unscored: "zero" })).toMatchObject({ average: "6.3", rating: "AVERAGE" });
  });
});

describe("whatItTakes", () => {
  const cambodia = loadAssessment("assessments/mines/cambodia.yaml").assessment!;
  const moves = (move: BandMove | undefined) => move && [move.band.label, move.points.toDecimal(), move.moves.map((m) => `${m.criterionId} ${m.from.toDecimal()}→${m.to.toDecimal()}`), move.average.toFixed(1)];

  it("finds the fewest points to the next band, heaviest criteria first (Cambodia 2024: 7.2 → 8.0 needs 4)", () => {
    const takes = whatItTakes(cambodia.years[0]!);
    expect(moves(takes.up)).toEqual(["VERY GOOD", "4", ["contamination 7→10", "land-release-outputs 7→8"], "8.0"]);
    expect(takes.up!.alone).toEqual([]); // no single criterion can add 0.8
    expect(moves(takes.down)).toEqual(["AVERAGE", "2", ["contamination 7→5"], "6.8"]);
    expect(takes.down!.alone.map((m) => `${m.criterionId} ${m.to.toDecimal()}`)).toContain("ownership 5");
  });

  it("has nothing above the top band or below the bottom one", () => {
    const top = whatItTakes(year("ctm-2024", [10, 10, 10, 10, 10, 10, 10, 10]));
    expect(top.up).toBeUndefined();
    // Below 8.0 needs more than −2.0: 10 points on the heaviest criterion reach exactly 8.0, still VERY GOOD.
    expect(moves(top.down)).toEqual(["GOOD", "11", ["contamination 10→0", "land-release-outputs 10→9"], "7.8"]);
    const bottom = whatItTakes(year("ctm-2024", [0, 0, 0, 0, 0, 0, 0, 0]));
    expect(bottom.down).toBeUndefined();
    expect(moves(bottom.up)).toEqual(["POOR", "20", ["contamination 0→10", "land-release-outputs 0→10"], "4.0"]);
  });

  it("gives exactly what a straightforward search gives, on random frameworks and scores", () => {
    fc.assert(
      fc.property(yearArbitrary, (year) => {
        const current = scoreYear(year);
        expect(whatItTakes(year, current)).toEqual(referenceWhatItTakes(year, current));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 5000) },
    );
  });
});

/**
 * A year under a random small framework: 1–7 criteria of random weights (some 0), a scale of 1–20 steps of 0.1 to
 * 2 from −5, 0 or 1, 1–4 bands anywhere on it (to one decimal), any rounding, any unscored policy, and scores
 * anywhere on the scale.
 */
const yearArbitrary: fc.Arbitrary<AssessmentYear> = fc
  .record({
    weights: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 7 }),
    min: fc.constantFrom(-5, 0, 1),
    step: fc.constantFrom("0.1", "0.25", "0.5", "1", "2"),
    stepCount: fc.integer({ min: 1, max: 20 }),
    // Where the bands start, in 450ths of the scale.
    bandPlaces: fc.uniqueArray(fc.integer({ min: 0, max: 450 }), { minLength: 1, maxLength: 4 }),
    decimals: fc.integer({ min: 0, max: 2 }),
    mode: fc.constantFrom<RoundingMode>("half-up", "half-even", "truncate"),
    unscored: fc.constantFrom("not-allowed" as const, "exclude" as const, "zero" as const),
    scores: fc.array(fc.option(fc.nat(), { freq: 4 }), { minLength: 7, maxLength: 7 }),
  })
  .filter(({ weights }) => weights.some((w) => w > 0))
  .map(({ weights, min, step, stepCount, bandPlaces, decimals, mode, unscored, scores }) => {
    const stepSize = Fraction.parse(step);
    const scaleMin = Fraction.of(min);
    const scaleMax = scaleMin.add(stepSize.mul(Fraction.of(stepCount)));
    // Bands spread over the scale, highest first; the last one starts at the bottom of the scale.
    const span = scaleMax.sub(scaleMin);
    const distinct = new Map(bandPlaces.map((t) => scaleMin.add(span.mul(Fraction.of(t, 450))).round(1, "half-up")).map((m) => [m.toRatio(), m]));
    const mins = [...distinct.values()].sort((a, b) => b.cmp(a));
    const bands: Band[] = mins.map((bandMin, i) => ({ label: `B${i}`, min: i === mins.length - 1 ? scaleMin : bandMin }));
    const criteria = weights.map((w, i) => ({ id: `c${i}`, title: `C${i}`, weight: Fraction.of(w) }));
    const framework: Framework = {
      id: "random",
      title: "Random",
      scale: { min: scaleMin, max: scaleMax, step: stepSize },
      criteria,
      bands,
      rounding: { decimals, mode },
      unscored,
      requireCommentaryOnChange: false,
      weightSets: [],
      file: "random.yaml",
    };
    const entries = criteria.map((c, i) => {
      const score = scores[i]!;
      const unscoredHere = score === null && unscored !== "not-allowed";
      return { criterionId: c.id, score: unscoredHere ? null : scaleMin.add(stepSize.mul(Fraction.of((score ?? 0) % (stepCount + 1)))), commentary: "" };
    });
    return { year: 2024, framework, entries };
  })
  // The average needs a counted weight: at least one counted criterion of some weight.
  .filter((year) => {
    const counted = year.entries.filter((e, i) => (e.score !== null || year.framework.unscored === "zero") && year.framework.criteria[i]!.weight.sign() > 0);
    return counted.length > 0;
  });

/**
 * What it takes, found the straightforward way: every candidate is a map of steps by criterion, priced by adding
 * up every criterion's steps and rounding. The search itself is the one the score command documents (heaviest
 * criterion first, as far as it takes or as far as it goes; each criterion's fewest steps by bisection).
 */
function referenceWhatItTakes(year: AssessmentYear, current: YearScore): WhatItTakes {
  const bands = year.framework.bands;
  const index = bands.findIndex((band) => band.label === current.rating.label);
  const higher = bands[index - 1];
  const lower = bands[index + 1];
  const up = higher && referenceMove(year, current, +1, (average) => average.cmp(higher.min) >= 0, higher);
  const down = lower && referenceMove(year, current, -1, (average) => average.cmp(current.rating.min) < 0, lower);
  return { year: year.year, ...(up && { up }), ...(down && { down }) };
}

function referenceMove(year: AssessmentYear, current: YearScore, direction: 1 | -1, reached: (average: Fraction) => boolean, band: Band): BandMove | undefined {
  const { framework } = year;
  const step = direction > 0 ? framework.scale.step : framework.scale.step.neg();
  const limit = direction > 0 ? framework.scale.max : framework.scale.min;
  const written = new Map(year.entries.map((entry) => [entry.criterionId, entry.score]));
  const counted = sum(current.criteria.filter((c) => c.counted).map((c) => c.weight));
  const averageWith = (steps: ReadonlyMap<string, bigint>): Fraction => {
    let exact = current.exactAverage;
    for (const [id, count] of steps) {
      const weight = framework.criteria.find((c) => c.id === id)!.weight;
      exact = exact.add(step.mul(weight).div(counted).mul(Fraction.of(count)));
    }
    return exact.round(framework.rounding.decimals, framework.rounding.mode);
  };
  const reaches = (steps: ReadonlyMap<string, bigint>) => reached(averageWith(steps));
  const room = (id: string): bigint => {
    const score = written.get(id);
    return score ? limit.sub(score).div(step).num : 0n;
  };
  const fewest = (base: ReadonlyMap<string, bigint>, id: string): bigint | undefined => {
    const most = room(id);
    if (most === 0n || !reaches(new Map(base).set(id, most))) return undefined;
    let low = 1n;
    let high = most;
    while (low < high) {
      const middle = (low + high) / 2n;
      if (reaches(new Map(base).set(id, middle))) high = middle;
      else low = middle + 1n;
    }
    return low;
  };
  const order = [...framework.criteria].sort((a, b) => b.weight.cmp(a.weight));
  const steps = new Map<string, bigint>();
  for (const criterion of order) {
    if (reaches(steps) && steps.size > 0) break;
    const needed = fewest(steps, criterion.id);
    if (needed !== undefined) {
      steps.set(criterion.id, needed);
      break;
    }
    if (room(criterion.id) > 0n) steps.set(criterion.id, room(criterion.id));
  }
  const average = averageWith(steps);
  if (!reached(average)) return undefined;
  const moveOf = (criterionId: string, count: bigint): ScoreMove => {
    const from = written.get(criterionId)!;
    return { criterionId, title: framework.criteria.find((c) => c.id === criterionId)!.title, from, to: from.add(step.mul(Fraction.of(count))) };
  };
  const moves = framework.criteria.filter((c) => steps.has(c.id)).map((c) => moveOf(c.id, steps.get(c.id)!));
  const alone = framework.criteria.flatMap((criterion) => {
    const needed = fewest(new Map(), criterion.id);
    return needed === undefined ? [] : [moveOf(criterion.id, needed)];
  });
  return { band, points: sum(moves.map((m) => m.to.sub(m.from).abs())), moves, average, alone };
}
