import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { walkFiles } from "../src/load/walk-files.js";
import { loadAssessment, loadFrameworks } from "../src/tasks/load-files.js";
import { compareAssessmentYears } from "../src/compare/compare-assessment-years.js";
import { compareEdition } from "../src/compare/compare-edition.js";
import { ASSESSMENT_FORMATS, COMPARISON_FORMATS, HISTORY_FORMATS, REPORT_FORMATS, SCORE_FORMATS } from "../src/render/formats.js";
import { renderReport } from "../src/render/render-report.js";
import { renderComparison } from "../src/render/render-comparison.js";
import { renderScores } from "../src/render/render-scores.js";
import { renderHistory } from "../src/render/render-history.js";
import { scoreAssessment } from "../src/score/score-assessment.js";
import { scoreReport } from "../src/score/score-report.js";
import { renderTable, templatesFrom } from "./helpers.js";

const { assessment, diagnostics } = loadAssessment("assessments/mines/cambodia.yaml");
const SEED = "../shared/seed";

/** The seed's assessment table, from its header row to the Average Score row, with the conversion's `\$` undone. */
function seedTable(): string | undefined {
  if (!existsSync(SEED)) return undefined;
  const file = readdirSync(SEED).find((name) => name.endsWith(".txt"));
  const lines = readFileSync(`${SEED}/${file}`, "utf8").split("\n");
  const start = lines.findIndex((line) => line.startsWith("Criterion\tScore (2024)"));
  const end = lines.findIndex((line, i) => i > start && line.startsWith("Average Score\t"));
  return `${lines.slice(start, end + 1).join("\n").replace(/\\\$/g, "$")}\n`;
}

describe("Cambodia golden files", () => {
  it("loads without any diagnostic", () => {
    expect(diagnostics).toEqual([]);
  });

  it.each(ASSESSMENT_FORMATS)("renders the assessment table as %s", async (format) => {
    await expect(renderTable(assessment!, { format })).toMatchFileSnapshot(`golden/cambodia.${format}`);
  });

  it("renders TSV byte for byte as the seed prints its table", () => {
    const tsv = renderTable(assessment!, { format: "tsv" });
    expect(tsv).toBe(readFileSync("test/golden/seed-table.tsv", "utf8"));
    const seed = seedTable();
    if (seed !== undefined) expect(tsv).toBe(seed);
  });

  it.each(COMPARISON_FORMATS)("renders the 2023 → 2024 comparison as %s", async (format) => {
    const comparison = compareAssessmentYears(scoreAssessment(assessment!), 2023, 2024);
    await expect(renderComparison(assessment!.programme, comparison, { format, templates: templatesFrom() })).toMatchFileSnapshot(`golden/cambodia-compare.${format === "text" ? "txt" : format}`);
  });

  it.each(SCORE_FORMATS)("renders the scores as %s", async (format) => {
    const { report, scores } = scoreReport(scoreAssessment(assessment!));
    await expect(renderScores(report, scores, { format, templates: templatesFrom() })).toMatchFileSnapshot(`golden/cambodia-score.${format === "text" ? "txt" : format}`);
  });

  it("renders a single year when asked", async () => {
    await expect(renderTable(assessment!, { format: "md", years: [2023] })).toMatchFileSnapshot("golden/cambodia-2023.md");
  });
});

describe("history golden files", () => {
  it.each(HISTORY_FORMATS)("renders Tajikistan's history across two editions as %s", async (format) => {
    const { assessment: tajikistan, frameworks } = loadAssessment("test/fixtures/valid/tajikistan.yaml");
    await expect(renderHistory(scoreAssessment(tajikistan!), frameworks.byId, { format, templates: templatesFrom() })).toMatchFileSnapshot(`golden/tajikistan-history.${format}`);
  });
});

describe("report golden files", () => {
  it.each(REPORT_FORMATS)("renders the 2022 report of the bundled assessments as %s", async (format) => {
    const frameworks = loadFrameworks();
    const assessments = walkFiles(["assessments"]).files.map((file) => loadAssessment(file, {}, frameworks).assessment!);
    const edition = compareEdition(assessments.map(scoreAssessment), 2022, frameworks.byId);
    await expect(renderReport(edition, frameworks.byId, { format, templates: templatesFrom() })).toMatchFileSnapshot(`golden/report-2022.${format}`);
  });
});

describe("report anchors", () => {
  it("gives every programme its own anchor, however similar the names", async () => {
    const { buildReportView } = await import("../src/render/report-view.js");
    const { assessment: cambodia, frameworks } = loadAssessment("assessments/mines/cambodia.yaml");
    const named = (programme: string) => ({ ...cambodia!, programme });
    const scored = [named("Congo"), named("Congo!"), named("Congo 2"), named("Cöngo")].map(scoreAssessment);
    const view = buildReportView(compareEdition(scored, 2024, frameworks.byId), frameworks.byId, () => "");
    const anchors = view.programmes.map((p) => p.anchor);
    expect(new Set(anchors).size).toBe(4);
  });
});
