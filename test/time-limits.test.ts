import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Never a hang: each command, given an input built to make a loop run long (or forever), ends within a time limit,
 * with a message and an exit code, never a stack trace. The limit is far above what any of them takes (well under a
 * second); it only tells a hang from an answer. The built CLI runs, as a user runs it, cache included.
 */
const LIMIT_MS = 15_000;
const dir = mkdtempSync(join(tmpdir(), "time-limits-"));
const env = { ...process.env, ASSESS_CACHE_DIR: join(dir, "cache") };

function assess(...args: string[]) {
  return assessWith([], ...args);
}

/** The CLI run with Node options (`--stack-size=…`). */
function assessWith(nodeOptions: string[], ...args: string[]) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [...nodeOptions, "bin/assess.js", ...args], { encoding: "utf8", env, timeout: LIMIT_MS, maxBuffer: 1e9 });
  return { ...run, ms: performance.now() - started };
}

function expectAnswer(run: ReturnType<typeof assess>, status: number): void {
  expect(run.error, "the command did not end within the time limit").toBeUndefined();
  expect(run.status).toBe(status);
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(run.stderr).not.toContain("internal error");
  // Node's own warnings ("(node:1234) Warning: …") are not for the person who wrote the file.
  expect(run.stderr).not.toMatch(/\(node:\d+\)/);
}

/** A criteria folder with the bundled frameworks and one more, `extra`, written out here. */
function criteriaWith(name: string, extra: string): string {
  const criteria = join(dir, name);
  cpSync("criteria", criteria, { recursive: true });
  writeFileSync(join(criteria, "extra.yaml"), extra);
  return criteria;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const cambodia = "assessments/mines/cambodia.yaml";

describe("inputs built to hang a loop end in time", () => {
  it("a three-byte file (a blank line, then a lone word) as an assessment, a framework and in a batch", () => {
    const tiny = file("tiny.yaml", "\n\nx");
    expectAnswer(assess("validate", tiny), 1);
    for (const command of ["score", "render", "history", "compare"]) expectAnswer(assess(command, tiny), 1);
    expectAnswer(assess("report", tiny), 1);
    const criteria = join(dir, "tiny-criteria");
    cpSync("criteria", criteria, { recursive: true });
    writeFileSync(join(criteria, "tiny.yaml"), "\n\nx");
    expectAnswer(assess("score", cambodia, "--criteria", criteria), 1);
    const batch = join(dir, "tiny-batch");
    mkdirSync(batch);
    writeFileSync(join(batch, "a.yaml"), "\n\nx");
    cpSync(cambodia, join(batch, "cambodia.yaml"));
    expectAnswer(assess("render", batch, "--out-dir", join(dir, "tiny-out")), 1);
  });

  it("what it takes on a scale of a hundred million billion steps, either way", () => {
    const bands = "bands:\n  - { label: HIGH, min: 5 }\n  - { label: LOW, min: 0 }\n";
    const criteria = "criteria:\n  - { id: a, title: A, weight: 50 }\n  - { id: b, title: B, weight: 50 }\n";
    const fine = criteriaWith("fine-steps", `id: fine\ntitle: Fine steps\nscale: { min: 0, max: 10, step: 0.0000000000000001 }\n${criteria}${bands}`);
    const fineScores = file("fine.yaml", "programme: P\nframework: fine\nyears:\n  2024:\n    criteria:\n      a: { score: 2.5 }\n      b: { score: 3.0000000000000001 }\n");
    const run = assess("score", fineScores, "--criteria", fine);
    expectAnswer(run, 0);
    expect(run.stdout).toContain("Up to HIGH");
    const huge = criteriaWith("huge-scale", `id: huge\ntitle: Huge scale\nscale: { min: 0, max: 100000000000000000000 }\n${criteria}bands:\n  - { label: HIGH, min: 50000000000000000000 }\n  - { label: LOW, min: 0 }\n`);
    const hugeScores = file("huge.yaml", "programme: P\nframework: huge\nyears:\n  2024:\n    criteria:\n      a: { score: 7 }\n      b: { score: 9 }\n");
    const hugeRun = assess("score", hugeScores, "--criteria", huge);
    expectAnswer(hugeRun, 0);
    expect(hugeRun.stdout).toContain("Up to HIGH");
  });

  it("history and report charts on a scale spanning less than 0.0000005", () => {
    const criteria = criteriaWith(
      "tiny-scale",
      "id: tiny\ntitle: Tiny scale\nscale: { min: 0, max: 0.0000001, step: 0.00000001 }\nrounding: { decimals: 6, mode: half-up }\ncriteria:\n  - { id: a, title: A, weight: 100 }\nbands:\n  - { label: ONLY, min: 0 }\n",
    );
    const scores = file("tiny-scale.yaml", "programme: P\nframework: tiny\nyears:\n  2024:\n    criteria:\n      a: { score: 0.00000005 }\n  2023:\n    criteria:\n      a: { score: 0.00000009 }\n");
    expectAnswer(assess("history", scores, "--criteria", criteria, "--format", "html"), 0);
    expectAnswer(assess("report", scores, "--criteria", criteria, "--format", "html"), 0);
  });

  it("a symlink loop of two or three links in a criteria folder", () => {
    for (const links of [2, 3]) {
      const criteria = join(dir, `loop-${links}`);
      cpSync("criteria", join(criteria, "editions"), { recursive: true });
      for (let i = 0; i < links; i++) symlinkSync(criteria, join(criteria, `loop${i}`));
      const run = assess("score", cambodia, "--criteria", criteria);
      expectAnswer(run, 0);
      expect(run.stdout).toContain("Cambodia 2024: 7.2 GOOD");
      expect(run.stderr).toContain("folder-skipped");
      expectAnswer(assess("validate", criteria, "--criteria", criteria), 0);
    }
  });

  it("a symlink to / and one to a folder above the criteria folder: not followed, so the disk is not walked", () => {
    const criteria = join(dir, "links-up", "criteria");
    cpSync("criteria", criteria, { recursive: true });
    symlinkSync("/", join(criteria, "root"));
    symlinkSync("../..", join(criteria, "up"));
    const run = assess("score", cambodia, "--criteria", criteria);
    expectAnswer(run, 0);
    expect(run.stdout).toContain("Cambodia 2024: 7.2 GOOD");
    expect(run.stderr).toContain("root:1:1: folder-skipped: warning: this symlink leads to /, which holds");
    expect(run.stderr).toMatch(/up:1:1: folder-skipped: warning: this symlink leads to \S+, which holds/);
  });

  it("/proc/self, whose symlinks lead to / and to the working folder, as criteria, templates and assessments", () => {
    const run = assess("score", cambodia, "--criteria", "/proc/self");
    expectAnswer(run, 1);
    expect(run.stderr).toContain("folder-skipped: warning: this is part of the operating system's view of its processes (procfs), not a folder of files");
    expect(run.stderr).toContain("file-unreadable: this criteria folder holds no framework files");
    expectAnswer(assess("render", cambodia, "--templates", "/proc/self", "-o", join(dir, "proc-templates.md")), 0);
    expectAnswer(assess("render", cambodia, "--templates", "/proc/self"), 0);
    expectAnswer(assess("validate", "/proc/self"), 0);
    expectAnswer(assess("render", "/proc/self", "--out-dir", join(dir, "proc-out")), 0);
    expectAnswer(assess("report", "/proc/self"), 1);
  });

  it("a fifo named like a framework or a template", () => {
    const criteria = join(dir, "fifo-criteria");
    cpSync("criteria", criteria, { recursive: true });
    spawnSync("mkfifo", [join(criteria, "pipe.yaml")]);
    for (const command of [["score", cambodia], ["render", cambodia], ["render", "assessments/mines", "--out-dir", join(dir, "fifo-out")]]) {
      const run = assess(...command, "--criteria", criteria);
      expectAnswer(run, 1);
      expect(run.stderr).toContain("pipe.yaml:1:1: file-unreadable: this is not a regular file");
    }
    const templates = join(dir, "fifo-templates");
    mkdirSync(templates);
    spawnSync("mkfifo", [join(templates, "assessment.md.hbs")]);
    spawnSync("mkfifo", [join(templates, "_row.md.hbs")]);
    const run = assess("render", cambodia, "--templates", templates);
    expectAnswer(run, 1);
    expect(run.stderr).toContain("not a regular file");
  });

  it("a file of 20,000 unknown keys, top-level keys, duplicate keys or unsupported tags: each problem costs the same, not more each time", () => {
    const keys = (line: (i: number) => string) => Array.from({ length: 20_000 }, (_, i) => line(i)).join("");
    const files = [
      file("unknown-criteria.yaml", `programme: P\nframework: ctm-2024\nyears:\n  2024:\n    criteria:\n${keys((i) => `      unknown-key-${i}: { score: 5 }\n`)}`),
      file("unknown-keys.yaml", `programme: P\nframework: ctm-2024\n${keys((i) => `k${i}: 1\n`)}`),
      file("duplicate-keys.yaml", `programme: P\nframework: ctm-2024\n${keys((i) => `k: ${i}\n`)}`),
      file("unsupported-tags.yaml", `programme: P\nframework: ctm-2024\n${keys((i) => `k${i}: !foo x\n`)}`),
    ];
    for (const path of files) {
      const run = assess("validate", path);
      expectAnswer(run, 1);
      expect(run.stderr).toMatch(/: 200\d\d errors, 0 warnings/);
    }
  });

  it("what it takes under a framework of 8,000 equal criteria, every one of which must move", () => {
    const count = 8000;
    const criteria = Array.from({ length: count }, (_, i) => `  - { id: c${i}, title: C${i}, weight: 0.0125 }\n`).join("");
    const framework = criteriaWith(
      "many-criteria",
      `id: many\ntitle: Many criteria\nscale: { min: 0, max: 10, step: 1 }\nrounding: { decimals: 1, mode: half-up }\nunscored: not-allowed\ncriteria:\n${criteria}bands:\n  - { label: HIGH, min: 9.9 }\n  - { label: LOW, min: 0 }\n`,
    );
    const scores = Array.from({ length: count }, (_, i) => `      c${i}: { score: 0 }\n`).join("");
    const run = assess("score", file("many-criteria.yaml", `programme: P\nframework: many\nyears:\n  2024:\n    criteria:\n${scores}`), "--criteria", framework);
    expectAnswer(run, 0);
    expect(run.stdout).toContain("Up to HIGH: at least 78800 points");
  });

  it("an output folder under /proc, where Node's recursive mkdir never returns", () => {
    const run = assess("render", "assessments/mines", "--out-dir", "/proc/assess-out/x");
    expectAnswer(run, 3);
    expect(run.stderr).toContain("cannot create the output folder /proc/assess-out/x");
  });
});

describe("YAML the parser cannot survive, or would take hours over, ends in a diagnostic at once", () => {
  it("explicit keys nested 300 deep (`? ? ? … x`) are refused where they pass 64 levels", () => {
    const run = assess("validate", file("explicit-keys.yaml", `${"? ".repeat(300)}x\n`));
    expectAnswer(run, 1);
    expect(run.stderr).toContain("explicit-keys.yaml:1:129: yaml-too-deep: ");
  });

  it("a list or a mapping as a key is an error (a key must be text), never a warning of Node's", () => {
    for (const [name, text, at] of [
      ["list-key.yaml", "? [a]\n: 1\n", "1:3"],
      ["mapping-key.yaml", "programme: P\n{ a: 1 }: 2\n", "2:1"],
      ["alias-key.yaml", "a: &x [1]\nb:\n  ? *x\n  : 2\n", "3:5"],
      ["nested-keys.yaml", `${"? ".repeat(40)}x\n`, "1:3"],
    ]) {
      const run = assess("validate", file(name!, text!));
      expectAnswer(run, 1);
      expect(run.stderr).toContain(`${name}:${at}: wrong-type: a key must be text`);
    }
  });

  it("nesting that would overflow the parser's stack is yaml-too-deep, where it passes 64 levels, read either way", () => {
    const commentary = readFileSync(cambodia, "utf8").replace("      ownership: { score: 8 }\n", `      ownership: { score: 8, commentary: x${": ".repeat(2000)}y }\n`);
    const cases = [
      ["compact-mappings.yaml", `${": ".repeat(1800)}x\ny: 1\n`, "1:129"],
      ["compact-sequences.yaml", `${"- ".repeat(5000)}x\ny: 1\n`, "1:129"],
      ["indented.yaml", `${Array.from({ length: 2500 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")}\nz: 1\n`, "65:65"],
      ["colons-in-commentary.yaml", commentary, "69:161"],
    ] as const;
    for (const [name, text, at] of cases) {
      const path = file(name, text);
      for (const command of ["validate", "score"]) {
        const run = assess(command, path);
        expectAnswer(run, 1);
        expect(run.stderr).toContain(`${name}:${at}: yaml-too-deep: `);
      }
    }
  });

  it("a megabyte of stray brackets, quotes or commas is one syntax error, found without an error for each character", () => {
    const megabyte = 1 << 20;
    for (const [name, text, at] of [
      ["brackets.yaml", "]".repeat(megabyte), "1:1"],
      ["braces.yaml", "}".repeat(megabyte), "1:1"],
      ["quotes.yaml", '"'.repeat(megabyte), "1:1"],
      ["commas.yaml", `a: { b: x${",".repeat(megabyte)}y }\n`, "1:11"],
    ]) {
      const run = assess("validate", file(name!, text!));
      expectAnswer(run, 1);
      expect(run.stderr).toContain(`${name}:${at}: yaml-syntax: `);
      expect(run.stderr).toContain(": 1 error, 0 warnings");
    }
  });

  it("20,000 diagnostics fit on a fifth of the usual stack (no call spreads them into its arguments)", () => {
    // With Node's usual stack, `push(...list)` overflowed at about 120,000 items; with 100 KB, at a few thousand.
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: 1\n`).join("");
    for (const text of [`programme: P\nframework: ctm-2024\n${keys}`, ":\n".repeat(20_000)]) {
      const run = assessWith(["--stack-size=100"], "validate", file("many-diagnostics.yaml", text));
      expectAnswer(run, 1);
      expect(run.stderr).toMatch(/: 200\d\d errors, 0 warnings/);
    }
  });
});
