import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/**
 * The content cache never answers for inputs it was not given: after any sequence of edits to assessments,
 * frameworks and templates, every command prints exactly what it prints with the cache off (ASSESS_NO_CACHE=1),
 * and a batch writes exactly the files a batch without its manifest writes.
 *
 * The cache is on only in a built tool (a build id names the code that checked what is cached); here the sources
 * run with a build id of their own, so that the cache's every path is exercised in this process.
 */
(globalThis as { __BUILD_ID__?: string }).__BUILD_ID__ = "differential-test";
const { runCli } = await import("../src/cli/run-cli.js");

async function run(args: string[], cache: boolean): Promise<string> {
  const saved = process.env.ASSESS_NO_CACHE;
  if (cache) delete process.env.ASSESS_NO_CACHE;
  else process.env.ASSESS_NO_CACHE = "1";
  let stdout = "";
  let stderr = "";
  try {
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return `${stdout}\n--- stderr\n${stderr}\n--- exit ${code}`;
  } finally {
    if (saved === undefined) delete process.env.ASSESS_NO_CACHE;
    else process.env.ASSESS_NO_CACHE = saved;
  }
}

/** Every file under `folder`, by name, with its bytes. */
function contents(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).filter((name) => !name.startsWith(".")).sort().map((name) => [name, readFileSync(join(folder, name), "utf8")]));
}

type Edit = { file: "cambodia" | "tajikistan" | "framework" | "score-template" | "table-partial" | "template-entry" | "criteria-link" | "output"; change: number };

describe("the content cache against no cache", () => {
  it("gives the same output for every command after any sequence of edits", async () => {
    const root = mkdtempSync(join(tmpdir(), "cache-differential-"));
    process.env.ASSESS_CACHE_DIR = join(root, "cache");
    // Deeper than any fixed limit of a walk: the frameworks the loader reads must all be part of the cache's key.
    const criteria = join(root, "criteria");
    const editions = join(criteria, ...Array.from({ length: 20 }, (_, i) => `level-${i}`));
    // And one framework given as a file (--criteria FILE): without the editions it continues.
    const single = join(root, "single-ctm-2024.yaml");
    const templates = join(root, "templates");
    const inputs = join(root, "assessments");
    const files = {
      cambodia: join(inputs, "cambodia.yaml"),
      tajikistan: join(inputs, "tajikistan.yaml"),
      framework: join(editions, "ctm-2024.yaml"),
      "score-template": join(templates, "score.txt.hbs"),
      "table-partial": join(templates, "_assessment-table.md.hbs"),
    };
    const originals = {
      cambodia: readFileSync("test/fixtures/valid/cambodia-2024.yaml", "utf8"),
      tajikistan: readFileSync("test/fixtures/valid/tajikistan.yaml", "utf8"),
      framework: readFileSync("criteria/ctm-2024.yaml", "utf8"),
      "score-template": readFileSync("templates/score.txt.hbs", "utf8"),
      "table-partial": readFileSync("templates/_assessment-table.md.hbs", "utf8"),
    };
    /** Small edits of the kinds people make, some of which break the file. */
    const variants: Record<Exclude<Edit["file"], "output" | "template-entry" | "criteria-link">, ((text: string) => string)[]> = {
      cambodia: [
        (t) => t,
        (t) => t.replace("contamination:\n        score: 7", "contamination:\n        score: 9"),
        (t) => t.replace("contamination:\n        score: 7", "contamination:\n        score: 12"),
        (t) => t.replace("published: { average: 7.2, rating: GOOD }", "published: { average: 7.3, rating: GOOD }"),
        (t) => t.replace("programme: Cambodia", "programme: Cambodge"),
        (t) => t.replace("years:", "years:\n  2024: {"),
        (t) => `${t}\n# a comment at the end\n`,
      ],
      tajikistan: [(t) => t, (t) => t.replace(/score: 7\b/, "score: 6"), (t) => t.replace("framework:", "framewrk:")],
      framework: [
        (t) => t,
        (t) => t.replace("{ label: GOOD, min: 7.0 }", "{ label: GOOD, min: 7.5 }"),
        (t) => t.replace("{ label: AVERAGE, min: 5.0 }", "{ label: FAIR, min: 5.0 }"),
        (t) => t.replace("title: Understanding of AP mine contamination", "title: Knowing the contamination"),
        (t) => t.replace("weight: 20", "weight: 25"),
        (t) => t.replace("bands:", "bands:\n  - {"),
      ],
      "score-template": [(t) => t, (t) => `{{programme}}!\n${t}`, (t) => t.replace("{{/each}}", "{{/each}}{{#each critera}}x{{/each}}"), () => "{{#each years}}{{year}}: {{average}}\n{{/each}}"],
      "table-partial": [(t) => t, (t) => t.replace("Performance commentary", "Commentary"), (t) => `{{#if nothing}}{{/if}}${t}`],
    };
    const reset = () => {
      rmSync(root, { recursive: true, force: true });
      cpSync("criteria", editions, { recursive: true });
      cpSync("templates", templates, { recursive: true });
      mkdirSync(inputs, { recursive: true });
      for (const [name, text] of Object.entries(originals)) writeFileSync(files[name as keyof typeof originals], text);
      writeSingle(originals.framework);
      // `deep/..` is a folder of the editions to the file system, and the root to every reader of this tool.
      symlinkSync(editions, join(root, "deep"));
    };
    const writeSingle = (framework: string) => writeFileSync(single, framework.replace(/^continues: .*\n/m, "").replace(/, continues: [a-z-]+/g, ""));
    const common = ["--criteria", criteria, "--templates", templates];
    const commands: string[][] = [
      ["validate", inputs, "--criteria", criteria],
      ["score", files.cambodia, ...common],
      ["score", files.cambodia, "--format", "json", "--criteria", criteria],
      ["score", files.cambodia, "--criteria", single],
      ["score", files.cambodia, "--criteria", `${root}/deep/../criteria`, "--templates", `${root}/deep/../templates`],
      ["render", files.cambodia, "--format", "tsv", "--criteria", single],
      ["render", files.cambodia, "--format", "md", ...common],
      ["render", files.tajikistan, "--format", "html", ...common],
      ["compare", files.cambodia, ...common],
      ["history", files.tajikistan, ...common],
      ["what-if", files.cambodia, "--weight-set", "equal", ...common],
      ["report", inputs, "--format", "md", ...common],
    ];

    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ file: fc.constantFrom<Edit["file"]>("cambodia", "tajikistan", "framework", "score-template", "table-partial", "template-entry", "criteria-link", "output"), change: fc.nat(20) }),
          { minLength: 1, maxLength: 5 },
        ),
        async (edits) => {
          reset();
          const kept = join(root, "out-kept");
          for (const edit of edits) {
            if (edit.file === "output") {
              // Something else (another render -o, an editor) rewrites an output of the kept batch.
              mkdirSync(kept, { recursive: true });
              writeFileSync(join(kept, "cambodia.md"), `edited by hand ${edit.change}\n`);
            } else if (edit.file === "template-entry") {
              // A folder named like a partial, which the renderer cannot read, comes or goes.
              rmSync(join(templates, "_entry.md.hbs"), { recursive: true, force: true });
              if (edit.change % 2 === 1) mkdirSync(join(templates, "_entry.md.hbs"));
            } else if (edit.file === "criteria-link") {
              // A symlink loop in the criteria folder, to one folder or another: its warning names the one.
              rmSync(join(criteria, "level-0", "link"), { force: true });
              symlinkSync(edit.change % 2 === 0 ? "." : "..", join(criteria, "level-0", "link"));
            } else {
              const options = variants[edit.file];
              const text = options[edit.change % options.length]!(originals[edit.file]);
              writeFileSync(files[edit.file], text);
              if (edit.file === "framework") writeSingle(text);
            }
            for (const args of commands) expect(await run(args, true), args.join(" ")).toBe(await run(args, false));
            // A batch renders into the same folder every time (its manifest kept), and into a new one without cache.
            const fresh = join(root, `out-${Math.random().toString(36).slice(2)}`);
            const batch = (out: string, cache: boolean) => run(["render", inputs, "--out-dir", out, "--format", "md", ...common], cache);
            const keptRun = await batch(kept, true);
            const freshRun = await batch(fresh, false);
            expect(keptRun.replace(/ \(\d+ unchanged since the last run\)/, "").replaceAll(kept, "OUT")).toBe(freshRun.replaceAll(fresh, "OUT"));
            // Every output this run wrote is the same (an input that fails now leaves its last good output in place).
            const written = contents(fresh);
            expect(Object.fromEntries(Object.keys(written).map((name) => [name, contents(kept)[name]]))).toEqual(written);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});
