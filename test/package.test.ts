import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript module of the benchmark
import { writeCorpus } from "../bench/corpus.mjs";

/** npm prints a harmless warning about this machine's config; it is not part of what is tested. */
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("the packed package", () => {
  const folder = mkdtempSync(join(tmpdir(), "pack-"));

  it("holds the built code, templates, frameworks, schemas, README and licence, and nothing else", () => {
    const [pack] = JSON.parse(npm(["pack", "--dry-run", "--json", "--ignore-scripts"], process.cwd())) as { files: { path: string }[] }[];
    const paths = pack!.files.map((f) => f.path);
    const allowed = /^(dist\/(assess|index|render-worker)\.js|dist\/chunks\/[\w-]+\.js|dist\/types\/.+\.d\.ts|bin\/assess\.js|criteria\/[a-z0-9-]+\.yaml|templates\/_?[a-z-]+\.[a-z]+\.hbs|assets\/[a-z-]+\.js|schemas\/[a-z]+\.schema\.json|README\.md|LICENSE|package\.json)$/;
    expect(paths.filter((path) => !allowed.test(path))).toEqual([]);
    for (const needed of ["dist/assess.js", "bin/assess.js", "criteria/ctm-2024.yaml", "templates/assessment.tsv.hbs", "schemas/assessment.schema.json", "LICENSE", "README.md"]) {
      expect(paths).toContain(needed);
    }
  });

  it("installs into an empty folder and gives a working assess, with its frameworks and templates", () => {
    npm(["pack", "--ignore-scripts", "--pack-destination", folder], process.cwd());
    const tarball = join(folder, JSON.parse(readFileSync("package.json", "utf8")).name + "-" + JSON.parse(readFileSync("package.json", "utf8")).version + ".tgz");
    const project = join(folder, "project");
    execFileSync("mkdir", [project]);
    writeFileSync(join(project, "package.json"), '{ "name": "empty", "version": "1.0.0", "private": true }\n');
    npm(["install", "--no-audit", "--no-fund", tarball], project);
    const run = spawnSync(join(project, "node_modules", ".bin", "assess"), ["render", resolve("assessments/mines/cambodia.yaml"), "--format", "tsv"], { cwd: project, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync("test/golden/seed-table.tsv", "utf8"));
    // A batch large enough for worker threads, which the installed package must find (dist/render-worker.js).
    const corpus = writeCorpus(join(folder, "corpus"), 70) as string;
    const batch = spawnSync(join(project, "node_modules", ".bin", "assess"), ["render", corpus, "--out-dir", join(folder, "out"), "--format", "md"], { cwd: project, encoding: "utf8" });
    expect(batch.stderr).toMatch(/^rendered 70 of 70 assessments into /);
    expect(readdirSync(join(folder, "out")).filter((name) => name.endsWith(".md"))).toHaveLength(70);
    const library = spawnSync(process.execPath, ["--input-type=module", "-e", 'import { scoreYear, loadAssessment } from "programme-assessment"; console.log(typeof scoreYear, typeof loadAssessment)'], { cwd: project, encoding: "utf8" });
    expect(library.stdout.trim()).toBe("function function");
  }, 120_000);

  it("states the Node versions it supports", () => {
    expect(JSON.parse(readFileSync("package.json", "utf8")).engines.node).toBe(">=20.19");
  });
});
