import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ExitCode, exitCodeOf } from "../src/cli/exit-codes.js";
import { loadFrameworks } from "../src/tasks/load-files.js";
import { decodeSource } from "../src/load/read-source.js";
import type { Framework } from "../src/model/model.js";
import { parseYaml } from "../src/parse/parse-yaml.js";
import { compareAssessmentYears } from "../src/compare/compare-assessment-years.js";
import { ASSESSMENT_FORMATS, COMPARISON_FORMATS } from "../src/render/formats.js";
import { renderAssessment } from "../src/render/render-assessment.js";
import { renderComparison } from "../src/render/render-comparison.js";
import { jsonText } from "../src/render/escape.js";
import { scoreAssessment } from "../src/score/score-assessment.js";
import { templatesFrom } from "./helpers.js";
import { Fraction } from "../src/model/fraction.js";
import { scoreYear } from "../src/score/score-year.js";
import { whatItTakes } from "../src/score/what-it-takes.js";
import { checkAssessment } from "../src/tasks/check-assessment.js";

/** CI runs 5,000 cases per property; PROPERTY_RUNS lowers it for a quick local run. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 5000);
const frameworks = loadFrameworks();
const bundled = [...frameworks.byId.values()];
const templates = templatesFrom();

/** Any text a person might paste: letters, punctuation, markup, formulas, control characters, emoji. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.constantFrom("<script>alert(1)</script>", "=SUM(A1:A9)", "| pipe |", "{{programme}}", "line\nbreak", "tab\there", "US$30 million", "\u202Eevil", "'quoted'", '"q"'),
);

/** A valid assessment of 1–4 years under one bundled framework, as the YAML text a person would save. */
const assessmentArbitrary = fc
  .record({
    framework: fc.constantFrom(...bundled),
    programme: text.filter((t) => t.trim() !== ""),
    years: fc.uniqueArray(fc.integer({ min: 1990, max: 2099 }), { minLength: 1, maxLength: 4 }),
    seed: fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), text), { minLength: 40, maxLength: 40 }),
  })
  .map(({ framework, programme, years, seed }) => {
    let cursor = 0;
    const yearsMap = Object.fromEntries(
      years.map((year) => [
        String(year),
        {
          criteria: Object.fromEntries(
            framework.criteria.map((c) => {
              const [score, commentary] = seed[cursor++ % seed.length]!;
              // A commentary that is never empty keeps `unexplained-change` quiet: the files are meant to be clean.
              return [c.id, { score, commentary: `${commentary} (${c.id})` }];
            }),
          ),
        },
      ]),
    );
    return { framework, text: stringify({ programme, framework: framework.id, years: yearsMap }) };
  });

function check(text: string) {
  const parsed = parseYaml({ file: "random.yaml", text });
  const { assessment, diagnostics } = checkAssessment(parsed, frameworks);
  return { assessment, diagnostics: [...parsed.diagnostics, ...diagnostics] };
}

describe("properties of valid assessments", () => {
  it("random valid assessments validate clean, and every average lies within the year's scores", () => {
    fc.assert(
      fc.property(assessmentArbitrary, ({ text }) => {
        const { assessment, diagnostics } = check(text);
        expect(diagnostics).toEqual([]);
        for (const year of assessment!.years) {
          const scores = year.entries.map((e) => e.score!);
          const average = scoreYear(year).average;
          expect(average.cmp(scores.reduce((a, b) => (a.cmp(b) < 0 ? a : b)))).toBeGreaterThanOrEqual(0);
          expect(average.cmp(scores.reduce((a, b) => (a.cmp(b) > 0 ? a : b)))).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("raising one score never lowers the average or the rating", () => {
    fc.assert(
      fc.property(assessmentArbitrary, fc.nat(), ({ text }, pick) => {
        const year = check(text).assessment!.years[0]!;
        const index = pick % year.entries.length;
        const entry = year.entries[index]!;
        if (entry.score!.cmp(year.framework.scale.max) >= 0) return;
        const raised = { ...year, entries: year.entries.map((e, i) => (i === index ? { ...e, score: e.score!.add(Fraction.of(1)) } : e)) };
        const before = scoreYear(year);
        const after = scoreYear(raised);
        expect(after.exactAverage.cmp(before.exactAverage)).toBeGreaterThan(0);
        expect(after.average.cmp(before.average)).toBeGreaterThanOrEqual(0);
        expect(after.rating.min.cmp(before.rating.min)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("what it takes", () => {
  it("gives moves that, re-scored, reach the band it names, with the average it states", () => {
    fc.assert(
      fc.property(assessmentArbitrary, ({ text }) => {
        const year = check(text).assessment!.years[0]!;
        const current = scoreYear(year);
        const takes = whatItTakes(year);
        for (const [move, direction] of [
          [takes.up, 1],
          [takes.down, -1],
        ] as const) {
          if (!move) continue;
          const moved = scoreYear({
            ...year,
            entries: year.entries.map((e) => {
              const m = move.moves.find((x) => x.criterionId === e.criterionId);
              return m ? { ...e, score: m.to } : e;
            }),
          });
          expect(moved.average.cmp(move.average)).toBe(0);
          if (direction > 0) expect(moved.average.cmp(move.band.min)).toBeGreaterThanOrEqual(0);
          else expect(moved.average.cmp(current.rating.min)).toBeLessThan(0);
          for (const m of move.moves) expect(m.to.cmp(year.framework.scale.min) >= 0 && m.to.cmp(year.framework.scale.max) <= 0).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Ways a file gets damaged in transit or by a slip of the hand. */
type Damage =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "truncate"; at: number }
  | { kind: "delete-line"; at: number }
  | { kind: "shuffle-lines"; seed: number }
  | { kind: "indent"; at: number; by: string };

const damageArbitrary: fc.Arbitrary<Damage[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("delete-line" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("shuffle-lines" as const), seed: fc.nat() }),
    fc.record({ kind: fc.constant("indent" as const), at: fc.nat(), by: fc.constantFrom(" ", "  ", "\t", "-", "") }),
  ),
  { minLength: 1, maxLength: 3 },
);

function damage(bytes: Buffer, damages: Damage[]): Buffer {
  let result = Buffer.from(bytes);
  for (const d of damages) {
    if (result.length === 0) break;
    if (d.kind === "flip") {
      result[d.at % result.length] = d.byte;
    } else if (d.kind === "truncate") {
      result = result.subarray(0, d.at % result.length);
    } else {
      const lines = result.toString("latin1").split("\n");
      const at = (d as { at?: number }).at ?? 0;
      if (d.kind === "delete-line") lines.splice(at % lines.length, 1);
      if (d.kind === "indent") lines[at % lines.length] = d.by + lines[at % lines.length]!.replace(/^ {0,2}/, "");
      if (d.kind === "shuffle-lines") {
        let seed = d.seed;
        for (let i = lines.length - 1; i > 0; i--) {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          const j = seed % (i + 1);
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        }
      }
      result = Buffer.from(lines.join("\n"), "latin1");
    }
  }
  return result;
}

describe("damaged files", () => {
  const originals = [readFileSync("assessments/mines/cambodia.yaml"), readFileSync("test/fixtures/valid/tajikistan.yaml"), readFileSync("criteria/ctm-2024.yaml")];

  it("never throw: they end in diagnostics and exit code 1, or, if still valid, render in every format", () => {
    fc.assert(
      fc.property(fc.nat({ max: originals.length - 1 }), damageArbitrary, (which, damages) => {
        const bytes = damage(originals[which]!, damages);
        const decoded = decodeSource("damaged.yaml", bytes);
        if (!decoded.source) {
          expect(decoded.diagnostics.map((d) => d.code)).toEqual(["not-utf8"]);
          return;
        }
        const { assessment, diagnostics } = check(decoded.source.text);
        for (const d of diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
        expect(exitCodeOf({ diagnostics })).toBe(assessment ? ExitCode.ok : ExitCode.invalidInput);
        if (!assessment) return;
        const scored = scoreAssessment(assessment);
        for (const format of ASSESSMENT_FORMATS) renderAssessment(scored, { format, templates });
        const [latest, previous] = assessment.years;
        if (previous) {
          const comparison = compareAssessmentYears(scored, previous.year, latest!.year, frameworks.byId as ReadonlyMap<string, Framework>);
          for (const format of COMPARISON_FORMATS) renderComparison(assessment.programme, comparison, { format, templates });
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("JSON outputs", () => {
  const escaped = (text: string) => text.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

  it("are laid out as JSON.stringify lays them out, for any data without exact numbers", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonText(value)).toBe(`${escaped(JSON.stringify(value, null, 2))}\n`);
      }),
      { numRuns: RUNS },
    );
  });

  it("write an exact number's decimal digits, which read back as that number", () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.nat({ max: 40 }))
      .map(([negative, digits, places]) => Fraction.of(negative ? -digits : digits, 10n ** BigInt(places)));
    fc.assert(
      fc.property(decimal, fc.integer({ min: 1, max: 10_000 }), (value, divisor) => {
        const [literal] = /-?\d+(?:\.\d+)?/.exec(jsonText({ value }))!;
        expect(Fraction.parse(literal).cmp(value)).toBe(0);
        expect(JSON.parse(jsonText([value]))).toEqual([Number(literal)]);
        // A value no decimal writes: near it, never 0 unless it is.
        const third = value.div(Fraction.of(divisor * 3));
        const near = Fraction.parse(jsonText(third).trim());
        expect(near.isZero()).toBe(third.isZero());
      }),
      { numRuns: RUNS },
    );
  });
});
