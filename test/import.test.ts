import { mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importTables } from "../src/import/import-tables.js";
import { mergeIntoAssessment } from "../src/import/merge-into-assessment.js";
import { QUOTED_LENGTH } from "../src/import/quote-line.js";
import { readPublishedTable } from "../src/import/read-published-table.js";
import { readTables } from "../src/import/read-tables.js";
import { checkAssessment } from "../src/tasks/check-assessment.js";
import { loadFrameworks } from "../src/tasks/load-files.js";
import { parseYaml } from "../src/parse/parse-yaml.js";
import { renderTable } from "./helpers.js";
import { formatAverage, scoreYear } from "../src/score/score-year.js";
import { validateAssessment } from "../src/validate/validate-assessment.js";
import { transcript } from "./helpers.js";

const frameworks = loadFrameworks();
const all = [...frameworks.byId.values()];
const source = (file: string) => ({ file, text: readFileSync(file, "utf8") });
const seedFile = "test/fixtures/import/seed-cambodia-2025.txt";

/** Validates imported YAML text and returns the assessment, failing the test on any diagnostic. */
function assessmentOf(text: string, file = "imported.yaml") {
  const parsed = parseYaml({ file, text });
  const { assessment, diagnostics } = validateAssessment(parsed, frameworks);
  expect([...parsed.diagnostics, ...diagnostics]).toEqual([]);
  return assessment!;
}

/** Every published table, with what it must give: edition, assessed years, printed averages and rating. */
const published: [file: string, framework: string, year: number | undefined, averages: string[], rating?: string][] = [
  ["afghanistan-ctm2017.txt", "ctm-2016", 2016, ["6.7"]],
  ["angola-lm2014.txt", "lm-2014", 2013, ["4.9"], "POOR"],
  ["bih-ctm2023.txt", "ctm-2019", 2022, ["5.8"]],
  ["chad-ctm2023.txt", "ctm-2019", 2022, ["4.4"]],
  ["colombia-ctm2023.txt", "ctm-2019", 2022, ["6.7"]],
  ["drc-ctm2023.txt", "ctm-2019", 2022, ["4.6"], "POOR"],
  ["eritrea-ctm2023.txt", "ctm-2019", 2022, ["1.9"], "VERY POOR"],
  ["iraq-ccmr2017.txt", "ccmr-2016", 2016, ["4.6"]],
  ["lebanon-ccmr2020.txt", "ccmr-2019", 2019, ["7.5"]],
  ["mauritania-ctm2023.txt", "ctm-2019", 2022, ["5.2"], "AVERAGE"],
  ["southsudan-ctm2023.txt", "ctm-2019", 2022, ["6.7"]],
  ["srilanka-ctm2023.txt", "ctm-2019", 2022, ["7.1"]],
  ["sudan-ctm2023.txt", "ctm-2019", 2022, ["6.9"]],
  ["tajikistan-ctm2018.txt", "ctm-2016", undefined, ["5.5", "5.2"], "AVERAGE"],
  ["tajikistan-ctm2023.txt", "ctm-2019", 2022, ["6.2"]],
  ["thailand-ctm2023.txt", "ctm-2019", 2022, ["7.7"], "GOOD"],
  ["turkiye-ctm2023.txt", "ctm-2019", 2022, ["6.2"]],
  ["ukraine-ctm2023.txt", "ctm-2019", 2022, ["4.6"], "POOR"],
  ["yemen-ctm2023.txt", "ctm-2019", 2022, ["4.7"]],
];

describe("import of every published table", () => {
  it("covers every file of the reference folder", () => {
    const reference = readdirSync("test/fixtures/import").filter((f) => /-(ctm|ccmr|lm)\d{4}\.txt$/.test(f));
    expect(published.map(([file]) => file).sort()).toEqual(reference.sort());
  });

  it.each(published)("%s → %s; score reproduces the printed average and rating", (file, frameworkId, year, averages, rating) => {
    const result = importTables([source(`test/fixtures/import/${file}`)], all, { programme: "X", ...(year && { year }) });
    expect(result.diagnostics).toEqual([]);
    const assessment = assessmentOf(result.text!);
    expect(assessment.years.map((y) => y.framework.id)).toEqual(averages.map(() => frameworkId));
    const scores = assessment.years.map(scoreYear);
    expect(scores.map((s) => formatAverage(s.average, s.framework))).toEqual(averages);
    expect(assessment.years.map((y) => y.published?.average?.toDecimal(1))).toEqual(averages);
    if (rating) expect(scores[0]!.rating.label).toBe(rating);
    if (year) expect(assessment.years[0]!.year).toBe(year);
  });
});

describe("the seed's table", () => {
  it("round-trips: importing it and rendering TSV gives the same bytes", () => {
    const result = importTables([source(seedFile)], all);
    expect(result.diagnostics).toEqual([]);
    const assessment = assessmentOf(result.text!);
    expect(assessment.programme).toBe("Cambodia");
    expect(renderTable(assessment, { format: "tsv" })).toBe(readFileSync("test/golden/seed-table.tsv", "utf8"));
  });

  it("matches the golden import", async () => {
    await expect(importTables([source(seedFile)], all).text).toMatchFileSnapshot("golden/import-seed.yaml");
  });
});

describe("the current editions' table, however it was copied", () => {
  const seed = importTables([source(seedFile)], all);
  const copies = readdirSync("test/fixtures/import/copies").map((name) => `test/fixtures/import/copies/${name}`);

  it("has a copy from a PDF viewer (wrapped, and a cell per line), a pipe table and a word processor's text", () => {
    expect(copies.map((file) => file.split("/").at(-1))).toEqual([
      "cambodia-ctm2025-cells.txt",
      "cambodia-ctm2025-pdf-viewer.txt",
      "cambodia-ctm2025-pipes.md",
      "cambodia-ctm2025-word.txt",
    ]);
    expect(readFileSync(copies[3]!, "utf8")).toMatch(/\u00a0.*\r\n/);
  });

  it.each(copies)("%s imports to the same scores, commentary, averages and rating as the tab-separated text", (file) => {
    const result = importTables([source(file)], all);
    expect(result.diagnostics).toEqual([]);
    const copied = assessmentOf(result.text!);
    const original = assessmentOf(seed.text!);
    expect(copied.programme).toBe("Cambodia");
    const strip = (assessment: typeof copied) => assessment.years.map(({ source: _source, ...year }) => year);
    expect(strip(copied)).toEqual(strip(original));
    expect(renderTable(copied, { format: "tsv" })).toBe(readFileSync("test/golden/seed-table.tsv", "utf8"));
  });
});

describe("import errors", () => {
  it("names the nearest edition and the lines that did not match", () => {
    const { diagnostics, text } = importTables([source("test/fixtures/import/unknown-table.txt")], all, { programme: "X", year: 2022 });
    expect(text).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["import-no-edition", 4],
      ["import-no-edition", 6],
    ]);
    expect(diagnostics[0]!.message).toContain("nearest is ctm-2019");
    expect(diagnostics[0]!.message).toContain('"Gender"');
    expect(diagnostics[1]!.message).toContain('"Victim assistance"');
  });

  it("asks for the year when the table prints none and its file's name does not say its edition", () => {
    const { diagnostics } = importTables([source("test/fixtures/import/copied-web-page.txt")], all, { programme: "X" });
    expect(diagnostics.map((d) => d.code)).toEqual(["import-no-year"]);
  });

  it("dates a table from its file's name (the edition's year minus one, marked inferred) and names its publication", () => {
    const result = importTables([source("test/fixtures/import/bih-ctm2023.txt")], all, { programme: "X" });
    expect(result.diagnostics).toEqual([]);
    expect(result.text).toContain("  2022:\n    source: Clearing the Mines 2023 (web page)\n    inferred: true\n    published: { average: 5.8 }\n");
    const given = importTables([source("test/fixtures/import/bih-ctm2023.txt")], all, { programme: "X", year: 2022, source: "CTM 2023, p. 12" });
    expect(given.text).toContain("  2022:\n    source: CTM 2023, p. 12\n    published:");
  });

  it("does not infer the year of a page kept from an earlier edition", () => {
    const text = readFileSync("test/fixtures/import/bih-ctm2023.txt", "utf8");
    const { diagnostics } = importTables([{ file: "copied/bih-ctm2024.txt", text }], all, { programme: "X" });
    expect(diagnostics.map((d) => d.code)).toEqual(["import-no-year"]);
    expect(diagnostics[0]!.message).toContain("the page was probably not updated for 2024");
  });

  it("says when no table is found", () => {
    const { diagnostics } = importTables([source("test/fixtures/import/no-table.txt")], all, { programme: "X", year: 2022 });
    expect(diagnostics.map((d) => d.code)).toEqual(["import-unrecognised-layout"]);
  });

  it("tolerates capitals, bullets, blank lines, footnote marks and extraction artefacts", () => {
    const messy = [
      "• PERFORMANCE CRITERION | SCORE |",
      "",
      "• UNDERSTANDING OF ANTI-PERSONNEL MINE CONTAMINATION (20% of overall score)[3] | 5 |",
      "National Ownership and Program Management (10% of overall score) 5",
      "gender (10% of overall score) 4",
      "",
      "Information management and reporting (10% of overall score) 6",
      "Planning and tasking (10% of overall score) 7",
      "Land-release system (20% of overall score) 7",
      "Land release outputs and Article 5 compliance (20% of overall score) 6",
      "Performance score 5.8",
    ].join("\n").replace("• PERFORMANCE CRITERION | SCORE |", "Performance Criterion | Score |");
    const result = importTables([{ file: "messy.txt", text: messy }], all, { programme: "X", year: 2022 });
    expect(result.diagnostics).toEqual([]);
    expect(assessmentOf(result.text!).years[0]!.framework.id).toBe("ctm-2019");
  });

  it("reads a one-year PDF line whose titles hold digits, and a pipe table with a leading pipe", () => {
    const pdf = "PROGRAMME PERFORMANCE 2022 Understanding of anti-personnel mine contamination 5 National ownership and programme management 5 Gender 4 Information management and reporting 6 Planning and tasking 7 Land release system 7 Land release outputs and Article 5 compliance 6\n\nPERFORMANCE SCORE: AVERAGE 5.8\n";
    const pipes = readFileSync("test/fixtures/import/colombia-ctm2023.txt", "utf8").split("\n").map((line) => (line ? `| ${line}` : line)).join("\n").replace("| ---|---|", "|---|---:|");
    for (const [file, text] of [["one-year.txt", pdf], ["pipes.txt", pipes]] as const) {
      const result = importTables([{ file, text }], all, { programme: "X", year: 2022 });
      expect(result.diagnostics).toEqual([]);
      expect(assessmentOf(result.text!).years[0]!.framework.id).toBe("ctm-2019");
    }
  });

  it("with --framework, matches rows by position, warning about each title it does not recognise", () => {
    const reworded = readFileSync("test/fixtures/import/colombia-ctm2023.txt", "utf8").replace("Gender (10% of overall score)", "Gender equality (10% of overall score)");
    const refused = importTables([{ file: "reworded.txt", text: reworded }], all, { programme: "X", year: 2022 });
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["import-no-edition", "import-no-edition"]);
    const result = importTables([{ file: "reworded.txt", text: reworded }], all, { programme: "X", year: 2022, frameworkId: "ctm-2019" });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([["import-unrecognised-title", "warning", reworded.split("\n").findIndex((l) => l.startsWith("Gender equality")) + 1]]);
    expect(result.diagnostics[0]!.message).toContain("'gender'");
    expect(assessmentOf(result.text!).years[0]!.entries.find((e) => e.criterionId === "gender")!.score!.toDecimal()).toBe("7");
  });

  it("with --framework, refuses rows out of the framework's order and a table with a row too few", () => {
    const lines = readFileSync("test/fixtures/import/colombia-ctm2023.txt", "utf8").split("\n");
    const gender = lines.findIndex((l) => l.startsWith("Gender"));
    const swapped = [...lines];
    [swapped[gender], swapped[gender + 1]] = [swapped[gender + 1]!, swapped[gender]!];
    const shuffled = importTables([{ file: "swapped.txt", text: swapped.join("\n").replace("Gender (", "Gender and equality (") }], all, { programme: "X", year: 2022, frameworkId: "ctm-2019" });
    expect(shuffled.diagnostics.map((d) => d.code)).toContain("import-no-edition");
    expect(shuffled.text).toBeUndefined();
    const short = importTables([{ file: "short.txt", text: lines.filter((_, i) => i !== gender).join("\n") }], all, { programme: "X", year: 2022, frameworkId: "ctm-2019" });
    expect(short.diagnostics.map((d) => d.code)).toEqual(["import-no-edition"]);
    expect(short.diagnostics[0]!.message).toContain("6 rows, but ctm-2019 has 7 criteria");
  });

  it("reads the table's own layout", () => {
    const layouts = ["seed-cambodia-2025.txt", "bih-ctm2023.txt", "colombia-ctm2023.txt", "tajikistan-ctm2018.txt", "angola-lm2014.txt"].map(
      (file) => readPublishedTable(readFileSync(`test/fixtures/import/${file}`, "utf8"), file).table?.layout,
    );
    expect(layouts).toEqual(["report", "web", "web", "pdf", "profile"]);
  });
});

describe("importing into an existing assessment", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "import-"));

  it("adds years and leaves every other byte of the file as it was", async () => {
    const dir = folder();
    const target = join(dir, "tajikistan.yaml");
    const original = "# Tajikistan, kept by hand\nprogramme: Tajikistan   # AP mines\nframework: ctm-2019\nyears:\n    # the latest year\n    2022:\n        source: CTM 2023\n        commentary: not-printed\n        criteria:\n            contamination: { score: 5 }\n            ownership: { score: 7 }\n            gender: { score: 7 }   # a comment on gender\n            information: { score: 6 }\n            planning: { score: 6 }\n            land-release-system: { score: 6 }\n            land-release-outputs: { score: 7 }\n# trailing comment\n";
    writeFileSync(target, original);
    const result = await transcript(["import", "test/fixtures/import/tajikistan-ctm2018.txt", "-o", target]);
    expect(result.exitCode).toBe(0);
    const text = readFileSync(target, "utf8");
    const added = text.slice(text.indexOf("    2017:"), text.indexOf("# trailing comment"));
    expect(text.replace(added, "")).toBe(original);
    expect(added).toMatch(/^    2017:\n        framework: ctm-2016\n/);
    expect(added.indexOf("2017:")).toBeLessThan(added.indexOf("2016:"));
    assessmentOf(text, target);
  });

  it("refuses a year the file has, unless --force, and then replaces only that year", async () => {
    const dir = folder();
    const target = join(dir, "cambodia.yaml");
    copyFileSync("assessments/mines/cambodia.yaml", target);
    const original = readFileSync(target, "utf8");
    const refused = await transcript(["import", seedFile, "-o", target]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("import-year-exists");
    expect(readFileSync(target, "utf8")).toBe(original);
    const forced = await transcript(["import", seedFile, "-o", target, "--force"]);
    expect(forced.exitCode).toBe(0);
    const text = readFileSync(target, "utf8");
    expect(text.split("\n").slice(0, 6)).toEqual(original.split("\n").slice(0, 6));
    expect(renderTable(assessmentOf(text, target), { format: "tsv" })).toBe(readFileSync("test/golden/seed-table.tsv", "utf8"));
  });

  it("leaves a broken assessment untouched and refuses to proceed", async () => {
    const dir = folder();
    const target = join(dir, "broken.yaml");
    writeFileSync(target, "programme: X\nframework: ctm-2019\nyears:\n  2021: { criteria: [\n");
    const result = await transcript(["import", "test/fixtures/import/bih-ctm2023.txt", "--year", "2022", "-o", target]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("import-target-invalid");
    expect(readFileSync(target, "utf8")).toBe("programme: X\nframework: ctm-2019\nyears:\n  2021: { criteria: [\n");
  });

  const tajikistan2022 = [
    "programme: Tajikistan",
    "framework: ctm-2019",
    "years:",
    "  2022:",
    "    commentary: not-printed",
    "    criteria:",
    ...["contamination: { score: 5 }", "ownership: { score: 7 }", "gender: { score: 7 }", "information: { score: 6 }", "planning: { score: 6 }", "land-release-system: { score: 6 }", "land-release-outputs: { score: 7 }"].map((line) => `      ${line}`),
  ];

  it.each([
    ["without a final line break", tajikistan2022.join("\n"), "\n"],
    ["with CRLF line ends", `${tajikistan2022.join("\r\n")}\r\n`, "\r\n"],
  ])("splices into a file %s, keeping its line ends", (_name, original, eol) => {
    const result = importTables([source("test/fixtures/import/tajikistan-ctm2018.txt")], all, {}, { file: "t.yaml", text: original });
    expect(result.diagnostics).toEqual([]);
    const text = result.text!;
    expect(text.startsWith(original.trimEnd())).toBe(true);
    if (eol === "\r\n") expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(assessmentOf(text).years.map((y) => y.year)).toEqual([2022, 2017, 2016]);
  });

  it("keeps a file written oldest first in that order, and comments with the year they describe", () => {
    const original = [
      "programme: Tajikistan",
      "framework: ctm-2019",
      "years:",
      "  # the oldest year on file",
      "  2015:",
      "    framework: ctm-2016",
      "    commentary: not-printed",
      "    criteria:",
      ...["problem-understood", "target-date", "targeted-clearance", "efficient-clearance", "national-funding", "timely-clearance", "land-release-system", "standards", "reporting", "improving-performance"].map((id) => `      ${id}: { score: 5 }`),
      "      # TODO: check the 2015 reprint",
      "  # the latest",
      ...tajikistan2022.slice(3),
      "",
    ].join("\n");
    const result = importTables([source("test/fixtures/import/tajikistan-ctm2018.txt")], all, {}, { file: "t.yaml", text: original });
    const text = result.text!;
    expect([...text.matchAll(/^ {2}(\d{4}):/gm)].map((m) => m[1])).toEqual(["2015", "2016", "2017", "2022"]);
    expect(text.indexOf("# TODO: check the 2015 reprint")).toBeLessThan(text.indexOf("  2016:"));
    expect(text.indexOf("  2017:")).toBeLessThan(text.indexOf("# the latest"));
    expect(text.replace(text.slice(text.indexOf("  2016:"), text.indexOf("  # the latest")), "")).toBe(original);
  });

  it.each([
    ["a literal block that keeps its final line breaks (|+)", "|+"],
    ["a folded block that keeps them (>+)", ">+"],
    ["one with an indentation digit (|2+)", "|2+"],
  ])("adds a year after %s without taking its blank lines from it", (_name, header) => {
    const original = [
      ...tajikistan2022.slice(0, -1),
      `      land-release-outputs:`,
      `        score: 7`,
      `        commentary: ${header}`,
      "          Kept as written, final line breaks included.",
      "",
      "",
    ].join("\n");
    const written = assessmentOf(original).years[0]!.entries.at(-1)!.commentary;
    expect(written.endsWith(".\n\n")).toBe(true);
    const result = importTables([source("test/fixtures/import/tajikistan-ctm2018.txt")], all, {}, { file: "t.yaml", text: original });
    expect(result.diagnostics).toEqual([]);
    const text = result.text!;
    expect(text.startsWith(original)).toBe(true);
    expect(assessmentOf(text).years.find((y) => y.year === 2022)!.entries.at(-1)!.commentary).toBe(written);
  });

  it("adds a year after one written as an explicit key (? 2018), indented as the file indents its years", () => {
    const ids = ["contamination", "ownership", "gender", "information", "planning", "land-release-system", "land-release-outputs"];
    const original = ["programme: Tajikistan", "framework: ctm-2019", "years:", "  ? 2022", "  :", "   criteria:", ...ids.map((id) => `    ${id}: { score: 6 }`), ""].join("\n");
    const result = importTables([source("test/fixtures/import/tajikistan-ctm2018.txt")], all, {}, { file: "t.yaml", text: original });
    expect(result.diagnostics).toEqual([]);
    expect(result.text!.startsWith(original)).toBe(true);
    expect(assessmentOf(result.text!).years.map((y) => y.year)).toEqual([2022, 2017, 2016]);
  });

  it("keeps a last block that keeps its line breaks (|+) as it reads, in a file ending in a line of spaces", () => {
    const original = [...tajikistan2022.slice(0, -1), "      land-release-outputs:", "        score: 7", "        commentary: |+", "          Text", "     "].join("\n");
    const before = assessmentOf(original).years[0]!.entries.at(-1)!.commentary;
    const result = importTables([source("test/fixtures/import/tajikistan-ctm2018.txt")], all, {}, { file: "t.yaml", text: original });
    expect(result.diagnostics).toEqual([]);
    expect(assessmentOf(result.text!).years.find((y) => y.year === 2022)!.entries.at(-1)!.commentary).toBe(before);
    expect(result.text!.endsWith("     ")).toBe(true);
  });

  it("refuses to add a table that names another programme", () => {
    const result = importTables([source(seedFile)], all, {}, { file: "t.yaml", text: `${tajikistan2022.join("\n")}\n` });
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["import-target-invalid"]);
    expect(result.diagnostics[0]!.message).toContain("not Cambodia");
  });

  it("fills an assessment whose years are still empty", async () => {
    const dir = folder();
    const target = join(dir, "yemen.yaml");
    writeFileSync(target, "programme: Yemen\nframework: ctm-2019\nyears: {}\n");
    const result = await transcript(["import", "test/fixtures/import/yemen-ctm2023.txt", "--year", "2022", "-o", target]);
    expect(result.exitCode).toBe(0);
    const text = readFileSync(target, "utf8");
    expect(text.startsWith("programme: Yemen\nframework: ctm-2019\nyears:\n  2022:\n")).toBe(true);
    expect(formatAverage(scoreYear(assessmentOf(text, target).years[0]!).average, all[0]!)).toBe("4.7");
  });
});

/** `text` with `from` replaced by `to`, once; the test fails when `from` is not in it. */
function edit(text: string, from: string, to: string): string {
  expect(text, `the table holds ${JSON.stringify(from)}`).toContain(from);
  return text.replace(from, () => to);
}

/** The current editions' table, as a copy without weight notes reads it: a row per line, cells between tabs. */
const seedWithoutNotes = () => readFileSync(seedFile, "utf8").replace(/ \(\d+% of overall score\)/g, "");

/**
 * A table of each layout, and where it prints a score, an average and (where it prints them) a weight: what each
 * becomes when a digit is added far behind the point, where a double no longer sees it.
 */
const layouts: { layout: string; file: string; text: () => string; year?: number; score: [string, string]; average: [string, string]; weight?: [string, string] }[] = [
  {
    layout: "web page",
    file: "test/fixtures/import/bih-ctm2023.txt",
    text: () => readFileSync("test/fixtures/import/bih-ctm2023.txt", "utf8"),
    year: 2022,
    score: ["Gender (10% of overall score) 4", "Gender (10% of overall score) 4.0000000000000001"],
    average: ["Performance score 5.8", "Performance score 5.80000000000000001"],
    weight: ["Gender (10% of", "Gender (10.000000000000001% of"],
  },
  {
    layout: "PDF text",
    file: "test/fixtures/import/tajikistan-ctm2018.txt",
    text: () => readFileSync("test/fixtures/import/tajikistan-ctm2018.txt", "utf8"),
    score: ["Problem understood 5 5", "Problem understood 5.0000000000000001 5"],
    average: ["AVERAGE 5.5 5.2", "AVERAGE 5.50000000000000001 5.2"],
  },
  {
    layout: "Landmine Monitor profile",
    file: "test/fixtures/import/angola-lm2014.txt",
    text: () => readFileSync("test/fixtures/import/angola-lm2014.txt", "utf8"),
    year: 2013,
    score: ["Problem understood\n\n4", "Problem understood\n\n4.0000000000000001"],
    average: ["\n4.9", "\n4.90000000000000001"],
  },
  {
    layout: "report table",
    file: seedFile,
    text: () => readFileSync(seedFile, "utf8"),
    score: ["(10% of overall score)\t9\t9", "(10% of overall score)\t9.0000000000000001\t9"],
    average: ["Average Score\t7.2\t7.6", "Average Score\t7.20000000000000001\t7.6"],
    weight: ["GENDER AND DIVERSITY (10% of", "GENDER AND DIVERSITY (10.000000000000001% of"],
  },
  {
    layout: "report table without weight notes",
    file: seedFile,
    text: seedWithoutNotes,
    score: ["GENDER AND DIVERSITY\t9\t9", "GENDER AND DIVERSITY\t9.0000000000000001\t9"],
    average: ["Average Score\t7.2\t7.6", "Average Score\t7.20000000000000001\t7.6"],
  },
];

describe("numbers read exactly as printed, never through a double", () => {
  const importText = (text: string, year?: number, file = "copied.txt") => importTables([{ file, text }], all, { programme: "X", ...(year && { year }) });
  /** The line where `fragment` starts, or ends. */
  const lineOf = (text: string, fragment: string, end = false) => text.slice(0, text.indexOf(fragment) + (end ? fragment.length : 0)).split("\n").length;

  it.each(layouts)("$layout: imports clean as printed", ({ text, year }) => {
    const result = importText(text(), year);
    expect(result.diagnostics).toEqual([]);
    assessmentOf(result.text!);
  });

  it.each(layouts)("$layout: a score a double would round onto the scale is an error at its row, never the score it rounds to", ({ text, year, score: [from, to] }) => {
    const copy = edit(text(), from, to);
    const result = importText(copy, year);
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([["import-bad-row", lineOf(copy, to)]]);
    expect(result.diagnostics[0]!.message).toMatch(/the score \d\.0000000000000001 .*is not on .*'s scale, whole numbers from 0 to 10/);
  });

  it.each(layouts.filter((l) => l.weight))("$layout: a weight that differs from the edition's far behind the point matches no edition", ({ text, year, weight }) => {
    const copy = edit(text(), ...weight!);
    const result = importText(copy, year);
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["import-no-edition", "import-no-edition"]);
    expect(result.diagnostics[1]!.line).toBe(lineOf(copy, weight![1]));
    expect(result.diagnostics[1]!.message).toContain("is printed with the weight 10.000000000000001%, but ");
    expect(result.diagnostics[1]!.message).toMatch(/ 10%$/);
    // The same weight printed with a zero more is the same weight.
    expect(importText(edit(text(), weight![0], weight![0].replace("10%", "10.0%")), year).diagnostics).toEqual([]);
  });

  it.each(layouts)("$layout: a printed average is written as printed, and checked as printed", ({ text, year, average: [from, to] }) => {
    const printed = to.trim().split(/\s+/).find((word) => /^\d+\.\d{17}$/.test(word))!;
    const result = importText(edit(text(), from, to), year);
    expect(result.diagnostics).toEqual([]);
    expect(result.text).toMatch(new RegExp(`published: \\{ average: ${printed.replace(".", "\\.")}(,| \\})`));
    const parsed = parseYaml({ file: "imported.yaml", text: result.text! });
    const mismatches = checkAssessment(parsed, frameworks).diagnostics;
    expect(mismatches.map((d) => [d.code, d.severity])).toEqual([["published-mismatch", "warning"]]);
    expect(mismatches[0]!.message).toContain(`the printed average ${printed} differs from ${printed.slice(0, 3)}`);
  });

  it("warns on the command line about a printed average that only a double would take for the recomputed one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "import-"));
    const table = join(dir, "bih.txt");
    writeFileSync(table, edit(readFileSync("test/fixtures/import/bih-ctm2023.txt", "utf8"), "Performance score 5.8", "Performance score 5.80000000000000001"));
    const result = await transcript(["import", table, "--year", "2022", "--programme", "X", "-o", join(dir, "x.yaml")]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("published-mismatch: warning: 2022: the printed average 5.80000000000000001 differs from 5.8");
    expect(result.stderr).toContain("imported 2022: ctm-2019, 7 criteria, printed average 5.80000000000000001");
    expect(readFileSync(join(dir, "x.yaml"), "utf8")).toContain("published: { average: 5.80000000000000001 }");
  });

  it("keeps the digits an average is printed with to one decimal at least (7.0), and no more than it needs (5.80 is 5.8)", () => {
    const bih = readFileSync("test/fixtures/import/bih-ctm2023.txt", "utf8");
    expect(importText(edit(bih, "Performance score 5.8", "Performance score 5.80"), 2022).text).toContain("published: { average: 5.8 }");
    expect(importText(edit(bih, "Performance score 5.8", "Performance score 7"), 2022).text).toContain("published: { average: 7.0 }");
  });

  it("tells two copies of a year apart by a digit far behind the point", () => {
    const bih = readFileSync("test/fixtures/import/bih-ctm2023.txt", "utf8");
    const other = edit(bih, "Performance score 5.8", "Performance score 5.80000000000000001");
    const result = importTables([{ file: "a.txt", text: bih }, { file: "b.txt", text: other }], all, { programme: "X", year: 2022 });
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([["import-year-conflict", "b.txt"]]);
    expect(result.diagnostics[0]!.message).toContain("printed average (5.80000000000000001, not 5.8)");
  });

  it("compares the scores of a year on file as they are written there", () => {
    const bih = source("test/fixtures/import/bih-ctm2023.txt");
    const { tables } = readTables([bih], all, { year: 2022 });
    const onFile = importTables([bih], all, { programme: "X", year: 2022 }).text!;
    const same = mergeIntoAssessment({ file: "x.yaml", text: onFile }, tables[0]!.years, { existingYears: "reconcile" });
    expect([same.unchanged, same.conflicts]).toEqual([[2022], []]);
    const written = edit(onFile, "gender: { score: 4 }", "gender: { score: 4.0000000000000001 }");
    const other = mergeIntoAssessment({ file: "x.yaml", text: written }, tables[0]!.years, { existingYears: "reconcile" });
    expect([other.unchanged, other.conflicts]).toEqual([[], [2022]]);
    expect(other.diagnostics.map((d) => d.code)).toEqual(["import-conflict"]);
    expect(other.diagnostics[0]!.message).toContain("scores (gender 4, not 4.0000000000000001)");
  });

  it.each(layouts)("$layout: a printed number longer than any score is refused where it is printed, at any length", ({ text, year, score, average }) => {
    for (const [from, to] of [score, average]) {
      for (const digits of [31, 100_000]) {
        const long = to.replace(/0000000000000001|00000000000000001/, "0".repeat(digits));
        const copy = edit(text(), from, long);
        const result = importText(copy, year);
        expect(result.text).toBeUndefined();
        expect(result.diagnostics.map((d) => [d.code, d.line]), long.slice(0, 40)).toEqual([["import-bad-row", lineOf(copy, long, true)]]);
        const { message, column } = result.diagnostics[0]!;
        expect(message).toMatch(/^the printed number "\d\.\d0+(…)?" has \d+ characters, more than any score or average \(at most 30\)/);
        expect(message.length).toBeLessThan(250);
        const line = copy.split("\n")[result.diagnostics[0]!.line - 1]!;
        expect(line.slice(column - 1)).toMatch(/^\d\.\d0{20}/);
      }
    }
  });
});

describe("messages quote the copied text, never more than a line's start of it", () => {
  /** A run no message may quote whole, starting with a terminal escape sequence that no message may carry raw. */
  const run = `\u001b[2J${"x".repeat(200_000)}`;
  const bih = () => readFileSync("test/fixtures/import/bih-ctm2023.txt", "utf8");
  const tajikistan = () => readFileSync("test/fixtures/import/tajikistan-ctm2018.txt", "utf8");
  const angola = () => readFileSync("test/fixtures/import/angola-lm2014.txt", "utf8");
  const seed = () => readFileSync(seedFile, "utf8");
  const cases: [name: string, text: () => string, options: { year?: number; frameworkId?: string }][] = [
    ["a web page's line that is no row", () => edit(bih(), "Gender (10% of overall score) 4", `Gender ${run}`), { year: 2022 }],
    ["a web page's title that is no criterion", () => edit(bih(), "Gender (10%", `${run} (10%`), { year: 2022 }],
    ["a web page's title taken by its place (--framework)", () => edit(bih(), "Gender (10%", `${run} (10%`), { year: 2022, frameworkId: "ctm-2019" }],
    ["a web page's title out of its place (--framework)", () => edit(bih(), "Gender (10%", `${run} (10%`).replace("Planning and tasking (10%", "Gender (10%"), { year: 2022, frameworkId: "ctm-2019" }],
    ["PDF text that is no row", () => edit(tajikistan(), "Improving performance 6 5", `Improving performance 6 5 ${run}`), {}],
    ["a PDF title that is no criterion", () => edit(tajikistan(), "Problem understood 5 5", `Problem ${run} 5 5`), {}],
    ["a profile's title without its score", () => edit(angola(), "Problem understood\n\n4", run), { year: 2013 }],
    ["a report's row without scores", () => edit(seed(), "(10% of overall score)\t9\t9", `(10% of overall score)\t${run}`), {}],
    ["a report's title that is no criterion", () => edit(seed(), "GENDER AND DIVERSITY (10%", `${run} (10%`), {}],
    ["a report's text after the scores, in a table without commentary", () => edit(edit(seed(), "\tPerformance Commentary", ""), "Cambodia reduced", `${run} Cambodia reduced`), {}],
    ["a report's cell that is no score (no weight notes)", () => edit(seedWithoutNotes(), "GENDER AND DIVERSITY\t9\t9", `GENDER AND DIVERSITY\t${run}\t9`), {}],
  ];

  it.each(cases)("%s", (_name, text, options) => {
    const { diagnostics } = importTables([{ file: "copied.txt", text: text() }], all, { programme: "X", ...options });
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const { message } of diagnostics) {
      expect(message.length, message.slice(0, 200)).toBeLessThan(600);
      expect(message).not.toContain("x".repeat(QUOTED_LENGTH + 1));
      expect(message).not.toContain("\u001b");
    }
    // The run is quoted, escaped and cut.
    expect(diagnostics.some((d) => /"[^"]*\\u001b\[2Jx+…"/.test(d.message))).toBe(true);
  });
});
