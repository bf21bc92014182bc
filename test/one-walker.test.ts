import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { walkFiles, YAML_FILE } from "../src/load/walk-files.js";
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

describe("symlinks to folders elsewhere", () => {
  it("are followed when they lead beside the folder given (criteria -> ../shared/criteria)", async () => {
    const root = join(dir, "beside");
    cpSync("criteria", join(root, "shared", "criteria"), { recursive: true });
    mkdirSync(join(root, "programme"));
    symlinkSync("../shared/criteria", join(root, "programme", "criteria"));
    const result = await transcript(["score", "assessments/mines/cambodia.yaml", "--criteria", join(root, "programme")]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Cambodia 2024: 7.2 GOOD");
    expect(result.stderr).toBe("");
  });

  it("are not followed when they lead to a folder holding the folder given, which would walk it again and more", () => {
    const root = join(dir, "above", "given");
    mkdirSync(join(root, "sub"), { recursive: true });
    writeFileSync(join(dir, "above", "outside.yaml"), "");
    writeFileSync(join(root, "inside.yaml"), "");
    symlinkSync("../..", join(root, "sub", "up"));
    const walk = walkFiles([root]);
    expect(walk.files).toEqual([join(root, "inside.yaml")]);
    expect(walk.diagnostics.map((d) => [d.code, d.file, d.severity])).toEqual([["folder-skipped", join(root, "sub", "up"), "warning"]]);
  });
});

describe("a folder given with more entries than a walk examines", () => {
  it("is read up to the limit, and a warning says that the rest is not", () => {
    const root = join(dir, "many");
    mkdirSync(join(root, "sub"), { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(join(root, "sub", `f${String(i).padStart(2, "0")}.yaml`), "");
    const walk = walkFiles([root], YAML_FILE, { depth: 32, entries: 10 });
    // The folder `sub` is one of the ten entries examined, so nine of its files are.
    expect(walk.files).toHaveLength(9);
    expect(walk.diagnostics.map((d) => [d.code, d.file, d.severity])).toEqual([["folder-skipped", root, "warning"]]);
    expect(walk.diagnostics[0]!.message).toMatch(/^more than 10 files and folders below this folder: the rest are not read/);
    expect(walkFiles([root], YAML_FILE, { depth: 32, entries: 13 }).diagnostics).toEqual([]);
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
