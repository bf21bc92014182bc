import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { addYear } from "../src/edit/add-year.js";
import { setScore } from "../src/edit/set-score.js";
import { transcript } from "./helpers.js";

/** Copies of the record's files, edited by the tests (test/__output__ is not committed). */
const FOLDER = "test/__output__/next-year";
const cambodia = join(FOLDER, "cambodia.yaml");
const original = readFileSync("assessments/mines/cambodia.yaml", "utf8");

/** The lines of `after` that are not in `before`, when `after` is `before` with lines put in at one place. */
function insertedLines(before: string, after: string): { at: number; lines: string[] } | undefined {
  const a = before.split("\n");
  const b = after.split("\n");
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const added = b.length - a.length;
  return b.slice(at + added).join("\n") === a.slice(at).join("\n") ? { at: at + 1, lines: b.slice(at, at + added) } : undefined;
}

describe("assess next-year", () => {
  beforeEach(() => {
    rmSync(FOLDER, { recursive: true, force: true });
    mkdirSync(FOLDER, { recursive: true });
    copyFileSync("assessments/mines/cambodia.yaml", cambodia);
  });

  it("adds the year after the latest, with every score carried and empty commentary, touching no other line", async () => {
    const result = await transcript(["next-year", cambodia]);
    await expect(result.text).toMatchFileSnapshot("transcripts/next-year.txt");
    expect(result.exitCode).toBe(0);
    const inserted = insertedLines(original, readFileSync(cambodia, "utf8"));
    // Newest first, as the file keeps its years: right under `years:`, laid out as 2024 is.
    expect(inserted?.at).toBe(7);
    expect(inserted?.lines.slice(0, 6)).toEqual(["  2025:", "    criteria:", "      contamination:", "        score: 7", '        commentary: ""', "      ownership:"]);
    expect(inserted?.lines).toHaveLength(2 + 8 * 3);
    const validated = await transcript(["validate", cambodia]);
    expect(validated.stderr).toContain("no problems");
  });

  it("then asks why, for each score changed without a word", async () => {
    await transcript(["next-year", cambodia]);
    writeFileSync(cambodia, setScore(readFileSync(cambodia, "utf8"), 2025, "land-release-outputs", "5").text!);
    const result = await transcript(["validate", cambodia]);
    await expect(result.text).toMatchFileSnapshot("transcripts/next-year-then-unexplained-change.txt");
    expect(result.exitCode).toBe(0);
  });

  it("adds a year between two on file, carrying the year before it, its edition named", async () => {
    const result = await transcript(["next-year", cambodia, "--year", "2021"]);
    await expect(result.text).toMatchFileSnapshot("transcripts/next-year-between.txt");
    const inserted = insertedLines(original, readFileSync(cambodia, "utf8"));
    expect(inserted?.lines).toEqual([
      "  2021:",
      "    framework: ctm-2019",
      "    criteria:",
      '      contamination: { score: 7, commentary: "" }',
      '      ownership: { score: 8, commentary: "" }',
      '      gender: { score: 8, commentary: "" }',
      '      information: { score: 7, commentary: "" }',
      '      planning: { score: 7, commentary: "" }',
      '      land-release-system: { score: 6, commentary: "" }',
      '      land-release-outputs: { score: 7, commentary: "" }',
    ]);
    expect(original.split("\n")[inserted!.at - 1]).toBe("  2020:");
  });

  it("refuses a year the file has, and a file with errors, writing nothing", async () => {
    const exists = await transcript(["next-year", cambodia, "--year", "2024"]);
    await expect(exists.text).toMatchFileSnapshot("transcripts/next-year-exists.txt");
    expect(exists.exitCode).toBe(2);
    const broken = join(FOLDER, "score-out-of-range.yaml");
    copyFileSync("test/bad-input/score-out-of-range.yaml", broken);
    const invalid = await transcript(["next-year", broken]);
    await expect(invalid.text).toMatchFileSnapshot("transcripts/next-year-invalid.txt");
    expect(invalid.exitCode).toBe(1);
    expect(readFileSync(cambodia, "utf8")).toBe(original);
    expect(readFileSync(broken, "utf8")).toBe(readFileSync("test/bad-input/score-out-of-range.yaml", "utf8"));
  });

  it("carries a score written as an alias (*eight) as the number it stands for", () => {
    const aliased = original.replace("      ownership:\n        score: 8", "      ownership:\n        score: &eight 8").replace("      gender:\n        score: 9", "      gender:\n        score: *eight");
    expect(aliased).not.toBe(original);
    const added = addYear(aliased, 2025, 2024);
    expect(added.problem).toBeUndefined();
    const inserted = insertedLines(aliased, added.text!);
    expect(inserted?.lines.slice(2, 10)).toEqual(["      contamination:", "        score: 7", '        commentary: ""', "      ownership:", "        score: 8", '        commentary: ""', "      gender:", "        score: 8"]);
  });

  it("keeps Windows line ends and a byte-order mark", async () => {
    const windows = `\uFEFF${original.replace(/\n/g, "\r\n")}`;
    writeFileSync(cambodia, windows);
    expect((await transcript(["next-year", cambodia])).exitCode).toBe(0);
    const after = readFileSync(cambodia, "utf8");
    expect(after.startsWith("\uFEFF")).toBe(true);
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
    expect(insertedLines(windows, after)?.lines).toHaveLength(2 + 8 * 3);
  });
});
