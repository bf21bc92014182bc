import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../src/diagnostics/diagnostic.js";
import { MAX_FILE_BYTES } from "../src/load/read-source.js";
import { transcript } from "./helpers.js";

/**
 * The bad-input corpus (test/bad-input/, expectations in test/bad-input.expected.yaml): every file must end in
 * exactly its expected diagnostics, exit code 1, no stack trace, within about a second.
 */
const expected = parse(readFileSync("test/bad-input.expected.yaml", "utf8")) as Record<string, string[]>;
const files = readdirSync("test/bad-input").sort();

/** "code@line:column" for each diagnostic line of a validate run's stderr. */
function found(stderr: string): string[] {
  return [...stderr.matchAll(/^\S.*?:(\d+):(\d+): ([a-z0-9-]+): /gm)].map((m) => `${m[3]}@${m[1]}:${m[2]}`);
}

async function validate(args: string[]) {
  const started = performance.now();
  const result = await transcript(["validate", ...args]);
  return { ...result, ms: performance.now() - started };
}

describe("bad-input corpus", () => {
  it("has at least 60 files, each with its expectations", () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)("%s", async (file) => {
    const result = await validate([`test/bad-input/${file}`]);
    expect(found(result.stderr)).toEqual(expected[file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(result.ms).toBeLessThan(1500);
  });

  it("covers every code validate can give for one file, the rest being covered by the cases named here", () => {
    const covered = new Set(Object.values(expected).flat().map((entry) => entry.split("@")[0]));
    const elsewhere: Partial<Record<DiagnosticCode, string>> = {
      "file-unreadable": "generated below (missing, fifo, symlink loop, folder)",
      "file-too-large": "generated below",
      "folder-skipped": "generated below (a folder with a symlink loop)",
      "duplicate-framework": "test/transcripts/validate-duplicate-framework.txt",
      "framework-invalid": "test/transcripts/validate-framework-invalid.txt",
      "published-mismatch": "test/fixtures/warnings (a warning: exit 0)",
      "published-rating-mismatch": "test/fixtures/warnings",
      "published-rating-unknown": "test/fixtures/warnings",
      "unexplained-change": "test/fixtures/warnings",
      "template-error": "test/cli.test.ts and test/safe-output.test.ts",
      "missing-year": "test/nothing-lost.test.ts (a batch asked for a year a file lacks) and test/watch.test.ts",
      "output-clash": "test/nothing-lost.test.ts (two inputs of one name in a batch)",
      "template-missing": "not reachable while the bundled templates are installed",
    };
    const validationCodes = (Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]).filter((code) => !code.startsWith("import-"));
    expect(validationCodes.filter((code) => !covered.has(code) && !(code in elsewhere))).toEqual([]);
  });
});

describe("hostile files and folders made at test time", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "bad-input-"));

  it("refuses a file over the size cap before reading it", async () => {
    const file = join(folder(), "huge.yaml");
    writeFileSync(file, `programme: X\n# ${"x".repeat(MAX_FILE_BYTES)}\n`);
    const result = await validate([file]);
    expect(found(result.stderr)).toEqual(["file-too-large@1:1"]);
    expect(result.exitCode).toBe(1);
  });

  it("reports a missing file, a fifo, a symlink loop and a folder given as an assessment", async () => {
    const dir = folder();
    symlinkSync(join(dir, "b.yaml"), join(dir, "a.yaml"));
    symlinkSync(join(dir, "a.yaml"), join(dir, "b.yaml"));
    execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
    for (const [file, message] of [
      [join(dir, "missing.yaml"), "no such file"],
      [join(dir, "pipe.yaml"), "not a regular file"],
      [join(dir, "a.yaml"), "symlink loop"],
    ] as const) {
      const result = await validate([file]);
      expect(found(result.stderr)).toEqual(["file-unreadable@1:1"]);
      expect(result.stderr).toContain(message);
      expect(result.exitCode).toBe(1);
    }
    const asFolder = await transcript(["score", dir]);
    expect(asFolder.stderr).toContain("this is a folder");
    expect(asFolder.exitCode).toBe(1);
  });

  it("reports a file it may not read", async () => {
    if (process.getuid?.() === 0) return; // root reads anything: nothing to test
    const file = join(folder(), "secret.yaml");
    writeFileSync(file, "programme: X\n");
    chmodSync(file, 0o000);
    const result = await validate([file]);
    expect(result.stderr).toContain("permission denied");
    expect(result.exitCode).toBe(1);
  });

  it("counts a dangling symlink and a file whose name is not UTF-8 as files checked, with errors", async () => {
    const dir = folder();
    writeFileSync(join(dir, "good.yaml"), readFileSync("test/fixtures/valid-minimal.yaml", "utf8"));
    symlinkSync(join(dir, "gone.yaml"), join(dir, "dangling.yaml"));
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from(".yaml")]), "programme: X\n");
    const result = await validate([dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("dangling.yaml:1:1: file-unreadable: this is a symlink to");
    expect(result.stderr).toMatch(/bad-\uFFFD\uFFFD\.yaml:1:1: file-unreadable: this file's name is not UTF-8 text/);
    expect(result.stderr).toMatch(/^3 files checked \(1 assessment, 0 frameworks\): 2 errors, 0 warnings; with errors: .*dangling\.yaml, .*bad-\uFFFD\uFFFD\.yaml$/m);
  });

  it("walks a folder with a symlink loop and thousands of files, reporting each bad one", async () => {
    const dir = folder();
    mkdirSync(join(dir, "nested"));
    symlinkSync(dir, join(dir, "nested", "loop"));
    const good = readFileSync("test/fixtures/valid-minimal.yaml", "utf8");
    for (let i = 0; i < 2000; i++) writeFileSync(join(dir, `p${String(i).padStart(4, "0")}.yaml`), i % 500 === 7 ? good.replace("score: 9", "score: 19") : good);
    const result = await validate([dir]);
    expect(result.exitCode).toBe(1);
    // The loop is reported once, as a warning, and not walked.
    expect(found(result.stderr)).toEqual(["folder-skipped@1:1", "score-out-of-range@8:24", "score-out-of-range@8:24", "score-out-of-range@8:24", "score-out-of-range@8:24"]);
    expect(result.stderr).toContain("nested/loop:1:1: folder-skipped: warning: this symlink leads back to");
    expect(result.stderr).toMatch(/2000 files checked \(2000 assessments, 0 frameworks\): 4 errors, 1 warning; with errors: .*p0007\.yaml, .*p0507\.yaml/);
  });
});
