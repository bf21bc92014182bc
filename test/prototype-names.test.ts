import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transcript } from "./helpers.js";

/**
 * Names that are Object.prototype's (constructor, toString, __proto__, …) are text like any other wherever a user
 * writes a name: criterion ids, weight-set keys, band labels, year keys, programme names. The whole pipeline runs on
 * them: nothing found on a prototype, nothing dropped, nothing crashed.
 */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const dir = mkdtempSync(join(tmpdir(), "prototype-names-"));
const quoted = (text: string) => JSON.stringify(text);

/** A criteria folder with one framework whose heaviest criterion is `constructor`, under the given policy. */
function criteria(policy: string, bands = "  - { label: GOOD, min: 5 }\n  - { label: POOR, min: 0 }\n"): string {
  const folder = join(dir, `criteria-${policy}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder);
  writeFileSync(
    join(folder, "proto.yaml"),
    `id: proto\ntitle: Prototype names\nunscored: ${policy}\ncriteria:\n` +
      "  - { id: constructor, title: Constructor, weight: 20 }\n  - { id: a, title: A, weight: 40 }\n  - { id: b, title: B, weight: 40 }\n" +
      `bands:\n${bands}` +
      "weightSets:\n  - { id: even, title: Even, weights: { a: 30, b: 50 } }\n",
  );
  return folder;
}

function assessment(name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const full = (programme = "P") =>
  `programme: ${quoted(programme)}\nframework: proto\nyears:\n  2024:\n    criteria:\n      constructor: { score: 8, commentary: up }\n      a: { score: 6 }\n      b: { score: 6 }\n` +
  "  2023:\n    criteria:\n      constructor: { score: 6 }\n      a: { score: 6 }\n      b: { score: 6 }\n";

describe("a criterion named constructor", () => {
  it.each(["not-allowed", "exclude", "zero"])("left out under the '%s' policy is a missing criterion, in every command", async (policy) => {
    const folder = criteria(policy);
    const file = assessment(`missing-${policy}`, "programme: P\nframework: proto\nyears:\n  2024:\n    criteria:\n      a: { score: 6 }\n      b: { score: 6 }\n");
    for (const command of ["validate", "score", "render", "history", "what-if"]) {
      const args = command === "what-if" ? [command, file, "--weight-set", "even"] : [command, file];
      const result = await transcript([...args, "--criteria", folder]);
      expect(result.exitCode, `${command}\n${result.stderr}`).toBe(1);
      expect(result.stderr).toContain("missing-criterion: 2024 has no score for 'constructor'");
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it.each(["not-allowed", "exclude", "zero"])("scored under the '%s' policy counts in the average of every command", async (policy) => {
    const folder = criteria(policy);
    const file = assessment(`full-${policy}`, full());
    // (8 × 20 + 6 × 40 + 6 × 40) / 100 = 6.4
    const score = await transcript(["score", file, "--criteria", folder, "--format", "json"]);
    expect(score.exitCode).toBe(0);
    expect(JSON.parse(score.stdout).years[0]).toMatchObject({ average: 6.4, rating: "GOOD" });
    for (const args of [["render", file], ["compare", file], ["history", file], ["what-if", file, "--weight-set", "even"], ["report", file, "--format", "md"], ["validate", file]]) {
      const result = await transcript([...args, "--criteria", folder]);
      expect(result.exitCode, `${args[0]}\n${result.stderr}`).toBe(0);
      if (args[0] !== "validate") expect(result.stdout).toMatch(/6\.4/);
    }
    const whatIf = await transcript(["what-if", file, "--weights", "constructor=60,a=20,b=20", "--criteria", folder, "--format", "json"]);
    // (8 × 60 + 6 × 20 + 6 × 20) / 100 = 7.2
    expect(JSON.parse(whatIf.stdout).years[0]).toMatchObject({ whatIfAverage: "7.2" });
  });
});

describe("every Object.prototype name where a user writes a name", () => {
  it("as band labels: each average gets its own band", async () => {
    const labels = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];
    const bands = labels.map((label, index) => `  - { label: ${quoted(label)}, min: ${8 - 2 * index} }\n`).join("");
    const folder = criteria("not-allowed", bands);
    const file = assessment("bands", full());
    const score = await transcript(["score", file, "--criteria", folder, "--format", "json"]);
    expect(JSON.parse(score.stdout).years.map((y: { rating: string }) => y.rating)).toEqual(["toString", "toString"]);
    for (const args of [["report", file, "--format", "html"], ["history", file, "--format", "html"], ["render", file, "--format", "html"], ["validate", file]]) {
      const result = await transcript([...args, "--criteria", folder]);
      expect(result.exitCode, `${args[0]}\n${result.stderr}`).toBe(0);
    }
  });

  it("as criterion keys, weight-set keys and year keys: reported, never looked up on a prototype", async () => {
    const folder = criteria("not-allowed");
    const keys = PROTOTYPE_NAMES.filter((name) => name !== "constructor");
    const criteriaKeys = keys.map((name) => `      ${quoted(name)}: { score: 5 }\n`).join("");
    const years = keys.map((name) => `  ${quoted(name)}:\n    criteria: {}\n`).join("");
    const file = assessment("keys", `programme: P\nframework: proto\nyears:\n  2024:\n    criteria:\n      constructor: { score: 8 }\n      a: { score: 6 }\n      b: { score: 6 }\n${criteriaKeys}${years}`);
    const result = await transcript(["validate", file, "--criteria", folder]);
    expect(result.exitCode).toBe(1);
    for (const name of keys) {
      expect(result.stderr).toContain(`framework 'proto' has no criterion '${name}'`);
      expect(result.stderr).toContain(`'${name}' is not a four-digit year`);
    }
    const weightSets = join(dir, "weight-set-criteria");
    mkdirSync(weightSets);
    const weights = PROTOTYPE_NAMES.map((name) => `${quoted(name)}: 1`).join(", ");
    writeFileSync(
      join(weightSets, "proto.yaml"),
      `id: proto\ntitle: T\ncriteria:\n  - { id: constructor, title: C, weight: 50 }\n  - { id: a, title: A, weight: 50 }\nbands:\n  - { label: LOW, min: 0 }\nweightSets:\n  - { id: odd, title: Odd, weights: { ${weights} } }\n`,
    );
    const frameworkCheck = await transcript(["validate", weightSets]);
    expect(frameworkCheck.exitCode).toBe(1);
    expect(frameworkCheck.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const name of PROTOTYPE_NAMES.filter((n) => n !== "constructor")) expect(frameworkCheck.stderr).toContain(`weighs '${name}'`);
  });

  it.each(PROTOTYPE_NAMES)("as a programme's name: %s", async (name) => {
    const folder = criteria("not-allowed");
    const file = assessment(`programme-${PROTOTYPE_NAMES.indexOf(name)}`, full(name));
    for (const args of [["render", file], ["report", file, "--format", "md"], ["history", file], ["compare", file]]) {
      const result = await transcript([...args, "--criteria", folder]);
      expect(result.exitCode, `${args[0]}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(name);
    }
  });
});
