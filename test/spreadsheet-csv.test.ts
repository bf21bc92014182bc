import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { transcript } from "./helpers.js";
import { readCsv } from "./csv.js";

/**
 * CSV files are for spreadsheets: a file starts with a UTF-8 byte-order mark, without which Excel reads the bytes
 * in the system's code page (`km²` as `kmÂ²`); standard output, which programs read, has none. Each file is read back
 * as a spreadsheet would read it, and, where LibreOffice is installed, converted by LibreOffice itself.
 */
const MARK = [0xef, 0xbb, 0xbf];

/** An assessment whose commentary holds what a wrong character set garbles, and a formula. */
function accentedAssessment(folder: string): string {
  const file = join(folder, "turkiye.yaml");
  const cambodia = readFileSync("assessments/mines/cambodia.yaml", "utf8");
  writeFileSync(
    file,
    cambodia
      .replace("programme: Cambodia", "programme: Türkiye")
      .replace("        commentary: >-\n          The government did not repeat", "        commentary: >-\n          =SUM(1,2) was typed by Türkiye’s analysts — 12 km². The government did not repeat"),
  );
  return file;
}

describe("CSV files start with a UTF-8 byte-order mark; standard output does not", () => {
  const folder = mkdtempSync(join(tmpdir(), "assess-csv-"));
  const input = accentedAssessment(folder);

  it("render -o FILE.csv: the mark, then exactly what standard output prints", async () => {
    const output = join(folder, "table.csv");
    const printed = await transcript(["render", input, "--format", "csv"]);
    expect(printed.stdout.charCodeAt(0)).not.toBe(0xfeff);
    expect((await transcript(["render", input, "-o", output])).exitCode).toBe(0);
    const bytes = readFileSync(output);
    expect([...bytes.subarray(0, 3)]).toEqual(MARK);
    expect(bytes.subarray(3).toString("utf8")).toBe(printed.stdout);
  });

  it("read back as a spreadsheet reads it: the mark is no part of the first heading, and every character survives", async () => {
    const output = join(folder, "read-back.csv");
    await transcript(["render", input, "-o", output]);
    // UTF-8 decoding consumes the mark, as a reader told the character set by it does.
    const rows = readCsv(new TextDecoder("utf-8").decode(readFileSync(output)));
    expect(rows[0]![0]).toBe("Criterion");
    const commentary = rows.map((row) => row.at(-1)!);
    expect(commentary.find((text) => text.startsWith("'=SUM"))).toMatch(/^'=SUM\(1,2\) was typed by Türkiye’s analysts — 12 km²\. The government/);
    expect(commentary.some((text) => text.includes("424km²"))).toBe(true);
    expect(rows.every((row) => row.length === rows[0]!.length)).toBe(true);
  });

  it("--no-bom leaves it out of a file, --bom puts it on standard output", async () => {
    const output = join(folder, "plain.csv");
    await transcript(["render", input, "-o", output, "--no-bom"]);
    expect(readFileSync(output)[0]).toBe("C".charCodeAt(0));
    const marked = await transcript(["render", input, "--format", "csv", "--bom"]);
    expect(marked.stdout.charCodeAt(0)).toBe(0xfeff);
  });

  it("history -o FILE.csv and render --out-dir with csv are marked too", async () => {
    const history = join(folder, "history.csv");
    await transcript(["history", input, "-o", history]);
    expect([...readFileSync(history).subarray(0, 3)]).toEqual(MARK);
    const outDir = join(folder, "site");
    expect((await transcript(["render", input, "--out-dir", outDir, "--format", "csv"])).exitCode).toBe(0);
    expect([...readFileSync(join(outDir, "turkiye.csv")).subarray(0, 3)]).toEqual(MARK);
    // Asked not to, the batch renders again (the option is part of what it renders) and leaves the mark out.
    await transcript(["render", input, "--out-dir", outDir, "--format", "csv", "--no-bom"]);
    expect(readFileSync(join(outDir, "turkiye.csv"))[0]).toBe("C".charCodeAt(0));
  });

  it("--bom for another format is a usage error", async () => {
    const result = await transcript(["render", input, "--format", "md", "--bom"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("assess: error: --bom and --no-bom apply to CSV only, not to md\n");
    expect((await transcript(["history", input, "--no-bom"])).exitCode).toBe(2);
  });
});

const SOFFICE = (() => {
  try {
    return execFileSync("which", ["soffice"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
if (!SOFFICE) console.warn("LibreOffice test skipped: no soffice found (apt-get install libreoffice-calc-nogui).");

/** The cells' texts of a flat OpenDocument spreadsheet, row by row (enough of its XML for these files). */
function cellsOf(fods: string): { text: string; type: string }[][] {
  const unescape = (text: string) =>
    text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return [...fods.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map(([, row]) =>
    [...row!.matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)].map(([, attributes, content]) => ({
      type: /office:value-type="(\w+)"/.exec(attributes!)?.[1] ?? "empty",
      text: unescape([...(content ?? "").matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "")).join("\n")),
    })),
  );
}

describe.skipIf(!SOFFICE)("LibreOffice Calc reads the CSV as written", () => {
  it("converted headless to an OpenDocument spreadsheet: the mark consumed, accents intact, the formula guard shown as text", { timeout: 180_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), "assess-soffice-"));
    const input = accentedAssessment(folder);
    const output = join(folder, "table.csv");
    await transcript(["render", input, "-o", output]);
    // What the guard is for: the same cell without its apostrophe is run as a formula.
    const unguarded = join(folder, "unguarded.csv");
    writeFileSync(unguarded, "\uFEFFCriterion,Performance Commentary\r\nOwnership,=SUM(1;2)\r\n");
    // Headless, there is no Text Import dialog to choose the character set in: it is given as UTF-8 (76). A profile
    // of its own keeps the run from touching (or waiting on) the user's.
    const run = spawnSync(
      SOFFICE!,
      [`-env:UserInstallation=${pathToFileURL(join(folder, "profile")).href}`, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "fods", "--outdir", folder, output, unguarded],
      { encoding: "utf8", timeout: 170_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(folder)).toContain("table.fods");
    const rows = cellsOf(readFileSync(join(folder, "table.fods"), "utf8")).filter((row) => row.length > 0);
    expect(rows[0]![0]!.text).toBe("Criterion");
    const texts = rows.flat().map((cell) => cell.text);
    expect(texts.some((text) => text.includes("424km²"))).toBe(true);
    // LibreOffice keeps the apostrophe that stops a formula as part of the text: the cell shows it.
    const guarded = rows.flat().find((cell) => cell.text.startsWith("'=SUM"));
    expect(guarded?.type).toBe("string");
    expect(guarded?.text).toMatch(/^'=SUM\(1,2\) was typed by Türkiye’s analysts — 12 km²\. The government/);
    const formula = cellsOf(readFileSync(join(folder, "unguarded.fods"), "utf8"))[1]![1]!;
    expect(formula).toEqual({ type: "float", text: "3" });
    // Scores arrive as numbers, weights as percentages.
    const contamination = rows.find((row) => row[0]!.text === "Understanding of AP mine contamination")!;
    expect(contamination[1]!.type).toBe("percentage");
    expect(contamination[2]!.type).toBe("float");
  });
});
