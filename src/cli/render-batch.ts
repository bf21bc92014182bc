import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { cacheKey, filesFingerprint } from "../load/cache.js";
import { TEMPLATE_FILE } from "../load/walk-files.js";
import { loadAssessment, loadFrameworks } from "../load/load-files.js";
import { readSource, readTextBytes } from "../load/read-source.js";
import type { FrameworkSet } from "../validate/validate-frameworks.js";
import { bundledCriteriaDir, bundledTemplatesDir, packageRoot } from "../paths.js";
import { defaultYears, renderAssessment, type AssessmentFormat } from "../render/render-assessment.js";
import { TemplateError, Templates } from "../render/templates.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { OutputError, writeOutput } from "./write-output.js";

/** One batch render: every file to `outDir/<name>.<format>`. Plain data, so that it can be sent to a worker. */
export interface BatchJob {
  files: string[];
  outDir: string;
  format: AssessmentFormat;
  years?: number[];
  templates?: string;
  criteria?: string;
}

export interface BatchResult {
  written: number;
  /** Files whose content, frameworks, templates and options were all as at the last run: nothing to do. */
  unchanged: number;
  failed: string[];
  /** Files whose output could not be written (exit code 3 rather than 1). */
  unwritable: string[];
  /** What to print, in file order: diagnostics, warnings (also replayed for unchanged files). */
  messages: string;
  /** The manifest of what was rendered could not be written (the outputs were): why. */
  manifestError?: string;
  /** A broken template stops the batch; its diagnostic, printed. */
  templateError?: string;
  /** The cache entries of this job's files, for the manifest. */
  entries: Record<string, CacheEntry>;
}

interface CacheEntry {
  /** SHA-256 of the input's bytes. */
  hash: string;
  output: string;
  /** SHA-256 of the output's bytes as written: an output changed since (by anything) is rendered again. */
  outputHash: string;
  messages: string;
}

interface CacheManifest {
  fingerprint: string;
  entries: Record<string, CacheEntry>;
}

/** The cache sits beside the outputs it describes. */
const MANIFEST = ".assess-cache.json";

/**
 * Everything besides an input that shapes its output: the build of this tool, the working folder (messages name
 * files relative to it), every framework and template file, the format and the years. When it changes, every file
 * is rendered again.
 */
function fingerprint(job: BatchJob): string {
  return cacheKey(
    "batch",
    JSON.stringify({ format: job.format, years: job.years ?? null }),
    filesFingerprint([job.criteria ?? bundledCriteriaDir()]),
    job.templates ? filesFingerprint([job.templates], TEMPLATE_FILE) : "",
    filesFingerprint([bundledTemplatesDir()], TEMPLATE_FILE),
  );
}

function readManifest(outDir: string, expected: string): Record<string, CacheEntry> {
  try {
    const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST), "utf8")) as CacheManifest;
    return manifest.fingerprint === expected ? manifest.entries : {};
  } catch {
    return {}; // no cache, or one that cannot be read: render everything
  }
}

const sha256 = (bytes: string | Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The hash of a file's bytes, or "" when it is not there (or not a regular file within the size limit). */
function hashOfFile(file: string): string {
  const read = readTextBytes(file);
  return read.bytes ? sha256(read.bytes) : "";
}

/**
 * Renders a share of a batch in this thread. A file whose bytes hash as at the last run, with the same
 * fingerprint and its output still holding the bytes that run wrote, is not parsed again; its messages are replayed.
 */
export function renderFiles(job: BatchJob, cached: Record<string, CacheEntry>, preloaded?: FrameworkSet): BatchResult {
  const loadOptions = job.criteria ? { criteriaDir: job.criteria } : {};
  const frameworks = preloaded ?? loadFrameworks(loadOptions);
  const templates = new Templates(job.templates);
  const result: BatchResult = { written: 0, unchanged: 0, failed: [], unwritable: [], messages: "", entries: {} };
  for (const file of job.files) {
    const output = outputPath(job, file);
    // Read once: the text hashed for the manifest is the text checked and rendered.
    const read = readSource(file);
    const hash = read.source ? sha256(read.source.text) : "";
    const key = resolve(file);
    const previous = Object.hasOwn(cached, key) ? cached[key] : undefined;
    if (hash && previous && previous.hash === hash && previous.output === output && previous.outputHash === hashOfFile(output)) {
      result.unchanged++;
      result.messages += previous.messages;
      result.entries[key] = previous;
      continue;
    }
    const loaded = loadAssessment(file, loadOptions, frameworks, read);
    let messages = formatDiagnostics(loaded.diagnostics, loaded.sources);
    const assessment = loaded.assessment;
    const years = assessment && (job.years ?? defaultYears(assessment));
    const missing = assessment ? years!.filter((year) => !assessment.years.some((y) => y.year === year)) : [];
    if (!assessment || missing.length > 0) {
      if (missing.length > 0) messages += `${file}: ${assessment!.programme} has no year ${missing.join(", ")}\n`;
      result.messages += messages;
      result.failed.push(file);
      continue;
    }
    try {
      const text = renderAssessment(assessment, { years: years!, format: job.format, templates, frameworks: frameworks.byId });
      writeOutput(output, text, [file]);
      result.written++;
      if (hash) result.entries[key] = { hash, output, outputHash: sha256(text), messages };
    } catch (error) {
      if (error instanceof TemplateError) return { ...result, templateError: formatDiagnostics([error.diagnostic]) };
      messages += `assess: error: ${error instanceof OutputError ? error.message : (error as Error).message}\n`;
      result.unwritable.push(file);
    }
    result.messages += messages;
  }
  return result;
}

/** Where a batch writes a file's output: OUT_DIR/<name>.<format>. */
export function outputPath(job: Pick<BatchJob, "outDir" | "format">, file: string): string {
  return join(job.outDir, `${basename(file).replace(/\.ya?ml$/i, "")}.${job.format}`);
}

/**
 * The worker script of the built package (dist/render-worker.js, whichever chunk this module was bundled into);
 * none when running from TypeScript sources, where a batch runs in one thread. A built package without it is
 * broken, and says so rather than quietly using one core.
 */
function workerScript(): string | undefined {
  if (!fileURLToPath(import.meta.url).endsWith(".js")) return undefined;
  const script = join(packageRoot(), "dist", "render-worker.js");
  if (!existsSync(script)) throw new Error(`${script} is missing: the package is incomplete, install it again`);
  return script;
}

/** Below this many files a second thread costs more than it saves. */
const PARALLEL_FROM = 64;

/**
 * Renders a batch, on every core when it is large: the files are shared out to worker threads, each of
 * which reads, checks and renders its share (parsing is most of the work, and it is independent per file). The
 * manifest of what was rendered is written last, atomically.
 */
export async function renderBatchFiles(
  job: BatchJob,
  /** The frameworks the caller loaded already, used when the batch runs in this thread (workers load their own). */
  frameworks?: FrameworkSet,
): Promise<BatchResult> {
  // Two inputs of the same name in different folders would write one output: both are refused, neither rendered.
  const byOutput = new Map<string, string[]>();
  for (const file of job.files) byOutput.set(outputPath(job, file), [...(byOutput.get(outputPath(job, file)) ?? []), file]);
  const clashing = new Set([...byOutput.values()].filter((files) => files.length > 1).flat());
  const clashMessages = [...byOutput].filter(([, files]) => files.length > 1).map(([output, files]) => `assess: error: ${files.join(" and ")} would both be written to ${output}; render them into different folders\n`);
  job = { ...job, files: job.files.filter((file) => !clashing.has(file)) };
  const print = fingerprint(job);
  const cached = readManifest(job.outDir, print);
  const script = workerScript();
  const threads = Math.min(availableParallelism(), Math.ceil(job.files.length / PARALLEL_FROM));
  let results: BatchResult[];
  if (!script || threads < 2) {
    results = [renderFiles(job, cached, frameworks)];
  } else {
    // Contiguous shares, so that the messages, joined in share order, stay in file order.
    const size = Math.ceil(job.files.length / threads);
    const shares = Array.from({ length: threads }, (_, i) => job.files.slice(i * size, (i + 1) * size));
    results = await Promise.all(
      shares.map(
        (files) =>
          new Promise<BatchResult>((resolveShare, reject) => {
            // A smaller young generation than V8's default: each file's garbage is short-lived, and with three
            // heaps in one process the default let a 10,000-file batch peak near 300 MiB (now about 235), at no
            // measurable cost in time.
            const worker = new Worker(script, { workerData: { job: { ...job, files }, cached }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
            worker.once("message", resolveShare);
            worker.once("error", reject);
            worker.once("exit", (code) => reject(new Error(`a render worker stopped (exit code ${code}) before it finished`)));
          }),
      ),
    );
  }
  const merged: BatchResult = {
    written: results.reduce((n, r) => n + r.written, 0),
    unchanged: results.reduce((n, r) => n + r.unchanged, 0),
    failed: [...clashing, ...results.flatMap((r) => r.failed)],
    unwritable: results.flatMap((r) => r.unwritable),
    messages: clashMessages.join("") + results.map((r) => r.messages).join(""),
    entries: Object.assign({}, ...results.map((r) => r.entries)),
    ...(results.find((r) => r.templateError) && { templateError: results.find((r) => r.templateError)!.templateError! }),
  };
  try {
    writeOutput(join(job.outDir, MANIFEST), `${JSON.stringify({ fingerprint: print, entries: merged.entries } satisfies CacheManifest)}\n`, []);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    // The outputs are written; only the record of them is not, so the next run renders everything again.
    return { ...merged, manifestError: error.message };
  }
  return merged;
}
