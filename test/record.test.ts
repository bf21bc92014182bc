import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importTables } from "../src/import/import-tables.js";
import { programmeFileName } from "../src/import/table-file-name.js";
import { walkFiles } from "../src/load/walk-files.js";
import { loadAssessment, loadFrameworks, validateFiles } from "../src/tasks/load-files.js";
import { renderHistory } from "../src/render/render-history.js";
import { scoreAssessment } from "../src/score/score-assessment.js";
import { templatesFrom } from "./helpers.js";
import { parseYaml } from "../src/parse/parse-yaml.js";
import { transcript } from "./helpers.js";
import { readCsvRecords } from "./csv.js";

/**
 * The published record: every table of published-tables/ (the repository's copy of the reference folder) imports
 * to what its index.csv says, and assessments/ is exactly what importing them all gives. Driven by the files, so a
 * table added to the folder, with its rows in index.csv, is tested without a change here.
 */
const TABLES = "published-tables";
const REFERENCE = "../shared/published-tables";
const frameworks = loadFrameworks();
const all = [...frameworks.byId.values()];

interface IndexRow {
  id: string;
  programme: string;
  kind: string;
  publication: string;
  layout: string;
  year: string;
  year_printed: string;
  weights: string;
  scores: string;
  printed_average: string;
  printed_rating: string;
  weighted_mean: string;
  note: string;
}

const index = readCsvRecords(readFileSync(join(TABLES, "index.csv"), "utf8")) as unknown as IndexRow[];
const tableFiles = readdirSync(TABLES).filter((name) => name.endsWith(".txt")).sort();

describe("the published tables", () => {
  it("each have rows in index.csv, and each row its table", () => {
    const ids = new Set(index.map((row) => row.id));
    expect(tableFiles.filter((name) => !ids.has(name.replace(/\.txt$/, "")))).toEqual([]);
    expect([...ids].filter((id) => !tableFiles.includes(`${id}.txt`))).toEqual([]);
    expect(tableFiles.length).toBeGreaterThanOrEqual(89);
  });

  it.runIf(existsSync(REFERENCE))("are the reference folder's, byte for byte, with the Cambodia report added", () => {
    for (const name of readdirSync(REFERENCE)) {
      const copy = readFileSync(join(TABLES, name), "utf8");
      const reference = readFileSync(join(REFERENCE, name), "utf8");
      if (name === "index.csv") expect(copy.startsWith(reference), name).toBe(true);
      else if (name === "README.md") expect(copy.startsWith(reference.trimEnd()), name).toBe(true);
      else expect(copy, name).toBe(reference);
    }
  });

  it.each(tableFiles)("%s imports to index.csv's years, scores, weights, printed average and rating", (name) => {
    const rows = index.filter((row) => `${row.id}.txt` === name);
    const result = importTables([{ file: join(TABLES, name), text: readFileSync(join(TABLES, name), "utf8") }], all, { programme: rows[0]!.programme });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const years = (parseYaml({ file: name, text: result.text! }).value as { framework: string; years: Record<string, WrittenYear> }).years;
    const defaultFramework = (parseYaml({ file: name, text: result.text! }).value as { framework: string }).framework;
    expect(Object.keys(years).sort()).toEqual(rows.map((row) => row.year).sort());
    for (const row of rows) {
      const year = years[row.year]!;
      const framework = frameworks.byId.get(year.framework ?? defaultFramework)!;
      const printed = Object.entries(year.criteria);
      expect(printed.map(([, entry]) => String(entry.score)).join(" "), `${name} ${row.year} scores`).toBe(row.scores);
      expect(printed.map(([id]) => framework.criteria.find((c) => c.id === id)!.weight.toDecimal()).join(" "), `${name} ${row.year} weights`).toBe(row.weights);
      expect(year.published?.average === undefined ? "" : year.published.average.toFixed(1), `${name} ${row.year} printed average`).toBe(row.printed_average);
      expect(year.published?.rating ?? "", `${name} ${row.year} printed rating`).toBe(row.printed_rating.toUpperCase());
      expect(year.source, `${name} ${row.year} source`).toBe(`${row.publication} (${row.layout})`);
      expect(year.inferred === true, `${name} ${row.year} inferred`).toBe(row.year_printed.startsWith("no"));
      expect(framework.kind, `${name} kind`).toBe(row.kind === "CM" ? "cluster-munitions" : "mines");
    }
  });
});

interface WrittenYear {
  framework?: string;
  source?: string;
  inferred?: boolean;
  published?: { average?: number; rating?: string };
  criteria: Record<string, { score: number }>;
}

describe("the bundled record, assessments/", () => {
  it("is exactly what importing every published table gives", async () => {
    // Beside assessments/, so that each file's path to the JSON Schema (its first line) is the same.
    const build = mkdtempSync(".record-check-");
    try {
      const result = await transcript(["import", ...tableFiles.map((name) => join(TABLES, name)), "--into", build, "--names", join(TABLES, "programme-names.yaml")]);
      expect(result.exitCode).toBe(0);
      const built = walkFiles([build]).files.map((file) => file.slice(build.length + 1));
      const committed = walkFiles(["assessments"]).files.map((file) => file.slice("assessments/".length));
      expect(built).toEqual(committed);
      for (const name of built) expect(readFileSync(join(build, name), "utf8"), name).toBe(readFileSync(join("assessments", name), "utf8"));
    } finally {
      rmSync(build, { recursive: true, force: true });
    }
  });

  it("validates with exactly one warning per printing error in the index, and nothing else", () => {
    const result = validateFiles(["assessments"]);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const warnings = result.diagnostics.map((d) => `${d.code} ${d.file} ${d.message.slice(0, 4)}`).sort();
    const printingErrors = index
      .filter((row) => row.printed_average !== "" && row.printed_average !== row.weighted_mean)
      .map((row) => {
        const folder = row.kind === "CM" ? "cluster-munitions" : "mines";
        const file = `assessments/${folder}/${programmeFileName(row.programme)}`;
        return `published-mismatch ${file} ${row.year}`;
      })
      .sort();
    expect(warnings).toEqual(printingErrors);
    // The three the reference folder's README names.
    expect(printingErrors).toEqual([
      "published-mismatch assessments/cluster-munitions/bosnia-and-herzegovina.yaml 2020",
      "published-mismatch assessments/cluster-munitions/lebanon.yaml 2017",
      "published-mismatch assessments/mines/iraq.yaml 2015",
    ]);
  });

  it.each(walkFiles(["assessments"]).files)("%s: history shows every year on file, across the editions with their lineage", (file) => {
    const { assessment, frameworks: set } = loadAssessment(file);
    const history = JSON.parse(renderHistory(scoreAssessment(assessment!), set.byId, { format: "json", templates: templatesFrom() })) as { years: { year: number }[]; editions: unknown[]; lineage: string[] };
    const text = readFileSync(file, "utf8");
    expect(history.years.map((y) => String(y.year))).toEqual([...text.matchAll(/^ {2}(\d{4}):/gm)].map((m) => m[1]).reverse());
    if (history.editions.length > 1) expect(history.lineage.length).toBeGreaterThan(0);
  });

  it("keeps the Cambodia report's commentary for 2024 and its scores for 2023", () => {
    const cambodia = readFileSync("assessments/mines/cambodia.yaml", "utf8");
    expect(cambodia).toContain("Cambodia reduced its estimate of contamination by 2% to 424km²");
    expect([...cambodia.matchAll(/^ {2}(\d{4}):/gm)].map((m) => m[1])).toEqual(["2024", "2023", "2020", "2019"]);
  });
});
