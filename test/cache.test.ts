import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The content cache of the built CLI: a second run gives the same result, and any change to an input shows. */
describe("the content cache", () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-"));
  const env = { ...process.env, ASSESS_CACHE_DIR: join(dir, "cache") };
  const assess = (...args: string[]) => spawnSync(process.execPath, ["bin/assess.js", ...args], { encoding: "utf8", env });
  const fresh = (...args: string[]) => spawnSync(process.execPath, ["bin/assess.js", ...args], { encoding: "utf8", env: { ...env, ASSESS_NO_CACHE: "1" } });
  /** A run through the cache prints, and exits with, exactly what a run without it does. */
  const expectFresh = (...args: string[]) => {
    const cached = assess(...args);
    const uncached = fresh(...args);
    expect([cached.status, cached.stdout, cached.stderr]).toEqual([uncached.status, uncached.stdout, uncached.stderr]);
    return cached;
  };
  const file = join(dir, "cambodia.yaml");
  cpSync("assessments/mines/cambodia.yaml", file);
  const criteria = join(dir, "criteria");
  cpSync("criteria", criteria, { recursive: true });

  it("gives the same output from the cache as without it", () => {
    const first = assess("score", file, "--criteria", criteria);
    expect(readdirSync(join(dir, "cache")).length).toBeGreaterThan(2);
    const second = assess("score", file, "--criteria", criteria);
    const uncached = spawnSync(process.execPath, ["bin/assess.js", "score", file, "--criteria", criteria], { encoding: "utf8", env: { ...env, ASSESS_NO_CACHE: "1" } });
    expect(second.stdout).toBe(first.stdout);
    expect(uncached.stdout).toBe(first.stdout);
    expect(first.stdout).toContain("Cambodia 2024: 7.2 GOOD");
  });

  it("sees a changed assessment, a changed framework and a changed template", () => {
    writeFileSync(file, readFileSync(file, "utf8").replace("land-release-outputs:\n        score: 7", "land-release-outputs:\n        score: 10"));
    expect(assess("score", file, "--criteria", criteria).stdout).toContain("Cambodia 2024: 7.8 GOOD");
    const framework = join(criteria, "ctm-2024.yaml");
    writeFileSync(framework, readFileSync(framework, "utf8").replace("{ label: VERY GOOD, min: 8.0 }", "{ label: VERY GOOD, min: 7.5 }"));
    expect(assess("score", file, "--criteria", criteria).stdout).toContain("Cambodia 2024: 7.8 VERY GOOD");
    const templates = join(dir, "templates");
    cpSync("templates", templates, { recursive: true });
    writeFileSync(join(templates, "score.txt.hbs"), "{{#each years}}{{year}}={{average}}\n{{/each}}");
    expect(assess("score", file, "--criteria", criteria, "--templates", templates).stdout).toBe("2024=7.8\n2023=7.6\n2020=7.0\n2019=7.0\n");
    writeFileSync(join(templates, "score.txt.hbs"), "{{#each years}}{{year}}:{{rating}}\n{{/each}}");
    expect(assess("score", file, "--criteria", criteria, "--templates", templates).stdout).toBe("2024:VERY GOOD\n2023:VERY GOOD\n2020:GOOD\n2019:GOOD\n"); // 7.6 is VERY GOOD from 7.5 in ctm-2024, not in ctm-2019
  });

  it("sees a change to a framework kept in a subfolder of the criteria folder", () => {
    const nested = join(dir, "nested-criteria");
    cpSync("criteria", join(nested, "sub"), { recursive: true });
    const chad = join(dir, "chad.yaml");
    cpSync("assessments/mines/chad.yaml", chad);
    expect(assess("score", chad, "--criteria", nested).stdout).toContain("Chad 2022: 4.4 POOR");
    const framework = join(nested, "sub", "ctm-2019.yaml");
    writeFileSync(framework, readFileSync(framework, "utf8").replace("{ label: POOR, min: 4.0 }", "{ label: POOR, min: 4.5 }"));
    expect(assess("score", chad, "--criteria", nested).stdout).toContain("Chad 2022: 4.4 VERY POOR");
  });

  it("sees a change to a framework given as a file (--criteria FILE)", () => {
    const single = join(dir, "single-ctm-2024.yaml");
    cpSync("criteria/ctm-2024.yaml", single);
    // ctm-2024 continues ctm-2019, which a one-file criteria set lacks: a copy without the lineage.
    writeFileSync(single, readFileSync(single, "utf8").replace(/^continues: .*\n/m, "").replace(/, continues: [a-z-]+/g, ""));
    const fresh = join(dir, "cambodia-single.yaml");
    cpSync("test/fixtures/valid/cambodia-2024.yaml", fresh);
    const before = assess("score", fresh, "--criteria", single);
    expect(before.stdout).toContain("Cambodia 2024: 7.2 GOOD");
    writeFileSync(single, readFileSync(single, "utf8").replace("{ label: GOOD, min: 7.0 }", "{ label: GOOD, min: 7.5 }"));
    const after = assess("score", fresh, "--criteria", single);
    expect(after.stdout).toContain("Cambodia 2024: 7.2 AVERAGE");
    expect(after.stdout).toBe(spawnSync(process.execPath, ["bin/assess.js", "score", fresh, "--criteria", single], { encoding: "utf8", env: { ...env, ASSESS_NO_CACHE: "1" } }).stdout);
  });

  it("sees a change to a framework however deep below the criteria folder the loader reads it", () => {
    const deep = join(dir, "deep-criteria");
    const folder = join(deep, ...Array.from({ length: 20 }, (_, i) => `level${i}`));
    cpSync("criteria", folder, { recursive: true });
    const chad = join(dir, "chad-deep.yaml");
    cpSync("assessments/mines/chad.yaml", chad);
    expect(assess("score", chad, "--criteria", deep).stdout).toContain("Chad 2022: 4.4 POOR");
    const framework = join(folder, "ctm-2019.yaml");
    writeFileSync(framework, readFileSync(framework, "utf8").replace("{ label: POOR, min: 4.0 }", "{ label: POOR, min: 4.5 }"));
    expect(assess("score", chad, "--criteria", deep).stdout).toContain("Chad 2022: 4.4 VERY POOR");
  });

  it("says where a skipped symlink leads, as a fresh run does, after the symlink was pointed elsewhere", () => {
    const criteria = join(dir, "linked-criteria");
    cpSync("criteria", criteria, { recursive: true });
    mkdirSync(join(criteria, "sub"));
    symlinkSync("..", join(criteria, "sub", "link"));
    expect(expectFresh("score", file, "--criteria", criteria).stderr).toContain(`leads back to ${realpathSync(criteria)},`);
    // The same code on the same file, but another folder named in the message.
    rmSync(join(criteria, "sub", "link"));
    symlinkSync(".", join(criteria, "sub", "link"));
    expect(expectFresh("score", file, "--criteria", criteria).stderr).toContain(`leads back to ${realpathSync(join(criteria, "sub"))},`);
  });

  it("reads --criteria and --templates with `..` after a symlink as the loaders do, not as the file system would", () => {
    // `link/../crit` is ./crit to every reader (the `..` taken in the text), though `link` leads elsewhere.
    const base = join(dir, "dot-dot");
    mkdirSync(join(base, "elsewhere", "inner"), { recursive: true });
    symlinkSync(join(base, "elsewhere", "inner"), join(base, "link"));
    cpSync("criteria", join(base, "crit"), { recursive: true });
    mkdirSync(join(base, "tpl"));
    writeFileSync(join(base, "tpl", "assessment.md.hbs"), "{{programme}} first\n");
    const cambodia = join(base, "cambodia.yaml");
    cpSync("assessments/mines/cambodia.yaml", cambodia);
    const criteria = `${base}/link/../crit`;
    const templates = `${base}/link/../tpl`;
    const framework = join(base, "crit", "ctm-2024.yaml");
    expect(expectFresh("score", cambodia, "--criteria", criteria).stdout).toContain("Cambodia 2024: 7.2 GOOD");
    writeFileSync(framework, readFileSync(framework, "utf8").replace("{ label: GOOD, min: 7.0 }", "{ label: GOOD, min: 7.5 }"));
    expect(expectFresh("score", cambodia, "--criteria", criteria).stdout).toContain("Cambodia 2024: 7.2 AVERAGE");

    const inputs = join(base, "in");
    cpSync("assessments/mines/cambodia.yaml", join(inputs, "cambodia.yaml"));
    const out = join(base, "out");
    const batch = () => assess("render", inputs, "--out-dir", out, "--criteria", criteria, "--templates", templates);
    expect(batch().status).toBe(0);
    expect(readFileSync(join(out, "cambodia.md"), "utf8")).toBe("Cambodia first\n");
    writeFileSync(join(base, "tpl", "assessment.md.hbs"), "{{programme}} second\n");
    expect(batch().status).toBe(0);
    expect(readFileSync(join(out, "cambodia.md"), "utf8")).toBe("Cambodia second\n");
  });

  it.each([
    ["a folder named like a partial", "_row.md.hbs"],
    ["a folder named like the template itself", "assessment.md.hbs"],
  ])("does not call a batch unchanged when the templates folder gains %s", (_name, entry) => {
    const inputs = join(dir, `template-folder-in-${entry}`);
    cpSync("assessments/mines/cambodia.yaml", join(inputs, "cambodia.yaml"));
    const templates = join(dir, `template-folder-${entry}`);
    mkdirSync(templates);
    const batch = (out: string) => assess("render", inputs, "--out-dir", join(dir, out), "--templates", templates);
    expect(batch(`template-folder-out-${entry}`).status).toBe(0);
    mkdirSync(join(templates, entry));
    const again = batch(`template-folder-out-${entry}`);
    const afresh = batch(`template-folder-fresh-${entry}`);
    expect(afresh.status).toBe(1);
    expect(afresh.stderr).toContain("template-missing");
    expect([again.status, again.stderr]).toEqual([afresh.status, afresh.stderr.replaceAll("template-folder-fresh-", "template-folder-out-")]);
  });

  it("renders a batch output again when something else changed it since the last run", () => {
    const inputs = join(dir, "batch-in");
    cpSync("assessments/mines", inputs, { recursive: true });
    const out = join(dir, "batch-out");
    expect(assess("render", inputs, "--out-dir", out).status).toBe(0);
    const output = join(out, "cambodia.md");
    const rendered = readFileSync(output, "utf8");
    // Another command (or an editor) rewrites one output; the batch must not call it unchanged.
    expect(assess("render", join(inputs, "chad.yaml"), "-o", output).status).toBe(0);
    expect(readFileSync(output, "utf8")).not.toBe(rendered);
    const again = assess("render", inputs, "--out-dir", out);
    expect(again.stderr).toMatch(new RegExp(`\\(${readdirSync(inputs).length - 1} unchanged since the last run\\)`));
    expect(readFileSync(output, "utf8")).toBe(rendered);
  });

  it("reports a manifest it cannot write with exit code 3, after writing the outputs", () => {
    const inputs = join(dir, "manifest-in");
    cpSync("assessments/mines/cambodia.yaml", join(inputs, "cambodia.yaml"));
    const out = join(dir, "manifest-out");
    mkdirSync(join(out, ".assess-cache.json"), { recursive: true }); // the manifest's name taken by a folder
    const run = assess("render", inputs, "--out-dir", out);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("rendered 1 of 1 assessment");
    expect(run.stderr).toMatch(/assess: error: cannot write .*\.assess-cache\.json: a folder has that name/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, "cambodia.md"), "utf8")).toContain("Cambodia");
  });

  it("reads a fifo given as an assessment as before: refused at once, never waited on", () => {
    const fifo = join(dir, "pipe.yaml");
    spawnSync("mkfifo", [fifo]);
    const run = spawnSync(process.execPath, ["bin/assess.js", "score", fifo], { encoding: "utf8", env, timeout: 10_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("not a regular file");
  });

  it("replays the diagnostics of an invalid file, positions and exit code included", () => {
    const bad = join(dir, "bad.yaml");
    cpSync("test/bad-input/score-out-of-range.yaml", bad);
    const first = assess("score", bad);
    const second = assess("score", bad);
    expect(first.status).toBe(1);
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(first.stderr);
    expect(second.stderr).toContain("bad.yaml:8:24: score-out-of-range:");
    expect(second.stderr).toContain("  8 |       gender: { score: 11 }");
  });
});
