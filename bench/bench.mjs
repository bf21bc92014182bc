// npm run bench: measures the targets of the Performance section of the README, in one run, and prints ratios.
// Not part of npm test: timings belong to a benchmark, never to unit tests.
//
//   (a) node -e 0, Node's floor               (b) assess score on Cambodia, a fresh process
//   (c) assess render on Cambodia             (d) assess render --out-dir over 100, 1,000 and 10,000 programmes,
//   (e) assess validate over the largest corpus   cold and again with nothing changed
//   (f) peak memory of (d) and (e)            (g) a watch re-render after one file is saved
//
// Medians of several repetitions (31 for start-up, interleaved). The corpus is deterministic (bench/corpus.mjs,
// fixed seed). Results go to bench/results/latest.json (and a dated copy) so runs can be compared.
// BENCH_SIZES=100,1000 runs fewer sizes.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { writeCorpus } from "./corpus.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const ASSESS = join(ROOT, "bin/assess.js");
const WORK = join(tmpdir(), "assess-bench");
const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
const YEARS_PER_PROGRAMME = 10;

/** Runs a command once; wall time in ms and peak resident memory in KiB (GNU time). */
function run(command, args, { cwd = ROOT } = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  const peakKiB = Number(result.stderr.trim().split("\n").at(-1));
  return { ms, peakKiB };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function summarise(runs) {
  return { ms: median(runs.map((r) => r.ms)), peakKiB: Math.max(...runs.map((r) => r.peakKiB)), runs: runs.map((r) => Math.round(r.ms)) };
}

const repeat = (times, once) => summarise(Array.from({ length: times }, once));

const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "", sizes: {} };

console.log(`Node ${process.version}, ${results.cpus} cores (${results.cpu})`);
run(process.execPath, [ASSESS, "score", "assessments/mines/cambodia.yaml"]); // warm the file cache, not measured
// Interleaved (floor, score, render, floor, ...), so that a change in the machine's load during the runs weighs on
// the floor and on the tool alike, and their ratio stays a ratio of like with like.
const startRuns = { floor: [], score: [], render: [] };
for (let i = 0; i < 31; i++) {
  startRuns.floor.push(run(process.execPath, ["-e", "0"]));
  startRuns.score.push(run(process.execPath, [ASSESS, "score", "assessments/mines/cambodia.yaml"]));
  startRuns.render.push(run(process.execPath, [ASSESS, "render", "assessments/mines/cambodia.yaml", "--format", "html"]));
}
for (const [name, runs] of Object.entries(startRuns)) results[name] = summarise(runs);
const ratio = (x) => (x.ms / results.floor.ms).toFixed(2);
console.log(`(a) node -e 0                       ${results.floor.ms.toFixed(0)} ms`);
console.log(`(b) assess score, Cambodia          ${results.score.ms.toFixed(0)} ms   = ${ratio(results.score)} x Node's floor (target <= 1.6)`);
console.log(`(c) assess render, Cambodia         ${results.render.ms.toFixed(0)} ms   = ${ratio(results.render)} x Node's floor (target <= 1.6)`);

mkdirSync(WORK, { recursive: true });
for (const size of SIZES) {
  const corpus = writeCorpus(join(WORK, `corpus-${size}`), size);
  const out = join(WORK, `out-${size}`);
  const reps = size >= 10000 ? 1 : 3;
  const cold = repeat(reps, () => {
    rmSync(out, { recursive: true, force: true });
    return run(process.execPath, [ASSESS, "render", corpus, "--out-dir", out, "--format", "html"]);
  });
  const unchanged = repeat(reps, () => run(process.execPath, [ASSESS, "render", corpus, "--out-dir", out, "--format", "html"]));
  const throughput = (size * YEARS_PER_PROGRAMME) / (cold.ms / 1000);
  results.sizes[size] = { cold, unchanged, programmeYearsPerSecond: Math.round(throughput) };
  console.log(
    `(d) render ${String(size).padStart(5)} programmes   cold ${(cold.ms / 1000).toFixed(2)} s (${Math.round(throughput)} programme-years/s, peak ${(cold.peakKiB / 1024).toFixed(0)} MiB)` +
      `   unchanged ${(unchanged.ms / 1000).toFixed(2)} s (peak ${(unchanged.peakKiB / 1024).toFixed(0)} MiB)`,
  );
}
const largest = Math.max(...SIZES);
results.validate = repeat(1, () => run(process.execPath, [ASSESS, "validate", join(WORK, `corpus-${largest}`)]));
console.log(`(e) validate ${largest} programmes       ${(results.validate.ms / 1000).toFixed(2)} s (peak ${(results.validate.peakKiB / 1024).toFixed(0)} MiB)`);
if (SIZES.includes(1000) && SIZES.includes(10000)) {
  results.growthExponent = Math.log(results.sizes[10000].cold.ms / results.sizes[1000].cold.ms) / Math.log(10);
  console.log(`    growth exponent 1,000 -> 10,000: ${results.growthExponent.toFixed(3)} (target <= 1.05)`);
}
console.log(`(f) peak memory at ${largest}: render ${(results.sizes[largest].cold.peakKiB / 1024).toFixed(0)} MiB, validate ${(results.validate.peakKiB / 1024).toFixed(0)} MiB (target < 300 MiB)`);

// (g) watch: save a file, time until its output is rewritten (as the watcher itself reports it, and from outside).
results.watch = await measureWatch();
console.log(`(g) watch re-render after a save    median ${results.watch.reportedMs} ms reported, ${results.watch.observedMs} ms from save to new output (target <= 50)`);

mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(ROOT, `bench/results/${results.date.replace(/[:.]/g, "-")}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log("written to bench/results/latest.json");

async function measureWatch() {
  const dir = join(WORK, "watch");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "in"), { recursive: true });
  cpSync(join(ROOT, "assessments/mines/cambodia.yaml"), join(dir, "in/cambodia.yaml"));
  const child = spawn(process.execPath, [ASSESS, "watch", join(dir, "in"), "--out-dir", join(dir, "out"), "--format", "html"], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const until = async (check) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  await until(() => log.includes("watching"));
  const reported = [];
  const observed = [];
  const file = join(dir, "in/cambodia.yaml");
  const output = join(dir, "out/cambodia.html");
  for (let i = 0; i < 15; i++) {
    const before = log.length;
    const text = readFileSync(file, "utf8").replace(/programme: Cambodia.*/, `programme: Cambodia ${i}`);
    const saved = performance.now();
    writeFileSync(file, text);
    await until(() => readFileSync(output, "utf8").includes(`Cambodia ${i}`));
    observed.push(performance.now() - saved);
    await until(() => /rendered .* in (\d+) ms/.test(log.slice(before)));
    reported.push(Number(/rendered .* in (\d+) ms/.exec(log.slice(before))[1]));
  }
  child.kill("SIGINT");
  // The watcher waits 30 ms for a save's events to settle before rendering; "observed" includes that wait.
  return { reportedMs: median(reported), observedMs: Math.round(median(observed)), settleMs: 30 };
}
