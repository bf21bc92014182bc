import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareYears } from "../src/compare/compare-years.js";
import { criterionLineage } from "../src/compare/criterion-lineage.js";
import { loadAssessment } from "../src/tasks/load-files.js";
import type { Framework } from "../src/model/model.js";
import { Fraction, sum } from "../src/model/fraction.js";
import { scoreYear } from "../src/score/score-year.js";
import { comparisonView } from "../src/render/render-comparison.js";
import { templatesFrom } from "./helpers.js";

describe("compareYears", () => {
  it("explains Cambodia 2023 → 2024: −0.4, all from land release outputs (9 → 7)", () => {
    const { assessment } = loadAssessment("assessments/mines/cambodia.yaml");
    const [y2024, y2023] = assessment!.years.map(scoreYear);
    const comparison = compareYears(y2023!, y2024!);
    expect(comparison.change.toDecimal(1)).toBe("-0.4");
    expect(comparison.rating).toMatchObject({ changed: false, from: { label: "GOOD" }, to: { label: "GOOD" } });
    const [first, ...rest] = comparison.criteria;
    expect(first).toMatchObject({ id: "land-release-outputs", status: "changed" });
    expect(first!.scoreChange!.toDecimal()).toBe("-2");
    expect(first!.contribution.toDecimal(1)).toBe("-0.4");
    expect(rest.every((c) => c.status === "unchanged" && c.contribution.isZero())).toBe(true);
  });

  it("matches criteria across editions through their lineage and splits the change into scores and method", () => {
    const { frameworks } = loadAssessment("assessments/mines/cambodia.yaml");
    const year = (id: string, y: number, scores: Record<string, number>, otherwise: number) => {
      const framework = frameworks.byId.get(id)!;
      return scoreYear({ year: y, framework, entries: framework.criteria.map((c) => ({ criterionId: c.id, score: Fraction.of(scores[c.id] ?? otherwise), commentary: "" })) });
    };
    // 2022 under ctm-2019 (7 criteria), 2023 under ctm-2024 (8): gender rises 5 → 7; environment is new.
    const before = year("ctm-2019", 2022, { gender: 5 }, 6);
    const after = year("ctm-2024", 2023, { gender: 7 }, 6);
    const comparison = compareYears(before, after, criterionLineage(before.framework, after.framework, frameworks.byId));
    expect(comparison.sameFramework).toBe(false);
    expect(comparison.criteria).toHaveLength(8);
    expect(comparison.criteria.find((c) => c.id === "environment")).toMatchObject({ status: "new" });
    const gender = comparison.criteria.find((c) => c.id === "gender")!;
    expect([gender.status, gender.from!.title, gender.to!.title]).toEqual(["changed", "Gender", "Gender and diversity"]);
    expect(gender.scoreEffect.toDecimal(1)).toBe("0.2"); // (7 − 5) × 10%
    expect(comparison.scoreEffect.toDecimal(1)).toBe("0.2");
    // 6.0 + 0.2 → 6.2: the method (environment added at 6, land release system 20% → 10% at 6) changes nothing.
    expect(comparison.methodEffect.isZero()).toBe(true);
    expect(comparison.scoreEffect.add(comparison.methodEffect).cmp(comparison.exactChange)).toBe(0);
  });

  it("follows the lineage over several editions, either way round, and matches nothing without one", () => {
    const { frameworks } = loadAssessment("assessments/mines/cambodia.yaml");
    const fw = (id: string) => frameworks.byId.get(id)!;
    const lineage = criterionLineage(fw("lm-2014"), fw("ctm-2024"), frameworks.byId)!;
    expect([...lineage]).toEqual([
      ["contamination", "problem-understood"],
      ["information", "reporting"],
      ["land-release-system", "land-release-system"],
    ]);
    expect([...criterionLineage(fw("ctm-2024"), fw("lm-2014"), frameworks.byId)!]).toEqual([
      ["problem-understood", "contamination"],
      ["reporting", "information"],
      ["land-release-system", "land-release-system"],
    ]);
    expect(criterionLineage(fw("ccmr-2024"), fw("ctm-2024"), frameworks.byId)).toBeUndefined();
    const year = (id: string, y: number) =>
      scoreYear({ year: y, framework: fw(id), entries: fw(id).criteria.map((c) => ({ criterionId: c.id, score: Fraction.of(5), commentary: "" })) });
    const unrelated = compareYears(year("ccmr-2024", 2023), year("ctm-2024", 2024));
    expect(unrelated.criteria.map((c) => c.status).sort()).toEqual([...Array(8).fill("dropped"), ...Array(8).fill("new")]);
  });
});

/** A random framework: 1–10 criteria with positive weights (whole or one-decimal percent) that total 100. */
const frameworkArbitrary = fc
  .array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 10 })
  .chain((parts) => fc.tuple(fc.constant(parts), fc.constantFrom("not-allowed", "exclude", "zero") as fc.Arbitrary<Framework["unscored"]>))
  .map(([parts, unscored]): Framework => {
    // Split 1000 tenths of a percent in proportion to `parts`, giving the remainder to the last criterion.
    const total = parts.reduce((a, b) => a + b, 0);
    const tenths = parts.map((p) => Math.max(1, Math.floor((p * 1000) / total)));
    const excess = tenths.reduce((a, b) => a + b, 0) - 1000;
    const largest = tenths.indexOf(Math.max(...tenths));
    tenths[largest]! -= excess;
    return {
      id: "random",
      title: "Random",
      scale: { min: Fraction.of(0), max: Fraction.of(10), step: Fraction.of(1) },
      criteria: tenths.map((t, i) => ({ id: `c${i}`, title: `Criterion ${i}`, weight: Fraction.of(t, 10) })),
      bands: [{ label: "HIGH", min: Fraction.of(5) }, { label: "LOW", min: Fraction.of(0) }],
      rounding: { decimals: 1, mode: "half-up" },
      unscored,
      requireCommentaryOnChange: false,
      weightSets: [],
      file: "random.yaml",
    };
  });

const scoresFor = (framework: Framework) =>
  fc.array(framework.unscored === "not-allowed" ? fc.integer({ min: 0, max: 10 }) : fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), {
    minLength: framework.criteria.length,
    maxLength: framework.criteria.length,
  });

const yearOf = (framework: Framework, year: number, scores: (number | null)[]) =>
  scoreYear({ year, framework, entries: framework.criteria.map((c, i) => ({ criterionId: c.id, score: scores[i] == null ? null : Fraction.of(scores[i]!), commentary: "" })) });

describe("comparison properties", () => {
  it("contributions add up exactly to the change in the average, and are listed largest first", () => {
    fc.assert(
      fc.property(
        frameworkArbitrary.chain((framework) => fc.tuple(fc.constant(framework), scoresFor(framework), scoresFor(framework))),
        ([framework, before, after]) => {
          const comparison = compareYears(yearOf(framework, 2023, before), yearOf(framework, 2024, after));
          expect(sum(comparison.criteria.map((c) => c.contribution)).cmp(comparison.exactChange)).toBe(0);
          expect(comparison.scoreEffect.add(comparison.methodEffect).cmp(comparison.exactChange)).toBe(0);
          const moved = comparison.criteria.filter((c) => c.status !== "unchanged").map((c) => c.contribution.abs());
          for (let i = 1; i < moved.length; i++) expect(moved[i - 1]!.cmp(moved[i]!)).toBeGreaterThanOrEqual(0);
          expect(comparison.criteria).toHaveLength(framework.criteria.length);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 5000) },
    );
  });

  it("an average always lies within the range of the counted scores", () => {
    fc.assert(
      fc.property(frameworkArbitrary.chain((framework) => fc.tuple(fc.constant(framework), scoresFor(framework))), ([framework, scores]) => {
        const counted = scores.flatMap((s) => (s === null ? (framework.unscored === "zero" ? [0] : []) : [s]));
        const score = yearOf(framework, 2024, scores);
        if (counted.length === 0) return;
        expect(score.exactAverage.cmp(Fraction.of(Math.min(...counted)))).toBeGreaterThanOrEqual(0);
        expect(score.exactAverage.cmp(Fraction.of(Math.max(...counted)))).toBeLessThanOrEqual(0);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 5000) },
    );
  });
});

describe("the comparison's narrative, every branch of its wording", () => {
  const { frameworks } = loadAssessment("test/fixtures/valid/cambodia-2024.yaml");
  const framework = frameworks.byId.get("ctm-2024")!;
  const year = (y: number, scores: Record<string, number>) =>
    scoreYear({ year: y, framework, entries: framework.criteria.map((c) => ({ criterionId: c.id, score: Fraction.of(scores[c.id] ?? 6), commentary: "" })) });
  const narrative = (after: Record<string, number>) => comparisonView("P", compareYears(year(2023, {}), year(2024, after)), templatesFrom()).narrative;
  // contamination and land-release-outputs weigh 20%, the others 10%.
  it.each([
    ["no score changed", {}, /and its rating stayed AVERAGE\. No criterion's score changed\.$/],
    ["one criterion moved", { gender: 8 }, /Gender and diversity \(6 → 8, \+0\.2\) accounts for all of the change\.$/],
    ["several moved the same way", { gender: 8, planning: 7 }, /The change comes from Gender and diversity \(6 → 8, \+0\.2\) and Planning and tasking \(6 → 7, \+0\.1\)\.$/],
    ["one rise outweighed one fall", { contamination: 8, gender: 5 }, /A rise in Understanding of AP mine contamination \(6 → 8, \+0\.4\) outweighed a fall in Gender and diversity \(6 → 5, −0\.1\)\.$/],
    ["rises outweighed one fall", { contamination: 8, planning: 7, gender: 5 }, /Rises in .+ and .+ outweighed a fall in Gender and diversity \(6 → 5, −0\.1\)\.$/],
    ["one fall outweighed rises", { contamination: 4, planning: 7, gender: 7 }, /A fall in Understanding of AP mine contamination \(6 → 4, −0\.4\) outweighed rises in .+ and .+\.$/],
    ["one rise cancelled out one fall", { gender: 8, planning: 4 }, /A rise in Gender and diversity \(6 → 8, \+0\.2\) cancelled out a fall in Planning and tasking \(6 → 4, −0\.2\)\.$/],
    ["rises cancelled out falls", { gender: 7, planning: 7, information: 5, environment: 5 }, /Rises in .+ and .+ cancelled out falls in .+ and .+\.$/],
  ] as const)("%s", (_name, after, expected) => {
    expect(narrative(after)).toMatch(expected);
  });
});
