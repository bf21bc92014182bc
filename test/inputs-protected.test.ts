import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { transcript } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "protected-"));

/** The bytes of every file under `folder`, to compare before and after a run. */
function snapshot(files: string[]): string[] {
  return files.map((file) => readFileSync(file, "utf8"));
}

describe("an output never replaces an input of the run", () => {
  const criteria = join(dir, "criteria");
  cpSync("criteria", criteria, { recursive: true });
  const templates = join(dir, "templates");
  mkdirSync(templates);
  writeFileSync(join(templates, "_row.hbs"), "{{title}}\n");
  writeFileSync(join(templates, "assessment.md.hbs"), "{{#each criteria}}{{> row}}{{/each}}");
  const framework = join(criteria, "ctm-2024.yaml");
  const template = join(templates, "_row.hbs");
  const single = join(dir, "single.yaml");
  writeFileSync(single, readFileSync("criteria/ctm-2024.yaml", "utf8").replace(/^continues: .*\n/m, "").replace(/, continues: [a-z-]+/g, ""));
  const protectedFiles = [framework, template, single, "criteria/ctm-2024.yaml", "templates/assessment.html.hbs"];
  const before = snapshot(protectedFiles);

  it.each([
    ["render -o a framework of the criteria folder", ["render", "assessments/mines/cambodia.yaml", "--criteria", criteria, "--format", "md", "-o", framework]],
    ["render -o the framework given as --criteria FILE", ["render", "assessments/mines/cambodia.yaml", "--criteria", single, "--format", "md", "-o", single]],
    ["render -o a bundled framework", ["render", "assessments/mines/cambodia.yaml", "--format", "md", "-o", "criteria/ctm-2024.yaml"]],
    ["render -o a partial of the templates folder", ["render", "assessments/mines/cambodia.yaml", "--templates", templates, "--format", "md", "-o", template]],
    ["render -o a bundled template", ["render", "assessments/mines/cambodia.yaml", "--format", "html", "-o", "templates/assessment.html.hbs"]],
    ["compare -o a framework", ["compare", "assessments/mines/cambodia.yaml", "--criteria", criteria, "-o", framework]],
    ["history -o a framework", ["history", "assessments/mines/cambodia.yaml", "--criteria", criteria, "--format", "md", "-o", framework]],
    ["report -o a template", ["report", "assessments/", "--templates", templates, "--format", "md", "-o", template]],
    ["import -o a framework", ["import", "test/fixtures/import/seed-cambodia-2025.txt", "--criteria", criteria, "-o", framework]],
  ])("%s is refused, and the file is left as it was", async (_name, args) => {
    const result = await transcript(args);
    expect(result.exitCode).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/is one of the inputs|left untouched/);
    expect(snapshot(protectedFiles)).toEqual(before);
  });
});

describe("a batch's outputs never replace its inputs, through symlinks in the output folder", () => {
  it("refuses outputs and a manifest that are symlinks to an assessment, a template or a framework", () => {
    const root = mkdtempSync(join(tmpdir(), "batch-links-"));
    for (const sub of ["in", "out", "tpl", "crit"]) mkdirSync(join(root, sub));
    cpSync("assessments/mines/cambodia.yaml", join(root, "in", "cambodia.yaml"));
    cpSync("assessments/mines/afghanistan.yaml", join(root, "in", "afghanistan.yaml"));
    cpSync("templates/assessment.md.hbs", join(root, "tpl", "assessment.md.hbs"));
    cpSync("criteria", join(root, "crit"), { recursive: true });
    symlinkSync("../in/afghanistan.yaml", join(root, "out", "cambodia.md"));
    symlinkSync("../tpl/assessment.md.hbs", join(root, "out", "afghanistan.md"));
    symlinkSync("../crit/ctm-2024.yaml", join(root, "out", ".assess-cache.json"));
    const files = [join(root, "in", "afghanistan.yaml"), join(root, "tpl", "assessment.md.hbs"), join(root, "crit", "ctm-2024.yaml")];
    const before = snapshot(files);
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", join(root, "in"), "--out-dir", join(root, "out"), "--templates", join(root, "tpl"), "--criteria", join(root, "crit")], { encoding: "utf8" });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/cambodia\.md is one of the inputs/);
    expect(run.stderr).toMatch(/\.assess-cache\.json is one of the inputs/);
    expect(snapshot(files)).toEqual(before);
  });
});

describe("watch's outputs never replace its inputs, through symlinks in the output folder", () => {
  it("refuses outputs that are symlinks to another assessment of the watch or to a framework, as output errors", () => {
    const root = mkdtempSync(join(tmpdir(), "watch-links-"));
    for (const sub of ["in", "out", "crit"]) mkdirSync(join(root, sub));
    cpSync("assessments/mines/cambodia.yaml", join(root, "in", "a.yaml"));
    cpSync("assessments/mines/cambodia.yaml", join(root, "in", "b.yaml"));
    cpSync("criteria", join(root, "crit"), { recursive: true });
    symlinkSync("../in/a.yaml", join(root, "out", "b.md"));
    symlinkSync("../crit/ctm-2024.yaml", join(root, "out", "a.md"));
    const files = [join(root, "in", "a.yaml"), join(root, "crit", "ctm-2024.yaml")];
    const before = snapshot(files);
    const run = spawnSync(process.execPath, ["bin/assess.js", "watch", join(root, "in"), "--out-dir", join(root, "out"), "--format", "md", "--criteria", join(root, "crit")], { encoding: "utf8", timeout: 10_000 });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`assess: error: ${join(root, "out", "a.md")} is one of the inputs`);
    expect(run.stderr).toContain(`assess: error: ${join(root, "out", "b.md")} is one of the inputs`);
    // An output refused is not a problem of the assessment (once reported as a missing year).
    expect(run.stderr).not.toMatch(/missing-year|not rendered/);
    expect(run.stderr).toContain("the watch stopped");
    expect(snapshot(files)).toEqual(before);
  });
});

describe("an output path that cannot be written", () => {
  it.each([
    ["whose folder is a file", (dir: string) => join(dir, "afile", "x.md")],
    ["inside a symlink loop", (dir: string) => join(dir, "loop", "x.md")],
    ["with a name too long for the file system", (dir: string) => join(dir, `${"a".repeat(300)}.md`)],
  ])("%s: exit 3 and a message, never a stack trace", (_name, path) => {
    const dir = mkdtempSync(join(tmpdir(), "bad-output-"));
    writeFileSync(join(dir, "afile"), "a file\n");
    symlinkSync("loop", join(dir, "loop"));
    for (const args of [
      ["render", "assessments/mines/cambodia.yaml", "-o", path(dir)],
      ["history", "assessments/mines/cambodia.yaml", "-o", path(dir)],
      ["init", "Somewhere", "--framework", "ctm-2024", "-o", path(dir)],
      ["render", "assessments/mines/cambodia.yaml", "--out-dir", join(`${path(dir)}-folder`, "sub")],
    ]) {
      const run = spawnSync(process.execPath, ["bin/assess.js", ...args], { encoding: "utf8" });
      expect(run.status, `${args.join(" ")}\n${run.stderr}`).toBe(3);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

describe("a file replaced keeps its permissions", () => {
  it("an assessment edited in place and an output written again keep their mode; one that may not be written to is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "modes-"));
    const assessment = join(dir, "cambodia.yaml");
    const output = join(dir, "cambodia.md");
    cpSync("assessments/mines/cambodia.yaml", assessment);
    writeFileSync(output, "old\n");
    chmodSync(assessment, 0o640);
    chmodSync(output, 0o600);
    expect((await transcript(["next-year", assessment])).exitCode).toBe(0);
    expect((await transcript(["render", assessment, "-o", output])).exitCode).toBe(0);
    expect(statSync(assessment).mode & 0o777).toBe(0o640);
    expect(statSync(output).mode & 0o777).toBe(0o600);
    expect(readFileSync(output, "utf8")).toContain("2025");
    // The system administrator writes into any file; anyone else is refused a read-only one, as a plain write is.
    if (process.getuid?.() !== 0) {
      chmodSync(output, 0o400);
      const refused = await transcript(["render", assessment, "-o", output]);
      expect(refused.exitCode).toBe(3);
      expect(refused.stderr).toContain("permission denied");
      expect(readFileSync(output, "utf8")).toContain("2025");
    }
  });
});

describe("init writes a file that is YAML, with the programme's name as given", () => {
  it("refuses an empty name and a name with a line break or a control character", async () => {
    for (const name of ["", "   ", "Sri\nLanka", "Sri\rLanka", "Sri\u001b[31mLanka", "Sri\u2028Lanka"]) {
      const output = join(dir, `init-${Math.random().toString(36).slice(2)}.yaml`);
      const result = await transcript(["init", name, "--framework", "ctm-2024", "-o", output]);
      expect(result.exitCode).toBe(2);
      expect(existsSync(output)).toBe(false);
    }
  });

  it("writes any other name so that it reads back exactly, without the spaces around it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 200, unit: fc.constantFrom("a", "Z", " ", ":", "#", "'", '"', "-", "&", "*", "!", "|", ">", "{", "[", ",", "é", "ü", "%", "@", "`", "?", "\\", "a: b") }), async (name) => {
        const output = join(dir, `init-${Math.random().toString(36).slice(2)}.yaml`);
        // After "--", as a name starting with a dash must be given on any command line.
        const result = await transcript(["init", "--framework", "ctm-2024", "-o", output, "--", name]);
        if (name.trim() === "") {
          expect(result.exitCode).toBe(2);
          return;
        }
        expect(result.exitCode).toBe(0);
        const written = parse(readFileSync(output, "utf8")) as { programme: string; framework: string };
        expect(written.programme).toBe(name.trim());
        expect(written.framework).toBe("ctm-2024");
      }),
      { numRuns: 200 },
    );
  });
});

describe("init writes a file that validates, whatever the name", () => {
  /**
   * Runs init with `name`; the file it wrote, scored, must validate clean and name the programme as given (without
   * the spaces around it, which an assessment's programme never has).
   */
  async function roundTrip(name: string): Promise<void> {
    const output = join(dir, `init-${Math.random().toString(36).slice(2)}.yaml`);
    const result = await transcript(["init", "--framework", "ctm-2024", "--year", "2024", "-o", output, "--", name]);
    if (name.trim() === "" || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) {
      expect(result.exitCode).toBe(2);
      return;
    }
    expect(result.exitCode, result.stderr).toBe(0);
    // As written, only the scores are missing.
    const unscored = await transcript(["validate", output]);
    expect(unscored.stderr.match(/: [a-z-]+: /g)?.every((code) => code === ": unscored: "), unscored.stderr).toBe(true);
    // Scored, it validates clean (read quickly, as a valid file is) and reads back the name as given.
    writeFileSync(output, readFileSync(output, "utf8").replace(/score:$/gm, "score: 5"));
    const scored = await transcript(["score", output, "--format", "json"]);
    expect(scored.stderr).toBe("");
    expect(scored.exitCode).toBe(0);
    expect((JSON.parse(scored.stdout) as { programme: string }).programme).toBe(name.trim());
  }

  it.each([
    ["a name of 100 characters", `The National Mine Action Programme of ${"the Republic of Somewhere ".repeat(3)}and Beyond`.slice(0, 100)],
    ["a long name with an apostrophe", `Programme d'action contre les mines de la République ${"x".repeat(60)}`],
    ["a long name with a colon and a space", `Mine action: the programme of the northern provinces ${"y".repeat(60)}`],
    ["a long name with quotes of both kinds", `"Quoted" and 'quoted' ${"z".repeat(90)} 'end`],
    ["a name with a hash", "Programme #2 # not a comment"],
    ["a name with leading and trailing spaces", "   Sri Lanka   "],
    ["a name that YAML would read as something else", "yes"],
    ["a name of digits", "2024"],
    ["a name in other scripts", "Türkiye — Лаос — 柬埔寨 — 🇰🇭 ﷽"],
    ["a name of 1,000 characters", "Cambodia, ".repeat(100).trim()],
  ])("%s", async (_what, name) => {
    await roundTrip(name);
  });

  it("for names made of what YAML treats specially, in any order, short and long", async () => {
    const unit = fc.oneof(
      fc.constantFrom("a", "Z", " ", "  ", ":", ": ", " #", "#", "'", '"', "-", "- ", "? ", "&", "*", "!", "|", ">", "{", "}", "[", "]", ",", "%", "@", "`", "\\", "\t", "\u00a0", "\ufeff", "x".repeat(40)),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    );
    // Lengths drawn evenly up to 80 pieces (fast-check favours short strings otherwise): most names pass the 80
    // characters at which YAML would fold a line.
    await fc.assert(fc.asyncProperty(fc.string({ unit, minLength: 1, maxLength: 80, size: "max" }), roundTrip), { numRuns: 200 });
  });
});

describe("init with a framework whose titles hold line breaks and control characters", () => {
  it("still writes a file that reads back, every title kept on its comment line", async () => {
    const criteria = join(dir, "odd-titles");
    mkdirSync(criteria);
    writeFileSync(
      join(criteria, "odd.yaml"),
      'id: odd\ntitle: |\n  Two lines\n  of title\ncriteria:\n  - { id: a, title: "Alpha\\nsecond line\\u0000\\u001b[31m", weight: 50, guidance: "x\\ny" }\n  - { id: b, title: Beta, weight: 50 }\nbands:\n  - { label: LOW, min: 0 }\n',
    );
    const output = join(dir, "odd-init.yaml");
    const result = await transcript(["init", "Odd", "--framework", "odd", "--criteria", criteria, "-o", output]);
    expect(result.exitCode).toBe(0);
    const text = readFileSync(output, "utf8");
    expect(parse(text)).toMatchObject({ programme: "Odd", framework: "odd", years: {} });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

describe("standard error never carries a character that drives the terminal", () => {
  const active = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it.each([
    ["an unknown key", "programme: P\nframework: ctm-2024\nyears:\n  2024:\n    criteria: {}\n    \u001b[2Jclear: 1\n"],
    ["a printed rating", readFileSync("assessments/mines/cambodia.yaml", "utf8").replace("published: { average: 7.2, rating: GOOD }", 'published: { average: 7.2, rating: "\\e]0;owned\\a\\e[31mRED" }')],
    ["an unknown framework", "programme: P\nframework: ctm-2024\nyears:\n  2024:\n    framework: \"x\\x9b31m\"\n    criteria: {}\n"],
    ["a right-to-left override in a criterion key", "programme: P\nframework: ctm-2024\nyears:\n  2024:\n    criteria:\n      \"gender\u202e\": { score: 1 }\n"],
  ])("in a diagnostic quoting %s", async (_name, text) => {
    const file = join(dir, `terminal-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    const result = await transcript(["validate", file]);
    expect(result.stderr).not.toMatch(active);
    expect(result.stderr).toMatch(/\\u(001b|009b|202e)/);
  });

  it("in a file's name and in a command-line argument", async () => {
    const named = join(dir, "x\u001b[31m.yaml");
    writeFileSync(named, "programme: X\n");
    const byName = await transcript(["validate", named]);
    expect(byName.stderr).not.toMatch(active);
    expect(byName.stderr).toContain("x\\u001b[31m.yaml");
    const argument = await transcript(["init", "P", "--framework", "ctm\u001b]0;title\u0007"]);
    expect(argument.exitCode).toBe(2);
    expect(argument.stderr).not.toMatch(active);
  });
});
