import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { cacheKey, filesFingerprint, templatesFingerprint } from "../load/cache.js";
import { bundledCriteriaDir, displayPath, packageRoot } from "../load/paths.js";
import { readSource, readTextBytes } from "../load/read-source.js";
import { templateFolders } from "../load/template-files.js";
import { walkFiles } from "../load/walk-files.js";
import type { AssessmentFormat } from "../render/render-assessment.js";
import { makeFolders, OutputError, ProtectedFiles, writeOutput } from "../write/write-output.js";
import { byteOrderMarkRefused, protectedInputs, type SourceOptions } from "./output-options.js";
import { renderTask } from "./render-task.js";
import { TaskContext } from "./task-context.js";
import { taskResult, usageProblem, type TaskResult } from "./task-result.js";
import { plural } from "./wording.js";

export interface BatchOptions {
  outDir: string;
  format?: AssessmentFormat;
  years?: number[];
  /** CSV files start with a UTF-8 byte-order mark, for spreadsheets, unless this is false. */
  bom?: boolean;
}

/** One batch render: every file to `outDir/<name>.<format>`. Plain data, so that it can be sent to a worker. */
export interface BatchJob extends SourceOptions {
  files: string[];
  /** Every file the run reads (all inputs, not only a share's, frameworks, templates): no output may replace one. */
  protected: string[];
  outDir: string;
  format: AssessmentFormat;
  years?: number[];
  bom?: boolean;
}

/** What rendering a share of a batch did: plain data, so that a worker can send it back. */
export interface BatchShare {
  written: number;
  /** Files whose content, frameworks, templates and options were all as at the last run: nothing to do. */
  unchanged: number;
  /** Inputs that could not be rendered (their diagnostics say why). */
  failed: string[];
  /** Inputs whose output could not be written, and why. */
  unwritable: { file: string; message: string }[];
  /** The problems of each file, in file order (replayed from the manifest for unchanged files). */
  diagnostics: Diagnostic[];
  /** The text of each file a diagnostic points into. */
  sources: [string, string][];
  /** The cache entries of this share's files, for the manifest. */
  entries: Record<string, CacheEntry>;
  /** A template that cannot be used stops the batch: its diagnostic. */
  templateProblem?: Diagnostic;
}

interface CacheEntry {
  /** SHA-256 of the input's bytes. */
  hash: string;
  output: string;
  /** SHA-256 of the output's bytes as written: an output changed since (by anything) is rendered again. */
  outputHash: string;
  diagnostics: Diagnostic[];
  sources: [string, string][];
}

interface CacheManifest {
  fingerprint: string;
  entries: Record<string, CacheEntry>;
}

/** The cache sits beside the outputs it describes. */
const MANIFEST = ".assess-cache.json";

/**
 * `assess render --out-dir`: every assessment under `paths` into `outDir`, one file each, on every core for a large
 * batch. Unlike the other tasks, it writes its outputs itself, each atomically as it is rendered (a batch of ten
 * thousand is not held in memory), and keeps a manifest beside them so that a file unchanged since the last run,
 * whose output still holds what was written, is not rendered again. A bad file is reported and skipped; the others
 * are still written.
 */
export async function renderBatchTask(paths: readonly string[], options: BatchOptions, context: TaskContext): Promise<TaskResult> {
  const format = options.format ?? "md";
  const bomRefused = byteOrderMarkRefused(format, options.bom);
  if (bomRefused) return usageProblem(bomRefused);
  const walked = walkFiles(paths.map(displayPath));
  const frameworks = await context.frameworks();
  const diagnostics = [...walked.diagnostics, ...frameworks.diagnostics];
  const sources = new Map(frameworks.sources);
  const unreadable = walked.diagnostics.filter((d) => d.severity === "error").map((d) => d.file);
  try {
    makeFolders(options.outDir);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    return taskResult({ diagnostics, sources, notes: [`assess: error: ${error.message}`], unwritten: [options.outDir] });
  }
  // Two inputs of the same name in different folders would write one output: both are refused, neither rendered.
  const job: BatchJob = {
    ...context.options,
    files: walked.files,
    protected: protectedInputs(context.options, walked.files),
    outDir: options.outDir,
    format,
    ...(options.years && { years: options.years }),
    ...(options.bom !== undefined && { bom: options.bom }),
  };
  const byOutput = new Map<string, string[]>();
  for (const file of job.files) byOutput.set(outputPath(job, file), [...(byOutput.get(outputPath(job, file)) ?? []), file]);
  const clashes = [...byOutput].filter(([, files]) => files.length > 1);
  const clashing = new Set(clashes.flatMap(([, files]) => files));
  for (const [output, files] of clashes) {
    diagnostics.push(diagnostic("output-clash", `${files.join(" and ")} would both be written to ${output}; render them into different folders`, { file: files[0]! }));
  }
  const share = await renderShares({ ...job, files: job.files.filter((file) => !clashing.has(file)) }, context);
  for (const d of share.diagnostics) diagnostics.push(d);
  for (const [file, text] of share.sources) sources.set(file, text);
  if (share.templateProblem) return taskResult({ diagnostics: [...diagnostics, share.templateProblem], sources, inputs: job.files });
  const failed = [...unreadable, ...clashing, ...share.failed, ...share.unwritable.map((u) => u.file)];
  const total = walked.files.length + unreadable.length;
  const unchanged = share.unchanged ? ` (${share.unchanged} unchanged since the last run)` : "";
  const notes = [
    ...share.unwritable.map((u) => `assess: error: ${u.message}`),
    `rendered ${share.written + share.unchanged} of ${plural(total, "assessment")} into ${options.outDir}${unchanged}${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
  ];
  const manifestProblem = writeManifest(job, share);
  if (manifestProblem) notes.push(`assess: error: ${manifestProblem} (the record of what was rendered; the next run renders everything again)`);
  return taskResult({
    diagnostics,
    sources,
    notes,
    inputs: job.files,
    ...((share.unwritable.length > 0 || manifestProblem) && { unwritten: [...share.unwritable.map((u) => u.file), ...(manifestProblem ? [join(options.outDir, MANIFEST)] : [])] }),
  });
}

/**
 * Everything besides an input that shapes its output: the build of this tool, the working folder (messages name
 * files relative to it), every framework and template file, the format, the years and the byte-order mark. When it changes, every file
 * is rendered again.
 */
function fingerprint(job: BatchJob): string {
  return cacheKey(
    "batch",
    JSON.stringify({ format: job.format, years: job.years ?? null, bom: job.bom ?? null }),
    filesFingerprint([job.criteria ?? bundledCriteriaDir()]),
    templatesFingerprint(templateFolders(job.templates)),
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

/** Writes the manifest of what was rendered; why it could not be, or undefined. */
function writeManifest(job: BatchJob, share: BatchShare): string | undefined {
  try {
    writeOutput(join(job.outDir, MANIFEST), `${JSON.stringify({ fingerprint: fingerprint(job), entries: share.entries } satisfies CacheManifest)}\n`, job.protected);
    return undefined;
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    return error.message;
  }
}

const sha256 = (bytes: string | Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The hash of a file's bytes, or "" when it is not there (or not a regular file within the size limit). */
function hashOfFile(file: string): string {
  const read = readTextBytes(file);
  return read.bytes ? sha256(read.bytes) : "";
}

/** Where a batch writes a file's output: OUT_DIR/<name>.<format>. */
export function outputPath(job: Pick<BatchJob, "outDir" | "format">, file: string): string {
  return join(job.outDir, `${basename(file).replace(/\.ya?ml$/i, "")}.${job.format}`);
}

/**
 * Renders a share of a batch in this thread, through the render task, and writes each output. A file whose bytes
 * hash as at the last run, with the same fingerprint and its output still holding the bytes that run wrote, is not
 * parsed again; its diagnostics are replayed.
 */
export async function renderShare(job: BatchJob, cached: Record<string, CacheEntry>, context: TaskContext): Promise<BatchShare> {
  await context.frameworks();
  const protectedFiles = new ProtectedFiles(job.protected);
  const share: BatchShare = { written: 0, unchanged: 0, failed: [], unwritable: [], diagnostics: [], sources: [], entries: {} };
  for (const file of job.files) {
    const output = outputPath(job, file);
    // Read once: the text hashed for the manifest is the text checked and rendered.
    const read = readSource(file);
    const hash = read.source ? sha256(read.source.text) : "";
    const key = resolve(file);
    const previous = Object.hasOwn(cached, key) ? cached[key] : undefined;
    if (hash && previous && previous.hash === hash && previous.output === output && previous.outputHash === hashOfFile(output)) {
      share.unchanged++;
      for (const d of previous.diagnostics) share.diagnostics.push(d);
      for (const source of previous.sources) share.sources.push(source);
      share.entries[key] = previous;
      continue;
    }
    // Written to a file: a CSV gets its byte-order mark unless the job says not to.
    const bom = job.format === "csv" ? { bom: job.bom ?? true } : {};
    const result = await renderTask(file, { format: job.format, ...bom, ...(job.years && { years: job.years }) }, context, read);
    const templateProblem = result.diagnostics.find((d) => d.code === "template-error" || d.code === "template-missing");
    if (templateProblem) return { ...share, templateProblem };
    const found = [...result.diagnostics];
    if (result.usage) found.push(diagnostic("missing-year", result.usage, { file }));
    const sources = [...result.sources].filter(([path]) => found.some((d) => d.file === path));
    for (const d of found) share.diagnostics.push(d);
    for (const source of sources) share.sources.push(source);
    if (result.usage || hasErrors(found)) {
      share.failed.push(file);
      continue;
    }
    try {
      writeOutput(output, result.stdout, protectedFiles);
      share.written++;
      if (hash) share.entries[key] = { hash, output, outputHash: sha256(result.stdout), diagnostics: found, sources };
    } catch (error) {
      if (!(error instanceof OutputError)) throw error;
      share.unwritable.push({ file, message: error.message });
    }
  }
  return share;
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
 * Renders a batch, on every core when it is large: the files are shared out to worker threads, each of which reads,
 * checks, renders and writes its share (parsing is most of the work, and it is independent per file).
 */
async function renderShares(job: BatchJob, context: TaskContext): Promise<BatchShare> {
  const cached = readManifest(job.outDir, fingerprint(job));
  const script = workerScript();
  const threads = Math.min(availableParallelism(), Math.ceil(job.files.length / PARALLEL_FROM));
  if (!script || threads < 2) return renderShare(job, cached, context);
  // Contiguous shares, so that the diagnostics, joined in share order, stay in file order.
  const size = Math.ceil(job.files.length / threads);
  const shares = Array.from({ length: threads }, (_, i) => job.files.slice(i * size, (i + 1) * size));
  const results = await Promise.all(
    shares.map(
      (files) =>
        new Promise<BatchShare>((resolveShare, reject) => {
          // A smaller young generation than V8's default: each file's garbage is short-lived, and with three heaps in
          // one process the default let a 10,000-file batch peak near 300 MiB (now about 235), at no cost in time.
          const worker = new Worker(script, { workerData: { job: { ...job, files }, cached }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
          worker.once("message", resolveShare);
          worker.once("error", reject);
          worker.once("exit", (code) => reject(new Error(`a render worker stopped (exit code ${code}) before it finished`)));
        }),
    ),
  );
  return {
    written: results.reduce((n, r) => n + r.written, 0),
    unchanged: results.reduce((n, r) => n + r.unchanged, 0),
    failed: results.flatMap((r) => r.failed),
    unwritable: results.flatMap((r) => r.unwritable),
    diagnostics: results.flatMap((r) => r.diagnostics),
    sources: results.flatMap((r) => r.sources),
    entries: Object.fromEntries(results.flatMap((r) => Object.entries(r.entries))),
    ...(results.find((r) => r.templateProblem) && { templateProblem: results.find((r) => r.templateProblem)!.templateProblem! }),
  };
}

/** What a worker thread runs: its share of a batch, with a context of its own. */
export function renderWorkerShare(job: BatchJob, cached: Record<string, CacheEntry>): Promise<BatchShare> {
  return renderShare(job, cached, new TaskContext({ ...(job.criteria && { criteria: job.criteria }), ...(job.templates && { templates: job.templates }) }));
}
