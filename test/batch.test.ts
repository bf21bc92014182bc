import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript module of the benchmark
import { writeCorpus } from "../bench/corpus.mjs";

const assess = (args: string[]) => spawnSync(process.execPath, ["bin/assess.js", ...args], { encoding: "utf8" });

describe("a large batch render (worker threads and the content cache)", () => {
  it("renders 150 programmes on several threads, then re-renders only what changed", () => {
    const dir = mkdtempSync(join(tmpdir(), "batch-large-"));
    const corpus = writeCorpus(join(dir, "in"), 150) as string;
    const out = join(dir, "out");
    const first = assess(["render", corpus, "--out-dir", out, "--format", "md"]);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^rendered 150 of 150 assessments into \S+\n$/);
    const outputs = readdirSync(out).filter((name) => name.endsWith(".md"));
    expect(outputs).toHaveLength(150);
    const sample = readFileSync(join(out, "programme-00042.md"), "utf8");

    const again = assess(["render", corpus, "--out-dir", out, "--format", "md"]);
    expect(again.stderr).toMatch(/rendered 150 of 150 assessments into \S+ \(150 unchanged since the last run\)\n$/);

    const file = join(corpus, "programme-00042.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("programme: Programme 42", "programme: Programme Forty-two"));
    const changed = assess(["render", corpus, "--out-dir", out, "--format", "md"]);
    expect(changed.stderr).toMatch(/\(149 unchanged since the last run\)/);
    expect(readFileSync(join(out, "programme-00042.md"), "utf8")).toBe(sample.replace("# Programme 42:", "# Programme Forty-two:"));

    const otherFormat = assess(["render", corpus, "--out-dir", out, "--format", "html"]);
    expect(otherFormat.stderr).not.toContain("unchanged");
  }, 60_000);
});
