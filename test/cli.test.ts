import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../src/diagnostics/diagnostic.js";
import { transcript } from "./helpers.js";

/**
 * Golden CLI transcripts: the command, what it printed on stdout and stderr, and its exit code, compared byte for
 * byte with test/transcripts/*.txt. Review changes to them as plain text in the diff.
 */
const faultFiles = [
  ...readdirSync("test/bad-input").map((name) => `test/bad-input/${name}`),
  ...readdirSync("test/fixtures/warnings").map((name) => `test/fixtures/warnings/${name}`),
].sort();

describe("validate: one transcript per bad-input file, so every message is reviewed as text", () => {
  it.each(faultFiles)("%s", async (file) => {
    const result = await transcript(["validate", file]);
    await expect(result.text).toMatchFileSnapshot(`transcripts/validate-${basename(file, ".yaml")}.txt`);
    // A file named after a code must produce it; warnings alone exit 0, errors 1.
    const code = basename(file, ".yaml");
    if (code in DIAGNOSTIC_CODES) expect(result.stderr).toContain(`: ${code}: `);
    const isWarning = DIAGNOSTIC_CODES[code as DiagnosticCode]?.startsWith("warning:");
    expect(result.exitCode).toBe(isWarning ? 0 : 1);
  });
});

const cases: [name: string, args: string[], exitCode: number][] = [
  ["validate-bundled", ["validate", "criteria/", "assessments/"], 0],
  ["validate-duplicate-framework", ["validate", "test/fixtures/duplicate-framework"], 1],
  ["validate-lineage-cycle-two-files", ["validate", "test/fixtures/lineage-cycle"], 1],
  ["validate-given-duplicate-framework", ["validate", "test/fixtures/given-duplicate/ctm-2024-stricter.yaml", "assessments/mines/cambodia.yaml"], 1],
  ["validate-framework-invalid", ["validate", "--criteria", "test/fixtures/broken-criteria", "test/fixtures/framework-invalid.yaml"], 1],
  ["validate-missing-file", ["validate", "no/such/file.yaml"], 1],
  ["validate-strict-warning", ["validate", "--strict", "test/fixtures/warnings/published-mismatch.yaml"], 1],
  ["score-text", ["score", "assessments/mines/cambodia.yaml"], 0],
  ["score-json-2024", ["score", "assessments/mines/cambodia.yaml", "--year", "2024", "--format", "json"], 0],
  ["score-year-missing", ["score", "assessments/mines/cambodia.yaml", "--year", "2022"], 2],
  ["score-year-malformed", ["score", "assessments/mines/cambodia.yaml", "--year", "24"], 2],
  ["score-folder-given", ["score", "assessments"], 1],
  ["score-invalid-file", ["score", "test/bad-input/several-faults.yaml"], 1],
  ["score-with-warning", ["score", "test/fixtures/warnings/published-mismatch.yaml"], 0],
  ["render-default", ["render", "assessments/mines/cambodia.yaml"], 0],
  ["render-tsv", ["render", "assessments/mines/cambodia.yaml", "--format", "tsv"], 0],
  ["render-one-year", ["render", "assessments/mines/cambodia.yaml", "--years", "2023", "--format", "csv"], 0],
  ["render-unknown-format", ["render", "assessments/mines/cambodia.yaml", "--format", "pdf"], 2],
  ["render-output-is-input", ["render", "assessments/mines/cambodia.yaml", "-o", "assessments/mines/cambodia.yaml"], 2],
  ["render-missing-year", ["render", "assessments/mines/cambodia.yaml", "--years", "2024,2018"], 2],
  ["render-broken-template", ["render", "assessments/mines/cambodia.yaml", "--templates", "test/fixtures/templates-broken"], 1],
  ["render-templates-folder-missing", ["render", "assessments/mines/cambodia.yaml", "--templates", "no/such/folder"], 1],
  ["init-broken-criteria", ["init", "Sri Lanka", "--framework", "ctm-2024", "--criteria", "test/fixtures/broken-criteria"], 1],
  ["render-custom-template", ["render", "assessments/mines/cambodia.yaml", "--templates", "test/fixtures/templates-custom"], 0],
  ["compare-default", ["compare", "assessments/mines/cambodia.yaml"], 0],
  ["compare-text", ["compare", "assessments/mines/cambodia.yaml", "--from", "2023", "--to", "2024", "--format", "text"], 0],
  ["compare-json", ["compare", "assessments/mines/cambodia.yaml", "--from", "2023", "--to", "2024", "--format", "json"], 0],
  ["compare-across-editions", ["compare", "test/fixtures/valid/tajikistan.yaml", "--from", "2017", "--to", "2022"], 0],
  ["compare-across-editions-text", ["compare", "test/fixtures/valid/tajikistan.yaml", "--from", "2016", "--to", "2017", "--format", "text"], 0],
  ["compare-missing-year", ["compare", "assessments/mines/cambodia.yaml", "--from", "2021"], 2],
  ["import-seed", ["import", "test/fixtures/import/seed-cambodia-2025.txt"], 0],
  ["import-web-page", ["import", "test/fixtures/import/drc-ctm2023.txt", "--programme", "Democratic Republic of the Congo", "--year", "2022"], 0],
  ["import-no-year", ["import", "test/fixtures/import/copied-web-page.txt", "--programme", "Bosnia and Herzegovina"], 1],
  ["import-no-edition", ["import", "test/fixtures/import/unknown-table.txt", "--programme", "X", "--year", "2022"], 1],
  ["import-no-programme", ["import", "test/fixtures/import/yemen-ctm2023.txt", "--year", "2022"], 1],
  ["import-missing-file", ["import", "no/such/table.txt"], 1],
  ["help-import", ["import", "--help"], 0],
  ["history-md", ["history", "test/fixtures/valid/tajikistan.yaml"], 0],
  ["history-record", ["history", "assessments/mines/iraq.yaml"], 0],
  ["history-unknown-format", ["history", "assessments/mines/cambodia.yaml", "--format", "tsv"], 2],
  ["help-history", ["history", "--help"], 0],
  ["what-if-weights", ["what-if", "assessments/mines/cambodia.yaml", "--weights", "land-release-system=20,contamination=10"], 0],
  ["what-if-weight-set", ["what-if", "assessments/mines/cambodia.yaml", "--weight-set", "equal", "--format", "json"], 0],
  ["what-if-rating-changes", ["what-if", "test/fixtures/valid/sri-lanka.yaml", "--weights", "information=20,land-release-outputs=10"], 0],
  ["what-if-not-100", ["what-if", "assessments/mines/cambodia.yaml", "--weights", "contamination=30"], 2],
  ["what-if-malformed", ["what-if", "assessments/mines/cambodia.yaml", "--weights", "contamination:30"], 2],
  ["what-if-misspelt-criterion", ["what-if", "assessments/mines/cambodia.yaml", "--weights", "contamnation=20"], 2],
  ["compare-reversed-years", ["compare", "assessments/mines/cambodia.yaml", "--from", "2024", "--to", "2023"], 2],
  ["history-csv", ["history", "test/fixtures/valid/tajikistan.yaml", "--format", "csv"], 0],
  ["what-if-both", ["what-if", "assessments/mines/cambodia.yaml"], 2],
  ["help-what-if", ["what-if", "--help"], 0],
  ["init-stdout", ["init", "Sri Lanka", "--framework", "ctm-2024", "--year", "2024"], 0],
  ["init-unknown-framework", ["init", "Sri Lanka", "--framework", "ctm-2025"], 2],
  ["init-exists", ["init", "Cambodia", "--framework", "ctm-2024", "-o", "assessments/mines/cambodia.yaml"], 2],
  ["help-init", ["init", "--help"], 0],
  ["help-next-year", ["next-year", "--help"], 0],
  ["report-md", ["report", "assessments/", "--year", "2022", "--format", "md"], 0],
  ["report-with-bad-file", ["report", "assessments/", "test/bad-input/score-hex.yaml", "--year", "2022", "--format", "json", "-o", "/dev/null"], 1],
  ["report-year-missing", ["report", "assessments/", "--year", "2001"], 2],
  ["help-report", ["report", "--help"], 0],
  ["help-watch", ["watch", "--help"], 0],
  ["help-serve", ["serve", "--help"], 0],
  ["serve-not-a-folder", ["serve", "assessments/mines/cambodia.yaml"], 2],
  ["serve-bad-port", ["serve", "--port", "http"], 2],
  ["watch-needs-output", ["watch", "assessments/"], 2],
  ["help", ["--help"], 0],
  ["help-validate", ["validate", "--help"], 0],
  ["help-score", ["score", "--help"], 0],
  ["help-render", ["render", "--help"], 0],
  ["help-compare", ["compare", "--help"], 0],
  ["help-diff", ["diff", "--help"], 0],
  ["unknown-command", ["grade", "assessments/mines/cambodia.yaml"], 2],
  ["unknown-option", ["score", "assessments/mines/cambodia.yaml", "--yaer", "2024"], 2],
  ["missing-argument", ["render"], 2],
];

describe("CLI transcripts", () => {
  it.each(cases)("%s", async (name, args, exitCode) => {
    const result = await transcript(args);
    await expect(result.text).toMatchFileSnapshot(`transcripts/${name}.txt`);
    expect(result.exitCode).toBe(exitCode);
    expect(result.text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
  });
});

describe("--version", () => {
  it("prints package.json's version and exits 0, from the sources as from the bundle (test/bin.test.ts)", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const result = await transcript(["--version"]);
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.exitCode).toBe(0);
  });
});

describe("render -o", () => {
  it("writes the file atomically and infers the format from its extension", async () => {
    const folder = mkdtempSync(join(tmpdir(), "assess-"));
    const output = join(folder, "cambodia.html");
    const result = await transcript(["render", "assessments/mines/cambodia.yaml", "-o", output]);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(output, "utf8")).toBe(readFileSync("test/golden/cambodia.html", "utf8"));
    expect(readdirSync(folder)).toEqual(["cambodia.html"]); // no temporary file left behind
  });

  it("leaves an existing output untouched when the input is invalid", async () => {
    const folder = mkdtempSync(join(tmpdir(), "assess-"));
    const output = join(folder, "table.md");
    writeFileSync(output, "previous version\n");
    const result = await transcript(["render", "test/bad-input/score-out-of-range.yaml", "-o", output]);
    expect(result.exitCode).toBe(1);
    expect(readFileSync(output, "utf8")).toBe("previous version\n");
  });

  it("reports a folder that cannot be written to with exit code 3", async () => {
    const folder = mkdtempSync(join(tmpdir(), "assess-"));
    const output = join(folder, "missing-folder", "table.md");
    const result = await transcript(["render", "assessments/mines/cambodia.yaml", "-o", output]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("cannot write");
    expect(existsSync(join(folder, "missing-folder"))).toBe(false);
  });
});

describe("init", () => {
  it("writes an assessment that fails validation until every score is filled in", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "init-")), "new.yaml");
    expect((await transcript(["init", "Sri Lanka", "--framework", "ctm-2019", "--year", "2023", "-o", file])).exitCode).toBe(0);
    const empty = await transcript(["validate", file]);
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr.match(/: unscored: /g)).toHaveLength(7);
    let score = 3;
    writeFileSync(file, readFileSync(file, "utf8").replace(/score:\n/g, () => `score: ${score++}\n`));
    const filled = await transcript(["validate", file]);
    expect(filled.exitCode).toBe(0);
    expect(filled.stderr).toContain("no problems");
  });
});

describe("--criteria", () => {
  it("takes frameworks from another folder", async () => {
    const folder = mkdtempSync(join(tmpdir(), "criteria-"));
    mkdirSync(join(folder, "frameworks"));
    writeFileSync(
      join(folder, "frameworks", "halves.yaml"),
      "id: halves\ntitle: Half points\nscale: { min: 0, max: 10, step: 0.5 }\ncriteria:\n  - { id: a, title: A, weight: 50 }\n  - { id: b, title: B, weight: 50 }\nbands:\n  - { label: HIGH, min: 5 }\n  - { label: LOW, min: 0 }\n",
    );
    writeFileSync(join(folder, "p.yaml"), "programme: P\nframework: halves\nyears:\n  2024:\n    criteria:\n      a: { score: 4.5 }\n      b: { score: 5 }\n");
    const result = await transcript(["score", join(folder, "p.yaml"), "--criteria", join(folder, "frameworks"), "--format", "json"]);
    expect(result.exitCode).toBe(0);
    // (4.5 + 5) / 2 = 4.75, rounded half-up once to 4.8
    expect(JSON.parse(result.stdout).years[0]).toMatchObject({ average: 4.8, rating: "LOW" });
  });
});
