import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The built executable, run as a user runs it: `npm test` builds dist/ first. */
describe("bin/assess.js", () => {
  it("renders Cambodia's published table from the built bundle", () => {
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", "assessments/mines/cambodia.yaml", "--format", "tsv"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync("test/golden/seed-table.tsv", "utf8"));
  });

  it("sets a non-zero exit code for invalid input, with no stack trace", () => {
    const run = spawnSync(process.execPath, ["bin/assess.js", "validate", "test/bad-input/score-out-of-range.yaml"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("score-out-of-range");
    expect(run.stderr).not.toMatch(/\s+at /);
  });

  it("--version and -V print package.json's version, put into the bundle by the build", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const run = spawnSync(process.execPath, ["bin/assess.js", flag], { encoding: "utf8" });
      expect(run.stdout).toBe(`${version}\n`);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
    }
    // Not read from package.json at start-up: the bundle holds it.
    expect(readFileSync("dist/assess.js", "utf8")).toContain(JSON.stringify(version));
  });

  it("exits 2 for a usage error", () => {
    const run = spawnSync(process.execPath, ["bin/assess.js", "render"], { encoding: "utf8" });
    expect(run.status).toBe(2);
  });
});
