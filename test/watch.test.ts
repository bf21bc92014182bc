import { spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Waits until `check` holds, polling; fails after `ms`. */
async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("assess watch", () => {
  it("re-renders a file when it is saved, prints diagnostics for an invalid save and carries on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "watch-"));
    mkdirSync(join(dir, "in"));
    copyFileSync("assessments/mines/cambodia.yaml", join(dir, "in", "cambodia.yaml"));
    const output = join(dir, "out", "cambodia.md");
    const child = spawn(process.execPath, ["bin/assess.js", "watch", join(dir, "in"), "--out-dir", join(dir, "out"), "--format", "md"], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stderr.on("data", (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      await until(() => log.includes("watching"));
      expect(readFileSync(output, "utf8")).toBe(readFileSync("test/golden/cambodia.md", "utf8"));

      const edit = (from: string, to: string) => {
        const file = join(dir, "in", "cambodia.yaml");
        writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
      };
      edit("contamination:\n        score: 7", "contamination:\n        score: 12");
      // The diagnostics and the line after them are two writes, which the pipe may deliver apart.
      await until(() => log.includes("score-out-of-range") && log.includes("keeps its last good version"));
      expect(readFileSync(output, "utf8")).toBe(readFileSync("test/golden/cambodia.md", "utf8"));

      edit("contamination:\n        score: 12", "contamination:\n        score: 9");
      await until(() => readFileSync(output, "utf8").includes("| Understanding of AP mine contamination | 20% | 9 | 7 |"));
      expect(log).toMatch(/rendered .*cambodia\.md in \d+ ms/);
      expect(existsSync(output)).toBe(true);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(log).not.toMatch(/\n\s+at /);
  });

  it("keeps watching a folder removed and created again (a checkout), and sees a subfolder made later", async () => {
    const dir = mkdtempSync(join(tmpdir(), "watch-again-"));
    const input = join(dir, "in");
    mkdirSync(input);
    copyFileSync("assessments/mines/cambodia.yaml", join(input, "cambodia.yaml"));
    const criteria = join(dir, "criteria");
    cpSync("criteria", criteria, { recursive: true });
    const out = join(dir, "out");
    const child = spawn(process.execPath, ["bin/assess.js", "watch", input, "--out-dir", out, "--format", "md", "--criteria", criteria], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stderr.on("data", (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const cambodia = readFileSync("assessments/mines/cambodia.yaml", "utf8");
    try {
      await until(() => log.includes("watching"));
      // The folder goes away and comes back with a changed file, as a checkout of another branch does it.
      const elsewhere = join(dir, "stashed");
      renameSync(input, elsewhere);
      await until(() => log.includes("is gone; waiting for it to come back"));
      writeFileSync(join(elsewhere, "cambodia.yaml"), cambodia.replace("contamination:\n        score: 7", "contamination:\n        score: 9"));
      renameSync(elsewhere, input);
      await until(() => log.includes("is back; watching it again"));
      await until(() => readFileSync(join(out, "cambodia.md"), "utf8").includes("| Understanding of AP mine contamination | 20% | 9 | 7 |"));
      // And saves after that are seen as before.
      writeFileSync(join(input, "cambodia.yaml"), cambodia.replace("contamination:\n        score: 7", "contamination:\n        score: 5"));
      await until(() => readFileSync(join(out, "cambodia.md"), "utf8").includes("| Understanding of AP mine contamination | 20% | 5 | 7 |"));
      // A subfolder made after the watch started.
      mkdirSync(join(input, "later"));
      await new Promise((resolve) => setTimeout(resolve, 200));
      writeFileSync(join(input, "later", "chad.yaml"), readFileSync("assessments/mines/chad.yaml", "utf8"));
      await until(() => existsSync(join(out, "chad.md")));
      // The criteria folder replaced: everything is rendered again under the frameworks it holds now.
      rmSync(criteria, { recursive: true });
      await until(() => log.split("is gone;").length > 2);
      cpSync("criteria", criteria, { recursive: true });
      writeFileSync(join(criteria, "ctm-2024.yaml"), readFileSync("criteria/ctm-2024.yaml", "utf8").replace("{ label: AVERAGE, min: 5.0 }", "{ label: FAIR, min: 5.0 }"));
      await until(() => readFileSync(join(out, "cambodia.md"), "utf8").includes("Overall Programme Performance: FAIR")).catch((error) => {
        throw new Error(`${(error as Error).message}; the watch said:\n${log}`);
      });
      expect(log.split("is back; watching it again").length).toBe(3);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(log).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe("assess watch keeps up with what happens to folders", () => {
  const start = (args: string[]) => {
    const child = spawn(process.execPath, ["bin/assess.js", "watch", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const state = { log: "" };
    child.stderr.on("data", (chunk) => (state.log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const waitFor = (check: () => boolean) => until(check, 8000).catch((error) => {
      throw new Error(`${(error as Error).message}; the watch said:\n${state.log}`);
    });
    return { child, state, exited, waitFor };
  };
  const chad = readFileSync("assessments/mines/chad.yaml", "utf8");

  it("renders the files of a folder copied or moved in, and follows a folder replaced by a symlink", async () => {
    const dir = mkdtempSync(join(tmpdir(), "watch-folders-"));
    mkdirSync(join(dir, "in"));
    copyFileSync("assessments/mines/cambodia.yaml", join(dir, "in", "cambodia.yaml"));
    const out = join(dir, "out");
    const { child, state, exited, waitFor } = start([join(dir, "in"), "--out-dir", out, "--format", "md"]);
    try {
      await waitFor(() => state.log.includes("watching"));
      mkdirSync(join(dir, "elsewhere", "batch"), { recursive: true });
      writeFileSync(join(dir, "elsewhere", "batch", "chad.yaml"), chad);
      renameSync(join(dir, "elsewhere", "batch"), join(dir, "in", "batch"));
      await waitFor(() => existsSync(join(out, "chad.md")));
      // The folder given becomes a symlink to another folder, with other content.
      mkdirSync(join(dir, "other"));
      writeFileSync(join(dir, "other", "cambodia.yaml"), readFileSync("assessments/mines/cambodia.yaml", "utf8").replace("programme: Cambodia", "programme: Kampuchea"));
      renameSync(join(dir, "in"), join(dir, "in-old"));
      symlinkSync(join(dir, "other"), join(dir, "in"));
      await waitFor(() => readFileSync(join(out, "cambodia.md"), "utf8").startsWith("# Kampuchea"));
      // The output folder removed: made again at the next save.
      rmSync(out, { recursive: true });
      writeFileSync(join(dir, "other", "cambodia.yaml"), readFileSync(join(dir, "other", "cambodia.yaml"), "utf8").replace("Kampuchea", "Cambodia again"));
      await waitFor(() => existsSync(join(out, "cambodia.md")) && readFileSync(join(out, "cambodia.md"), "utf8").startsWith("# Cambodia again"));
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  }, 30_000);

  it("watches a framework given as --criteria FILE, and a file given through a symlink", async () => {
    const dir = mkdtempSync(join(tmpdir(), "watch-file-"));
    const single = join(dir, "ctm-2024.yaml");
    writeFileSync(single, readFileSync("criteria/ctm-2024.yaml", "utf8").replace(/^continues: .*\n/m, "").replace(/, continues: [a-z-]+/g, ""));
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "cambodia.yaml"), readFileSync("test/fixtures/valid/cambodia-2024.yaml", "utf8"));
    symlinkSync(join(dir, "real", "cambodia.yaml"), join(dir, "cambodia.yaml"));
    const output = join(dir, "cambodia.md");
    const { child, state, exited, waitFor } = start([join(dir, "cambodia.yaml"), "-o", output, "--criteria", single]);
    try {
      await waitFor(() => state.log.includes("watching"));
      expect(state.log).not.toContain("is gone");
      writeFileSync(single, readFileSync(single, "utf8").replace("{ label: AVERAGE, min: 5.0 }", "{ label: FAIR, min: 5.0 }").replace("{ label: GOOD, min: 7.0 }", "{ label: GOOD, min: 7.5 }"));
      await waitFor(() => readFileSync(output, "utf8").includes("Overall Programme Performance: FAIR"));
      writeFileSync(join(dir, "real", "cambodia.yaml"), readFileSync(join(dir, "real", "cambodia.yaml"), "utf8").replace("programme: Cambodia", "programme: Through the link"));
      await waitFor(() => readFileSync(output, "utf8").startsWith("# Through the link"));
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  }, 30_000);

  it("refuses at once an output that is an input, and stops when its outputs cannot be written", () => {
    const refused = spawnSync(process.execPath, ["bin/assess.js", "watch", "assessments/mines/cambodia.yaml", "-o", "criteria/ctm-2024.yaml"], { encoding: "utf8", timeout: 10_000 });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("is one of the inputs");
    const unwritable = spawnSync(process.execPath, ["bin/assess.js", "watch", "assessments/mines/cambodia.yaml", "-o", "/proc/self/cambodia.html"], { encoding: "utf8", timeout: 10_000 });
    expect(unwritable.status).toBe(3);
    expect(unwritable.stderr).toContain("the watch stopped");
  });
});
