import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transcript } from "./helpers.js";

/**
 * Every front end walks folders the same way (walkFiles): a symlink loop in any folder given, to any command, is
 * reported once, as folder-skipped, and not walked.
 */
const dir = mkdtempSync(join(tmpdir(), "one-walker-"));
const assessments = join(dir, "assessments");
mkdirSync(join(assessments, "nested"), { recursive: true });
cpSync("assessments/mines/cambodia.yaml", join(assessments, "cambodia.yaml"));
symlinkSync(assessments, join(assessments, "nested", "loop"));
const criteria = join(dir, "criteria");
cpSync("criteria", join(criteria, "editions"), { recursive: true });
symlinkSync(criteria, join(criteria, "editions", "back"));

const count = (text: string) => text.split("folder-skipped").length - 1;

describe("a symlink loop in a folder given", () => {
  it.each([
    ["validate", ["validate", assessments, "--criteria", criteria]],
    ["report", ["report", assessments, "--criteria", criteria, "--format", "md"]],
    ["render --out-dir", ["render", assessments, "--out-dir", join(dir, "out"), "--criteria", criteria]],
    ["score --criteria", ["score", join(assessments, "cambodia.yaml"), "--criteria", criteria]],
  ])("is reported once per folder by %s, and the command goes on", async (_name, args) => {
    const result = await transcript(args);
    expect(result.exitCode).toBe(0);
    const loops = args.includes(assessments) ? 2 : 1;
    expect(count(result.stderr)).toBe(loops);
  });

  it("is reported once by watch, which goes on watching", async () => {
    const child = spawn(process.execPath, ["bin/assess.js", "watch", assessments, "--out-dir", join(dir, "watched"), "--format", "md", "--criteria", criteria], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stderr.on("data", (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const deadline = Date.now() + 10_000;
    while (!log.includes("watching") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(log).toContain("watching");
    expect(count(log)).toBe(2); // the assessments folder's loop and the criteria folder's
  });
});

describe("watch, through the render task", () => {
  it("writes the format its output file's extension names, and re-renders when a template changes", async () => {
    const templates = join(dir, "templates");
    mkdirSync(templates);
    const output = join(dir, "cambodia.md");
    const child = spawn(process.execPath, ["bin/assess.js", "watch", join(assessments, "cambodia.yaml"), "-o", output, "--templates", templates, "--criteria", criteria], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stderr.on("data", (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out; the watch said:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      await until(() => log.includes("watching"));
      const rendered = spawnSync(process.execPath, ["bin/assess.js", "render", join(assessments, "cambodia.yaml"), "--format", "md", "--criteria", criteria], { encoding: "utf8" }).stdout;
      expect(readFileSync(output, "utf8")).toBe(rendered);
      writeFileSync(join(templates, "assessment.md.hbs"), "# {{programme}}: {{latest.average}}\n");
      await until(() => readFileSync(output, "utf8") === "# Cambodia: 7.2\n");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
