import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importTables } from "../src/import/import-tables.js";
import { displayPath } from "../src/load/paths.js";
import { loadFrameworks } from "../src/tasks/load-files.js";
import { parseYaml } from "../src/parse/parse-yaml.js";
import { validateAssessment } from "../src/validate/validate-assessment.js";
import { transcript } from "./helpers.js";

const frameworks = loadFrameworks();
const all = [...frameworks.byId.values()];
const table = (name: string) => ({ file: `published-tables/${name}`, text: readFileSync(`published-tables/${name}`, "utf8") });
const NAMES = "published-tables/programme-names.yaml";

/** Tajikistan's 2017 edition (2016 and 2015 as printed), with its 2016 score for Timely clearance changed from 5 to 6. */
const altered2017 = () => {
  const original = table("tajikistan-ctm2017.txt");
  return { ...original, text: original.text.replace("Timely clearance 5 4", "Timely clearance 6 4") };
};

/** The year keys in the order the file writes them (Object.keys would sort them). */
const yearOrder = (text: string) => [...text.matchAll(/^ {2}(\d{4}):/gm)].map((m) => m[1]);

function yearsOf(text: string) {
  const parsed = parseYaml({ file: "imported.yaml", text });
  const { assessment, diagnostics } = validateAssessment(parsed, frameworks);
  expect([...parsed.diagnostics, ...diagnostics].filter((d) => d.severity === "error")).toEqual([]);
  return { assessment: assessment!, value: parsed.value as { years: Record<string, Record<string, unknown>> } };
}

describe("reconciling two sources of the same year", () => {
  it("keeps identical scores once, naming both sources, and keeps what only one printed", () => {
    const result = importTables([table("tajikistan-ctm2017.txt"), table("tajikistan-ctm2018.txt")], all, { programme: "Tajikistan" });
    expect(result.diagnostics).toEqual([]);
    const { value } = yearsOf(result.text!);
    expect(yearOrder(result.text!)).toEqual(["2017", "2016", "2015"]);
    expect(value.years["2016"]).toMatchObject({
      source: "Clearing the Mines 2018 (PDF text)",
      confirmedBy: ["Clearing the Mines 2017 (PDF text)"],
      // The 2017 edition printed the rating (2016 was its latest year); the 2018 edition only the average.
      published: { average: 5.2, rating: "AVERAGE" },
    });
  });

  it("drops the inferred mark where another source prints the year", () => {
    const result = importTables([table("lao-ccmr2017.txt"), table("lao-ccmr2018.txt")], all, { programme: "Lao PDR" });
    const { value } = yearsOf(result.text!);
    expect(value.years["2016"]).toMatchObject({ source: "Clearing Cluster Munition Remnants 2018 (PDF text)", confirmedBy: ["Clearing Cluster Munition Remnants 2017 (web page)"] });
    expect(value.years["2016"]).not.toHaveProperty("inferred");
  });

  it("keeps the latest publication's scores where two differ, warns with both sources, and names the earlier under supersedes", () => {
    const result = importTables([altered2017(), table("tajikistan-ctm2018.txt")], all, { programme: "Tajikistan" });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([["import-conflict", "warning", "published-tables/tajikistan-ctm2017.txt"]]);
    expect(result.diagnostics[0]!.message).toBe(
      "2016: Clearing the Mines 2017 (PDF text) printed other scores (timely-clearance 6, not 5) than Clearing the Mines 2018 (PDF text); the later publication's are kept, and the earlier is named under 'supersedes'",
    );
    const { value, assessment } = yearsOf(result.text!);
    expect(value.years["2016"]).toMatchObject({ source: "Clearing the Mines 2018 (PDF text)", supersedes: ["Clearing the Mines 2017 (PDF text)"] });
    expect(assessment.years.find((y) => y.year === 2016)!.entries.find((e) => e.criterionId === "timely-clearance")!.score!.toDecimal()).toBe("5");
  });

  it("refuses two sources of the same edition that disagree: no rule decides between them", () => {
    const other = { ...table("tajikistan-ctm2018.txt"), file: "copies/tajikistan-ctm2018.txt" };
    other.text = other.text.replace("Timely clearance 6 5", "Timely clearance 6 6");
    const result = importTables([table("tajikistan-ctm2018.txt"), other], all, { programme: "Tajikistan" });
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["import-year-conflict"]);
    expect(result.diagnostics[0]!.message).toContain("no later publication decides between them");
  });
});

describe("assess import --into", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "into-"));
  const filesUnder = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith(".yaml")).sort();

  it("files each table under its programme's file, apart by kind, and says what it added", async () => {
    const dir = folder();
    const result = await transcript(["import", "published-tables/iraq-ctm2016.txt", "published-tables/iraq-ccmr2017.txt", "published-tables/bih-ctm2023.txt", "--into", dir, "--names", NAMES]);
    expect(result.exitCode).toBe(0);
    expect(filesUnder(dir)).toEqual(["cluster-munitions/iraq.yaml", "mines/bosnia-and-herzegovina.yaml", "mines/iraq.yaml"]);
    // Each line names the file as every message does (relative to the working folder), wherever the checkout is.
    expect(result.stderr.split("\n")).toContain(`${displayPath(join(dir, "mines/iraq.yaml"))} (new): added 2015`);
    expect(result.stderr).toMatch(/3 tables: 3 years added \(3 new files, 0 changed\), 0 years unchanged, 0 years in conflict\n$/);
    // Iraq's 2016 edition prints 4.1 for scores that average 4.0: the import says so, and writes it as printed.
    expect(result.stderr).toContain(": published-mismatch: warning: 2015: the printed average 4.1 differs from 4.0");
    const iraq = readFileSync(join(dir, "mines/iraq.yaml"), "utf8");
    expect(iraq.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/assessment\.schema\.json$/);
    expect(yearsOf(iraq).assessment.programme).toBe("Iraq");
  });

  it("adds years to an existing file without touching its other lines; the same scores are unchanged, other scores a conflict left as on file", async () => {
    const dir = folder();
    mkdirSync(join(dir, "mines"));
    const ids = ["problem-understood", "target-date", "targeted-clearance", "efficient-clearance", "national-funding", "timely-clearance", "land-release-system", "standards", "reporting", "improving-performance"];
    const original = [
      "# Tajikistan, kept by hand",
      "programme: Tajikistan",
      "framework: ctm-2019",
      "years:",
      "  2022:   # as on the 2023 web page",
      "    criteria:",
      ...["contamination: { score: 5 }", "ownership: { score: 7 }", "gender: { score: 7 }", "information: { score: 6 }", "planning: { score: 6 }", "land-release-system: { score: 6 }", "land-release-outputs: { score: 7 }"].map((line) => `      ${line}`),
      "  2015:",
      "    framework: ctm-2016",
      "    commentary: not-printed",
      "    criteria:",
      ...ids.map((id) => `      ${id}: { score: 5 }`),
      "",
    ].join("\n");
    const file = join(dir, "mines/tajikistan.yaml");
    writeFileSync(file, original);
    const tables = ["tajikistan-ctm2017.txt", "tajikistan-ctm2018.txt", "tajikistan-ctm2023.txt"].map((name) => `published-tables/${name}`);
    // No --names: the programme part 'tajikistan' names the file that exists.
    const result = await transcript(["import", ...tables, "--into", dir]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr.split("\n")).toContain(`${displayPath(file)}: added 2017, 2016; unchanged 2022; in conflict 2015 (left as on file; --force replaces)`);
    expect(result.stderr).toContain(": import-conflict: warning: 2015: Clearing the Mines 2017 (PDF text) printed other scores");
    expect(result.stderr).toMatch(/3 tables: 2 years added \(0 new files, 1 changed\), 1 year unchanged, 1 year in conflict\n$/);
    const text = readFileSync(file, "utf8");
    const added = text.slice(text.indexOf("  2017:"), text.indexOf("  2015:"));
    expect(text.replace(added, "")).toBe(original);
    expect(yearOrder(text)).toEqual(["2022", "2017", "2016", "2015"]);
    yearsOf(text);

    const forced = await transcript(["import", ...tables, "--into", dir, "--force"]);
    expect(forced.exitCode).toBe(0);
    expect(forced.stderr.split("\n")).toContain(`${displayPath(file)}: added 2022, 2017, 2016, 2015 (replacing 2022, 2017, 2016, 2015)`);
    const replaced = readFileSync(file, "utf8");
    expect(replaced.split("\n").slice(0, 4)).toEqual(original.split("\n").slice(0, 4));
    expect(yearsOf(replaced).value.years["2015"]).toMatchObject({ source: "Clearing the Mines 2017 (PDF text)" });
  });

  it("resolves two tables that disagree on a year by the later publication, and counts the year in conflict", async () => {
    const dir = folder();
    const altered = join(dir, "tajikistan-ctm2017.txt");
    writeFileSync(altered, altered2017().text);
    const result = await transcript(["import", altered, "published-tables/tajikistan-ctm2018.txt", "--into", join(dir, "record"), "--names", NAMES]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(": import-conflict: warning: 2016: Clearing the Mines 2017 (PDF text) printed other scores (timely-clearance 6, not 5)");
    expect(result.stderr).toContain("mines/tajikistan.yaml (new): added 2017, 2016, 2015; in conflict 2016 (sources disagree; the latest publication's scores kept)\n");
    expect(result.stderr).toMatch(/2 tables: 3 years added \(1 new file, 0 changed\), 0 years unchanged, 1 year in conflict\n$/);
    expect(readFileSync(join(dir, "record/mines/tajikistan.yaml"), "utf8")).toContain("    source: Clearing the Mines 2018 (PDF text)\n    supersedes:\n      - Clearing the Mines 2017 (PDF text)\n");
  });

  it("writes nothing when any table fails, and says whose table it cannot tell", async () => {
    const dir = folder();
    const result = await transcript(["import", "published-tables/iraq-ctm2016.txt", "published-tables/peru-ctm2023.txt", "--into", dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("published-tables/iraq-ctm2016.txt:1:1: import-no-programme: the table names no programme, 'iraq' is not in the list of programme names (--names)");
    expect(result.stderr).toContain("assess: nothing was written\n");
    expect(filesUnder(dir)).toEqual([]);
    const missing = await transcript(["import", "published-tables/iraq-ctm2016.txt", "no/such/table.txt", "--into", dir, "--names", NAMES]);
    expect(missing.exitCode).toBe(1);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("reports a broken list of names at its file, line and column", async () => {
    const dir = folder();
    const names = join(dir, "names.yaml");
    writeFileSync(names, "iraq: Iraq\nBosnia: Bosnia and Herzegovina\nperu: [Peru]\n");
    const result = await transcript(["import", "published-tables/iraq-ctm2016.txt", "--into", join(dir, "record"), "--names", names]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/names\.yaml:2:1: invalid-value: 'Bosnia' is not the programme part of a file name/);
    expect(result.stderr).toMatch(/names\.yaml:3:7: wrong-type: the programme 'peru' names must be text/);
    expect(existsSync(join(dir, "record"))).toBe(false);
  });

  it("refuses -o with --into, and --names without --into", async () => {
    expect((await transcript(["import", "published-tables/iraq-ctm2016.txt", "--into", "x", "-o", "y.yaml"])).exitCode).toBe(2);
    expect((await transcript(["import", "published-tables/iraq-ctm2016.txt", "--names", NAMES])).exitCode).toBe(2);
  });
});

describe("assess import --into, as a transcript", () => {
  it("matches the golden transcript", async () => {
    const dir = "test/__output__/into";
    rmSync(dir, { recursive: true, force: true });
    const tables = ["lao-ccmr2017.txt", "lao-ccmr2018.txt", "lao-ccmr2020.txt", "turkey-ctm2016.txt", "turkiye-ctm2023.txt"].map((name) => `published-tables/${name}`);
    const result = await transcript(["import", ...tables, "--into", dir, "--names", NAMES]);
    await expect(result.text).toMatchFileSnapshot("transcripts/import-into.txt");
    await expect(readFileSync(join(dir, "mines/turkiye.yaml"), "utf8")).toMatchFileSnapshot("golden/import-into-turkiye.yaml");
  });
});
