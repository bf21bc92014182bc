import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Waits until `check` holds, polling; fails after `ms`. */
async function until(check: () => boolean, ms = 5000): Promise<void> {
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
      await until(() => log.includes("score-out-of-range"));
      expect(log).toContain("keeps its last good version");
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
});
