// npm run bench: measures the targets of the Performance section of the README, in one run, and prints ratios.
// Not part of npm test: timings belong to a benchmark, never to unit tests.
//
//   (a) node -e 0, Node's floor               (b) assess score on Cambodia, a fresh process
//   (c) assess render on Cambodia             (d) assess render --out-dir over 100, 1,000 and 10,000 programmes,
//   (e) assess validate over the largest corpus   cold and again with nothing changed
//   (f) peak memory of (d) and (e)            (g) a watch re-render after one file is saved
//   (h) serve: a save on disk to the open page showing it (in Debian's Chromium, through playwright-core)
//   (i) serve: an edit in the page to the file written      (j) serve: memory with the whole record open
//
// Medians of several repetitions (31 for start-up, interleaved). The corpus is deterministic (bench/corpus.mjs,
// fixed seed). Results go to bench/results/latest.json (and a dated copy) so runs can be compared.
// BENCH_SIZES=100,1000 runs fewer sizes; BENCH_ONLY=serve runs (h) to (j) alone.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
if (process.env.BENCH_ONLY === "serve") {
  // Printed, not saved: bench/results/latest.json holds whole runs only.
  results.serve = await measureServe();
  printServe(results.serve);
  process.exit(0);
}
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

// (h), (i), (j): the workspace, driven in a real browser as a person would use it.
results.serve = await measureServe();
printServe(results.serve);

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

/**
 * CPU time (user and system, ms) used so far by the processes under `root` (Linux /proc), finished children
 * included, and by `root` itself unless `self` is false: what a measure cost the machine, whatever else the
 * machine was doing meanwhile.
 */
function cpuMs(root, { self = true } = {}) {
  const ticks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
  const processes = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      processes.push({ pid: Number(entry), ppid: Number(fields[1]), ticks: [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) });
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = Boolean(tree.add(p.pid));
  }
  if (!self) tree.delete(root);
  return processes.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + (p.ticks * 1000) / ticks, 0);
}

function printServe(serve) {
  if (serve.skipped) return console.log(`(h) serve                            skipped: ${serve.skipped}`);
  const met = (ms, target) => `(target <= ${target}: ${ms <= target ? "met" : "NOT met"})`;
  console.log(`(h) serve: a save to the open page   median ${serve.saveToPageMs} ms ${met(serve.saveToPageMs, 100)}; runs ${serve.saveToPageRuns.join(" ")}`);
  console.log(`    CPU a save costs                  ${serve.saveCpuMs.server} ms in the server, ${serve.saveCpuMs.browser} ms in Chromium; the machine's load meanwhile ${serve.load}`);
  console.log(`(i) serve: an edit to the file       median ${serve.editToFileMs} ms ${met(serve.editToFileMs, 50)}; runs ${serve.editToFileRuns.join(" ")}`);
  console.log(`(j) serve: the whole record open     ${serve.memory.rssMiB} MiB resident, peak ${serve.memory.peakMiB} MiB (${serve.memory.programmes} programmes: ${serve.memory.pages} pages and outputs served, ${serve.memory.streams} pages' live streams open)`);
}

async function measureServe() {
  const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser", process.env.CHROMIUM_PATH].find((path) => path && existsSync(path));
  if (!chromiumPath) return { skipped: "no Chromium (install Debian's chromium package)" };
  const { chromium } = await import("playwright-core");
  const dir = join(WORK, "serve");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(ROOT, "assessments"), dir, { recursive: true });
  const child = spawn(process.execPath, [ASSESS, "serve", dir, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  while (!/at (http:\S+) /.test(log)) await new Promise((resolve) => setTimeout(resolve, 10));
  const url = /at (http:\S+) /.exec(log)[1];
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const file = join(dir, "mines/cambodia.yaml");
    const original = readFileSync(file, "utf8");
    // Loaded: its frames show their outputs and its stream of live updates is open.
    const framesLoaded = () =>
      page.waitForFunction(
        () => document.body.dataset.live === "open" && [...document.querySelectorAll("iframe")].every((f) => f.contentDocument?.readyState === "complete" && f.contentDocument.body?.childElementCount > 0),
      );
    await page.goto(`${url}programme/mines/cambodia.yaml`);
    await framesLoaded();
    const nextUpdate = () => page.evaluate(() => (window.benchUpdated = new Promise((resolve) => document.addEventListener("workspace:updated", () => resolve(performance.timeOrigin + performance.now()), { once: true }))) && true);

    // (h) From the save (the write of the file) to the open page showing it: its parts replaced and the outputs it
    // frames (table, comparison, history) made again, as the page's own "updated" event says.
    const saveToPage = [];
    // The server's process, and Chromium's (the bench's own children but the server, the bench itself left out;
    // what driving the page costs Chromium is in it).
    const cpu = () => ({ server: cpuMs(child.pid), browser: cpuMs(process.pid, { self: false }) - cpuMs(child.pid) });
    const cpuBefore = cpu();
    for (let i = 0; i < 15; i++) {
      await nextUpdate();
      const text = original.replace(/programme: Cambodia.*/, `programme: Cambodia ${i}`);
      const saved = performance.timeOrigin + performance.now();
      writeFileSync(file, text);
      const shown = await page.evaluate(() => window.benchUpdated);
      saveToPage.push(shown - saved);
      if ((await page.locator("#title").textContent()) !== `Cambodia ${i}`) throw new Error("the page does not show the save");
      if ((await page.frameLocator("#table-frame").locator("h1").textContent()) !== `Cambodia ${i}`) throw new Error("the table does not show the save");
    }
    const cpuAfter = cpu();
    const perSave = (key) => Math.round((cpuAfter[key] - cpuBefore[key]) / saveToPage.length);
    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    writeFileSync(file, original);
    await page.reload();
    await framesLoaded();

    // (i) From the editor's submit to the file written (the server answers once it is on disk), then waiting for
    // the page to settle before the next.
    const editToFile = [];
    for (let i = 0; i < 15; i++) {
      const score = String(i % 2 === 0 ? 8 : 7);
      await page.fill("#score-land-release-outputs", score);
      await nextUpdate();
      editToFile.push(
        await page.evaluate(async () => {
          const form = document.getElementById("editor");
          const status = document.getElementById("edit-status");
          const started = performance.now();
          const saved = new Promise((resolve) => {
            const observer = new MutationObserver(() => {
              if (status.textContent.startsWith("Saved")) {
                observer.disconnect();
                resolve();
              }
            });
            observer.observe(status, { childList: true, subtree: true, characterData: true });
          });
          form.requestSubmit();
          await saved;
          return performance.now() - started;
        }),
      );
      if (readFileSync(file, "utf8").split("\n")[56] !== `        score: ${score}`) throw new Error("the edit did not reach the file");
      await page.evaluate(() => window.benchUpdated);
    }
    writeFileSync(file, original);

    // (j) The whole record open: every programme's page served with its outputs, and its stream of live updates
    // held open as an open page holds it; the home page, the problems and every edition report served; then the
    // server's resident memory (and its peak over the whole run, edits included).
    const home = await (await fetch(url)).text();
    const names = [...home.matchAll(/href="\/programme\/([^"]+)"/g)].map((m) => m[1]);
    const years = [...new Set([...home.matchAll(/href="\/report\/(\d{4})"/g)].map((m) => m[1]))];
    const streams = [];
    let pages = 2;
    await (await fetch(`${url}problems`)).text();
    for (const name of names) {
      const html = await (await fetch(`${url}programme/${name}`)).text();
      streams.push(await fetch(`${url}events`));
      pages++;
      for (const [, src] of html.matchAll(/<iframe [^>]*?src="([^"]+)"/g)) {
        await (await fetch(new URL(src.replace(/&amp;/g, "&").replace(/&#x3D;/g, "="), url))).text();
        pages++;
      }
    }
    for (const year of years) {
      await (await fetch(`${url}report/${year}`)).text();
      pages++;
    }
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    for (const stream of streams) await stream.body.cancel();
    const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
    return {
      saveToPageMs: Math.round(median(saveToPage)),
      saveToPageRuns: saveToPage.map(Math.round),
      saveCpuMs: { server: perSave("server"), browser: perSave("browser") },
      load,
      editToFileMs: Math.round(median(editToFile)),
      editToFileRuns: editToFile.map(Math.round),
      memory: { rssMiB: Math.round(kib("VmRSS") / 1024), peakMiB: Math.round(kib("VmHWM") / 1024), pages, programmes: names.length, streams: streams.length },
    };
  } finally {
    await browser.close();
    child.kill("SIGINT");
  }
}
