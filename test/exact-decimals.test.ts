import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAssessment, validateFiles } from "../src/tasks/load-files.js";

/**
 * Numbers are read from the text the user wrote, never through a binary double: a double cannot tell
 * 7.4999999999999999 from 7.5, nor 4.8000000000000001 from 4.8.
 */
describe("numbers read exactly as written", () => {
  const folder = mkdtempSync(join(tmpdir(), "exact-"));
  const criteria = join(folder, "criteria");
  mkdirSync(criteria);
  writeFileSync(
    join(criteria, "halves.yaml"),
    "id: halves\ntitle: Half points\nscale: { min: 0, max: 10, step: 0.5 }\ncriteria:\n  - { id: a, title: A, weight: 50 }\n  - { id: b, title: B, weight: 50 }\nbands:\n  - { label: HIGH, min: 5 }\n  - { label: LOW, min: 0 }\n",
  );
  const assessment = (scores: string, published = "") => {
    const file = join(folder, `p-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `programme: P\nframework: halves\nyears:\n  2024:\n${published}    criteria:\n${scores}`);
    return loadAssessment(file, { criteriaDir: criteria });
  };
  const codes = (result: { diagnostics: { code: string; line: number; column: number }[] }) => result.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);

  it("refuses a score that only a double would put on the half-point step", () => {
    expect(codes(assessment("      a: { score: 7.4999999999999999 }\n      b: { score: 5 }\n"))).toEqual(["score-off-step@6:19"]);
    expect(codes(assessment("      a: { score: 7.5000000000000001 }\n      b: { score: 5 }\n"))).toEqual(["score-off-step@6:19"]);
    const fine = assessment("      a: { score: 7.5 }\n      b: { score: 5 }\n");
    expect(codes(fine)).toEqual([]);
    expect(fine.assessment!.years[0]!.entries[0]!.score!.toRatio()).toBe("15/2");
  });

  it("compares a printed average with the recomputed one exactly", () => {
    const scores = "      a: { score: 4.5 }\n      b: { score: 5 }\n";
    expect(codes(assessment(scores, "    published: { average: 4.8 }\n"))).toEqual([]);
    expect(codes(assessment(scores, "    published: { average: 4.8000000000000001 }\n"))).toEqual(["published-mismatch@5:27"]);
  });

  it("reads framework numbers exactly: weights, bands and weight sets", () => {
    const framework = (name: string, text: string) => {
      const file = join(folder, `${name}.yaml`);
      writeFileSync(file, text);
      return validateFiles([file], { criteriaDir: criteria }).diagnostics.map((d) => d.code);
    };
    const base = "title: T\ncriteria:\n  - { id: a, title: A, weight: 50 }\n  - { id: b, title: B, weight: 50 }\n";
    expect(framework("bands", `id: t1\n${base}bands:\n  - { label: HIGH, min: 4.9999999999999999 }\n  - { label: LOW, min: 0 }\n`)).toEqual(["band-precision"]);
    expect(framework("sets", `id: t2\n${base}bands:\n  - { label: LOW, min: 0 }\nweightSets:\n  - { id: s, title: S, weights: { a: 49.99999999999999999, b: 50 } }\n`)).toEqual(["weights-total"]);
    expect(framework("exact", `id: t3\n${base.replace(/50 }/g, "33.3333333333333333333 }")}  - { id: c, title: C, weight: 33.3333333333333333334 }\nbands:\n  - { label: LOW, min: 0 }\n`)).toEqual([]);
  });
});
