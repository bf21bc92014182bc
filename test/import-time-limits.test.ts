import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

/**
 * The importer's patterns on long runs of the characters they repeat: published tables of every layout, and the
 * copies of the current table, with a run of 100,000 spaces, tabs, digits, letters, pipes, dots, colons, brackets
 * and more put in at the start of the text, inside its first table line and at its end; every table of the record
 * gets some of them too. Each must be read (or refused) within a time limit: a pattern that backtracks over such a
 * run takes many seconds, or never ends. They run in a worker thread of the built library, so that a case that
 * never ends can be stopped.
 */
/** Long enough that a pattern quadratic in the run takes seconds where a linear one takes milliseconds. */
const RUN = 100_000;
const LIMIT_MS = 5_000;
const RUNS = [" ", "\t", "\u00a0", "\n", "\r\n", "1", "1 ", "9.", "a", "A", "Aa ", "|", "| ", ":", ".", "-", "(", "%", "*", "x ", "(20% ", "\\$"];

const tables = readdirSync("published-tables").filter((name) => name.endsWith(".txt")).map((name) => join("published-tables", name));
/** One of each layout: a web page, a PDF extraction (two years), a Landmine Monitor profile, every copy of the current table. */
const layouts = [
  "published-tables/afghanistan-ctm2016.txt",
  "published-tables/iraq-ccmr2017.txt",
  "published-tables/angola-lm2014.txt",
  "published-tables/cambodia-ctm2025.txt",
  ...readdirSync("test/fixtures/import/copies").map((name) => join("test/fixtures/import/copies", name)),
];

/** Where a run goes: the text's start, just after the first line that holds a digit (a table row), its end. */
function variants(text: string, run: string): string[] {
  const row = text.search(/\d/);
  const lineEnd = row < 0 ? text.length : text.indexOf("\n", row) < 0 ? text.length : text.indexOf("\n", row);
  return [run + text, text.slice(0, lineEnd) + run + text.slice(lineEnd), text + run];
}

const WORKER = `
  const { parentPort, workerData } = require("node:worker_threads");
  import(workerData.library).then(({ importTables, loadFrameworks }) => {
    const frameworks = [...loadFrameworks().byId.values()];
    parentPort.on("message", ({ index, text }) => {
      const started = performance.now();
      importTables([{ file: "copied.txt", text }], frameworks, { programme: "X", year: 2020 });
      parentPort.postMessage({ index, ms: performance.now() - started });
    });
    parentPort.postMessage({ ready: true });
  });
`;

describe("the importer on long runs of the characters its patterns repeat", () => {
  it(`reads each table with a run of ${RUN.toLocaleString("en")} characters inserted anywhere, each within ${LIMIT_MS / 1000} s`, async () => {
    const runOf = (run: string) => run.repeat(Math.ceil(RUN / run.length));
    // Every run in every layout; and every table of the record with two of the runs, in turn.
    const pairs = [
      ...layouts.flatMap((base) => RUNS.map((run) => ({ base, run }))),
      ...tables.flatMap((base, index) => [RUNS[index % RUNS.length]!, RUNS[(index * 7 + 3) % RUNS.length]!].map((run) => ({ base, run }))),
    ];
    const cases = pairs.flatMap(({ base, run }) => variants(readFileSync(base, "utf8"), runOf(run)).map((text) => ({ base, run, text })));
    const worker = new Worker(WORKER, { eval: true, workerData: { library: resolve("dist/index.js") } });
    const slowest = { ms: 0, base: "", run: "" };
    try {
      await new Promise<void>((ready, fail) => {
        worker.once("message", () => ready());
        worker.once("error", fail);
      });
      for (const [index, { base, run, text }] of cases.entries()) {
        const reply = await new Promise<{ ms: number } | undefined>((answer) => {
          const timer = setTimeout(() => answer(undefined), LIMIT_MS);
          worker.once("message", (message: { ms: number }) => {
            clearTimeout(timer);
            answer(message);
          });
          worker.postMessage({ index, text });
        });
        expect(reply, `${base} with a run of ${JSON.stringify(run)} did not finish within ${LIMIT_MS} ms`).toBeDefined();
        if (reply!.ms > slowest.ms) Object.assign(slowest, { ms: reply!.ms, base, run });
      }
    } finally {
      await worker.terminate();
    }
    expect(cases.length).toBeGreaterThan(1_000);
    // Linear reading takes milliseconds for each; report the slowest for whoever reads the log.
    console.log(`slowest of ${cases.length} cases: ${slowest.ms.toFixed(1)} ms (${slowest.base}, run ${JSON.stringify(slowest.run)})`);
  }, 600_000);
});
