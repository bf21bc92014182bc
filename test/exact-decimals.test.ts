import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAssessment, validateFiles } from "../src/tasks/load-files.js";
import { transcript } from "./helpers.js";

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

  it("matches a criterion key as written, never through what YAML reads it as", () => {
    writeFileSync(
      join(criteria, "numbered.yaml"),
      'id: numbered\ntitle: Numbered criteria\ncriteria:\n  - { id: "7", title: Seven, weight: 50 }\n  - { id: "true", title: Yes, weight: 50 }\nbands:\n  - { label: HIGH, min: 5 }\n  - { label: LOW, min: 0 }\n',
    );
    const numbered = (key: string) => {
      const file = join(folder, `n-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, `programme: P\nframework: numbered\nyears:\n  2024:\n    criteria:\n      ${key}: { score: 5 }\n      "true": { score: 6 }\n`);
      return loadAssessment(file, { criteriaDir: criteria });
    };
    for (const key of ["6.99999999999999999", "7.0", "0x7", "+7", "07", "7e0", "0o7"]) {
      const result = numbered(key);
      expect(codes(result), key).toEqual(["unknown-criterion@6:7"]);
      expect(result.diagnostics[0]!.message, key).toBe(
        `framework 'numbered' has no criterion '${key}' (YAML reads this key as 7; write each criterion's key exactly as its id); did you mean '7'? (its criteria: 7, true)`,
      );
    }
    expect(codes(numbered("7"))).toEqual([]);
    expect(codes(numbered('"7"'))).toEqual([]);
    // A boolean key too, whichever way the file is read (the quick reading declines it).
    const file = join(folder, "boolean-key.yaml");
    writeFileSync(file, "programme: P\nframework: numbered\nyears:\n  2024:\n    criteria:\n      7: { score: 5 }\n      True: { score: 6 }\n");
    expect(codes(loadAssessment(file, { criteriaDir: criteria }))).toEqual(["unknown-criterion@7:7"]);
  });

  it("matches a weight set's keys as written", () => {
    const file = join(folder, "numbered-sets.yaml");
    writeFileSync(
      file,
      'id: numbered-sets\ntitle: T\ncriteria:\n  - { id: "7", title: Seven, weight: 50 }\n  - { id: "8", title: Eight, weight: 50 }\nbands:\n  - { label: LOW, min: 0 }\n' +
        "weightSets:\n  - { id: w, title: W, weights: { 0x7: 40, 7.99999999999999999: 60 } }\n  - { id: fine, title: F, weights: { 7: 40, \"8\": 60 } }\n",
    );
    expect(validateFiles([file], { criteriaDir: criteria }).diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`)).toEqual([
      "unknown-criterion@9:35 weight set 'w' weighs '0x7', which is not a criterion of this framework (YAML reads this key as 7; write each key exactly as its criterion's id); did you mean '7'? (its criteria: 7, 8)",
      "unknown-criterion@9:44 weight set 'w' weighs '7.99999999999999999', which is not a criterion of this framework (YAML reads this key as 8; write each key exactly as its criterion's id); did you mean '8'? (its criteria: 7, 8)",
    ]);
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

/**
 * Scores and weights are printed as the exact decimals they are, in every format: a score of 4.9999999 is not 5,
 * and a weight of 33.3333333% is not 33.333333%. Averages print at the framework's rounding. JSON carries the
 * same digits (see jsonText), so that no comparison says a score changed by 0.
 */
describe("numbers printed exactly as they are", () => {
  const folder = mkdtempSync(join(tmpdir(), "exact-print-"));
  const criteria = join(folder, "criteria");
  mkdirSync(criteria);
  writeFileSync(
    join(criteria, "fine.yaml"),
    "id: fine\ntitle: Fine\nscale: { min: 0, max: 10, step: 0.0000001 }\nrounding: { decimals: 6, mode: half-up }\ncriteria:\n" +
      "  - { id: a, title: A, weight: 33.3333333 }\n  - { id: b, title: B, weight: 33.3333333 }\n  - { id: c, title: C, weight: 33.3333334 }\n" +
      "bands:\n  - { label: HIGH, min: 5 }\n  - { label: LOW, min: 0 }\n",
  );
  writeFileSync(
    join(criteria, "tiny.yaml"),
    "id: tiny\ntitle: Tiny\nscale: { min: 0, max: 10, step: 0.00000000000000001 }\ncriteria:\n  - { id: a, title: A, weight: 50 }\n  - { id: b, title: B, weight: 50 }\n" +
      "bands:\n  - { label: HIGH, min: 5 }\n  - { label: LOW, min: 0 }\n",
  );
  const fine = join(folder, "fine.yaml");
  writeFileSync(
    fine,
    "programme: P\nframework: fine\nyears:\n  2024:\n    criteria:\n      a: { score: 4.9999999, commentary: changed }\n      b: { score: 5 }\n      c: { score: 5 }\n" +
      "  2023:\n    criteria:\n      a: { score: 5 }\n      b: { score: 5 }\n      c: { score: 5 }\n",
  );
  const tiny = join(folder, "tiny.yaml");
  writeFileSync(tiny, "programme: P\nframework: tiny\nyears:\n  2024:\n    criteria:\n      a: { score: 7.49999999999999999, commentary: x }\n      b: { score: 5 }\n  2023:\n    criteria:\n      a: { score: 7.5 }\n      b: { score: 5 }\n");
  const run = async (...args: string[]) => {
    const result = await transcript([...args, "--criteria", criteria]);
    expect(result.exitCode, result.stderr).toBe(0);
    return result.stdout;
  };
  /** Each criterion of a comparison's JSON: its status and its change, as written. */
  const statuses = (json: string) => [...json.matchAll(/"status": "(\w+)",\n.*\n.*\n\s*"change": ([^,\n]+)/g)].map((m) => `${m[1]} ${m[2]}`);

  it("in tables, score listings and comparisons", async () => {
    expect(await run("render", fine, "--format", "csv")).toContain("A,33.3333333%,4.9999999,5,changed\r\nB,33.3333333%,5,5,\r\nC,33.3333334%,5,5,\r\nAverage Score,,5.000000,5.000000,");
    expect(await run("render", fine, "--format", "md")).toContain("| 33.3333333% | 4.9999999 | 5 |");
    const score = await run("score", fine, "--year", "2024");
    expect(score).toContain("P 2024: 5.000000 HIGH");
    expect(score).toContain("4.9999999 × 33.3333333% = 1.6666666317  A");
    expect(score).toContain("5 × 33.3333334% = 1.66666667  C");
    const compare = await run("compare", fine, "--format", "text");
    expect(compare).toContain("A (5 → 4.9999999, −0.0000000333)");
    expect(compare).toContain("Average: 5.000000 → 5.000000");
    expect(await run("history", tiny, "--format", "csv")).toContain("2024,tiny,6.2,HIGH,7.49999999999999999,5");
    // An effect past the decimals shown is never shown as 0 when it is not.
    const tinyCompare = await run("compare", tiny, "--format", "text");
    expect(tinyCompare).toContain("A (7.5 → 7.49999999999999999, −0.000000000000000005)");
    expect(tinyCompare).not.toMatch(/−0\.0+\b(?!0*[1-9])/);
  });

  it("in JSON, as the exact decimal digits: never a change of 0 for a criterion that changed", async () => {
    const compare = await run("compare", fine, "--format", "json");
    expect(compare).toMatch(/"from": 5,\n\s*"to": 4\.9999999,\n\s*"change": -0\.0000001,\n\s*"weightFrom": 33\.3333333,\n\s*"weightTo": 33\.3333333,\n\s*"contribution": -0\.0000000333333333,/);
    expect(statuses(compare)).toEqual(["changed -0.0000001", "unchanged 0", "unchanged 0"]);
    const across = await run("compare", tiny, "--format", "json");
    expect(across).toMatch(/"from": 7\.5,\n\s*"to": 7\.49999999999999999,\n\s*"change": -0\.00000000000000001,/);
    expect(statuses(across)).toEqual(["changed -0.00000000000000001", "unchanged 0"]);
    // The rounded averages, as printed: 6.25 is 6.3, a hair less than it is 6.2.
    expect(across).toMatch(/"year": 2023,\n\s*"average": 6\.3,[^]*"year": 2024,\n\s*"average": 6\.2,/);
    const score = await run("score", fine, "--year", "2024", "--format", "json");
    expect(score).toMatch(/"weight": 33\.3333333,\n\s*"score": 4\.9999999,\n\s*"contribution": 1\.6666666316666667\n/);
    expect(score).toContain('"points": 0.0000014,');
    expect(await run("history", tiny, "--format", "json")).toMatch(/"scores": \{\n\s*"a": 7\.49999999999999999,/);
    // Still JSON, and what a program reading it into doubles gets is the nearest double.
    expect(JSON.parse(compare).criteria[0].to).toBe(4.9999999);
  });
});

describe("whole numbers of a framework read as written", () => {
  const folder = mkdtempSync(join(tmpdir(), "exact-whole-"));
  const framework = (editions: string, decimals: string) => {
    const file = join(folder, `f-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      `id: f\ntitle: T\neditions: [${editions}]\nrounding: { decimals: ${decimals}, mode: half-up }\ncriteria:\n  - { id: a, title: A, weight: 100 }\nbands:\n  - { label: LOW, min: 0 }\n`,
    );
    return validateFiles([file]).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
  };

  it.each(["2024.0000000000000001", "0x7E8", "+2024", "2.024e3", "02024", "2024.0", "0o3750"])("an edition written %s is a number-format error", (edition) => {
    expect(framework(`2023, ${edition}`, "1")).toEqual(["number-format@3:18"]);
  });

  it.each(["1.0000000000000001", "0x1", "+1", "1e0", "01", "1.0"])("rounding's decimals written %s are a number-format error", (decimals) => {
    expect(framework("2024", decimals)).toEqual(["number-format@4:23"]);
  });

  it("accepts plain digits", () => {
    expect(framework("2023, 2024", "0")).toEqual([]);
    expect(framework("2024", "6")).toEqual([]);
  });
});
