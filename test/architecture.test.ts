import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { walkFiles } from "../src/load/walk-files.js";

/**
 * The folders of src/ are the pipeline's stages, and each may import only from the stages before it (and from its
 * own): the import graph has no arrow running back up the pipeline. The stages that compute (parse, validate,
 * score, compare, render, import, edit) touch no file system. The front ends come last, the server before the
 * command line that starts it. README "Layout" describes the same order.
 */
const STAGES = ["diagnostics", "model", "load", "parse", "validate", "score", "compare", "render", "import", "edit", "write", "tasks", "server", "cli"] as const;
const PURE = ["diagnostics", "model", "parse", "validate", "score", "compare", "render", "import", "edit"];

const modules = walkFiles(["src"], /\.ts$/).files.map((file) => ({ file, stage: relative("src", file).split("/")[0]!, text: readFileSync(file, "utf8") }));

/** Every module a file imports (statically, dynamically, or for its types), as a path under src/. */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative("src", join(dirname(file), specifier)));
}

describe("the pipeline's stages", () => {
  it("every folder of src/ is a stage, in the order of the pipeline", () => {
    const folders = [...new Set(modules.map((m) => m.stage).filter((stage) => !stage.endsWith(".ts")))].sort();
    expect(folders).toEqual([...STAGES].sort());
  });

  it("each stage imports only from itself and the stages before it", () => {
    const upward = modules.flatMap(({ file, stage, text }) => {
      if (stage === "index.ts") return [];
      const rank = STAGES.indexOf(stage as (typeof STAGES)[number]);
      return importsOf(file, text)
        .filter((target) => STAGES.indexOf(target.split("/")[0] as (typeof STAGES)[number]) > rank)
        .map((target) => `${relative("src", file)} → ${target}`);
    });
    expect(upward).toEqual([]);
  });

  it("the stages that compute never touch the file system, nor the process", () => {
    const touching = modules
      .filter(({ stage }) => PURE.includes(stage))
      .filter(({ text }) => /from\s+["'](?:node:)?(?:fs|fs\/promises|child_process|worker_threads)["']|process\.(?:cwd|env|exit|stdout|stderr)/.test(text))
      .map(({ file }) => file);
    expect(touching).toEqual([]);
  });

  it("the library's entry exports no part of the command line", () => {
    const index = readFileSync("src/index.ts", "utf8");
    expect(importsOf("src/index.ts", index).filter((target) => target.startsWith("cli/"))).toEqual([]);
  });
});
