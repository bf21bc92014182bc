import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";

/** Outputs are written atomically: killing the writer at any moment leaves the previous version whole. */
describe("an interrupted write", () => {
  it("killed in the middle of a 300 MB write leaves the previous file whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    const target = join(dir, "report.html");
    writeFileSync(target, "previous version\n");
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", `import { writeOutput } from "${join(process.cwd(), "dist/index.js")}"; writeOutput(process.argv[1], "x".repeat(300e6), []);`, target],
      { stdio: "ignore" },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Wait until the temporary file is being written, then kill the writer mid-way.
    let partial = 0;
    for (let i = 0; i < 2000 && partial === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const temporary = readdirSync(dir).find((name) => name.endsWith(".tmp"));
      if (temporary) partial = statSync(join(dir, temporary)).size;
    }
    child.kill("SIGKILL");
    await exited;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(300e6);
    expect(readFileSync(target, "utf8")).toBe("previous version\n");
  });

  it("killed at random moments during assess render, the output is always the old file or the whole new one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-render-"));
    const cambodia = readFileSync("assessments/mines/cambodia.yaml", "utf8");
    // A large assessment: every commentary some 300 KiB.
    const big = cambodia.replace(/commentary: >-\n/g, `commentary: >-\n          ${"Long commentary with <markup> & more. ".repeat(8000)}\n`);
    writeFileSync(join(dir, "big.yaml"), big);
    const reference = spawnSync(process.execPath, ["bin/assess.js", "render", join(dir, "big.yaml"), "--format", "html"], { encoding: "utf8", maxBuffer: 1e9 });
    expect(reference.status).toBe(0);
    const output = join(dir, "big.html");
    const seen = { previous: 0, complete: 0 };
    for (const delay of [0, 20, 40, 60, 80, 100, 130, 160, 200, 400]) {
      writeFileSync(output, "previous version\n");
      const child = spawn(process.execPath, ["bin/assess.js", "render", join(dir, "big.yaml"), "-o", output], { stdio: "ignore" });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGKILL");
      await exited;
      const text = readFileSync(output, "utf8");
      if (text === "previous version\n") seen.previous++;
      else {
        expect(text).toBe(reference.stdout);
        seen.complete++;
      }
    }
    expect(seen.previous + seen.complete).toBe(10);
  });
});

describe("a run over many files", () => {
  it("writes the good ones, names the bad one, and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "batch-"));
    const good = readFileSync("test/fixtures/valid-minimal.yaml", "utf8");
    writeFileSync(join(dir, "a.yaml"), good);
    writeFileSync(join(dir, "b.yaml"), good.replace("score: 9", "score: 90"));
    writeFileSync(join(dir, "c.yaml"), stringify({ programme: "C", framework: "ctm-2019", years: { 2022: { criteria: {} } } }));
    writeFileSync(join(dir, "d.yaml"), good.replace("Testland", "Otherland"));
    const out = join(dir, "out");
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", dir, "--out-dir", out, "--format", "html"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(readdirSync(out).filter((name) => !name.startsWith(".")).sort()).toEqual(["a.html", "d.html"]);
    expect(run.stderr).toMatch(/rendered 2 of 4 assessments into \S+out; failed: \S+\/b\.yaml, \S+\/c\.yaml\n$/);
  });
});

describe("a batch asked for a year some files lack", () => {
  it("renders those that have it, and names each other with its code and its years", () => {
    const dir = mkdtempSync(join(tmpdir(), "batch-years-"));
    for (const name of ["cambodia", "chad"]) writeFileSync(join(dir, `${name}.yaml`), readFileSync(`assessments/mines/${name}.yaml`, "utf8"));
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", dir, "--out-dir", join(dir, "out"), "--years", "2024"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/chad\.yaml:1:1: missing-year: Chad has no year 2024; its years are /);
    expect(readdirSync(join(dir, "out")).filter((name) => !name.startsWith("."))).toEqual(["cambodia.md"]);
    expect(run.stderr).toMatch(/rendered 1 of 2 assessments into \S+; failed: \S+chad\.yaml\n$/);
  });
});

describe("batch render refusals", () => {
  it("refuses two inputs that would write one output, and renders the others", () => {
    const dir = mkdtempSync(join(tmpdir(), "clash-"));
    const good = readFileSync("test/fixtures/valid-minimal.yaml", "utf8");
    for (const sub of ["a", "b"]) {
      spawnSync("mkdir", ["-p", join(dir, sub)]);
      writeFileSync(join(dir, sub, "chad.yaml"), good);
    }
    writeFileSync(join(dir, "a", "yemen.yaml"), good);
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", dir, "--out-dir", join(dir, "out")], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/a\/chad\.yaml:1:1: output-clash: \S+a\/chad\.yaml and \S+b\/chad\.yaml would both be written to \S+chad\.md/);
    expect(readdirSync(join(dir, "out")).filter((name) => !name.startsWith("."))).toEqual(["yemen.md"]);
  });

  it("says, with exit code 3, when the output folder is a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "notdir-"));
    writeFileSync(join(dir, "out"), "a file\n");
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", "assessments/mines/cambodia.yaml", "--out-dir", join(dir, "out")], { encoding: "utf8" });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("cannot create the output folder");
  });

  it("exits 1 when a framework file of the criteria folder has errors", () => {
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", "test/fixtures/valid-minimal.yaml", "--out-dir", mkdtempSync(join(tmpdir(), "badcrit-")), "--criteria", "test/fixtures/broken-criteria"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("weights-total");
  });
});

describe("special outputs", () => {
  it("writes through a symlink to the file it points to, keeping the link", async () => {
    const { symlinkSync, lstatSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "link-"));
    writeFileSync(join(dir, "real.md"), "old\n");
    symlinkSync(join(dir, "real.md"), join(dir, "link.md"));
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", "assessments/mines/cambodia.yaml", "-o", join(dir, "link.md")], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(lstatSync(join(dir, "link.md")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.md"), "utf8")).toBe(readFileSync("test/golden/cambodia.md", "utf8"));
  });

  it("writes to a device such as /dev/null without replacing it", () => {
    const run = spawnSync(process.execPath, ["bin/assess.js", "render", "assessments/mines/cambodia.yaml", "-o", "/dev/null", "--format", "md"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});
