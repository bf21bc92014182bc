import { existsSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { TEMPLATE_FILE, walkFiles } from "../load/walk-files.js";
import { loadAssessmentCached } from "../load/load-cached.js";
import type { LoadOptions } from "../load/load-files.js";
import { readSource } from "../load/read-source.js";
import type { Assessment } from "../model.js";
import { bundledCriteriaDir, bundledTemplatesDir, displayPath, packageRoot } from "../paths.js";
import { defaultYears, renderAssessment, type AssessmentFormat } from "../render/render-assessment.js";
import { compareAssessmentYears, renderComparison, type ComparisonFormat } from "../render/render-comparison.js";
import { HISTORY_FORMATS, renderHistory, type HistoryFormat } from "../render/render-history.js";
import { latestYear, renderReport, REPORT_FORMATS, type ReportFormat } from "../render/render-report.js";
import { renderScores, type ScoreFormat } from "../render/render-scores.js";
import { buildWhatIfView, renderWhatIf, type Weighting, type WhatIfFormat } from "../render/render-what-if.js";
import { TemplateError, Templates } from "../render/templates.js";
import { parseWeights } from "../score/reweigh.js";
import { scoreAssessment } from "../score/score-assessment.js";
import { didYouMean } from "../validate/suggest.js";
import type { FrameworkSet } from "../validate/validate-frameworks.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import { formatDiagnostics, plural, summariseCounts } from "./format-diagnostics.js";
import { makeFolders, OutputError, refuseInputAsOutput, writeOutput } from "./write-output.js";

/*
 * The YAML parser and zod are loaded only when a command needs them (import() below): a command whose input the
 * content cache already knows starts without them, which is most of its start-up time.
 */
const loaders = () => import("../load/load-files.js");

/** Where a command's text goes. The CLI passes the process's streams; tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A mistake on the command line, reported as `assess: error: …` with exit code 2. */
export class UsageError extends Error {}

export interface CommonOptions {
  criteria?: string;
}

const loadOptions = (options: CommonOptions): LoadOptions => (options.criteria ? { criteriaDir: options.criteria } : {});

export async function validateCommand(paths: string[], options: CommonOptions & { strict?: boolean }, io: Io): Promise<ExitCode> {
  const result = (await loaders()).validateFiles(paths, loadOptions(options));
  io.stderr(formatDiagnostics(result.diagnostics, result.sources));
  const failed = result.files.filter((file) => file.errors > 0);
  const kinds = (kind: string) => result.files.filter((file) => file.kind === kind).length;
  const checked = `${plural(result.files.length, "file")} checked (${plural(kinds("assessment"), "assessment")}, ${plural(kinds("framework"), "framework")})`;
  const outcome = result.diagnostics.length === 0 ? "no problems" : summariseCounts(result.diagnostics);
  io.stderr(`${checked}: ${outcome}${failed.length ? `; with errors: ${failed.map((f) => f.file).join(", ")}` : ""}\n`);
  return exitCodeFor(result.diagnostics, options.strict);
}

/** Loads an assessment, printing its diagnostics; undefined when it has errors. */
async function loadOrReport(file: string, options: CommonOptions, io: Io): Promise<{ assessment?: Assessment; diagnostics: Diagnostic[]; frameworks: FrameworkSet }> {
  const result = await loadAssessmentCached(file, loadOptions(options));
  io.stderr(formatDiagnostics(result.diagnostics, result.sources));
  return result;
}

export async function scoreCommand(file: string, options: CommonOptions & { year?: number; format: ScoreFormat; templates?: string }, io: Io): Promise<ExitCode> {
  const { assessment, diagnostics } = await loadOrReport(file, options, io);
  if (!assessment) return exitCodeFor(diagnostics);
  if (options.year !== undefined) requireYears(assessment, [options.year]);
  const { report, scores } = scoreAssessment(assessment, diagnostics, options.year);
  return withTemplateErrors(io, () => {
    io.stdout(renderScores(report, scores, { format: options.format, templates: new Templates(options.templates) }));
    return ExitCode.ok;
  });
}

type RenderOptions = CommonOptions & { years?: number[]; format?: AssessmentFormat; templates?: string; output?: string; outDir?: string };

export async function renderCommand(paths: string[], options: RenderOptions, io: Io): Promise<ExitCode> {
  if (options.outDir !== undefined) return renderBatch(paths, options.outDir, options, io);
  if (paths.length > 1) throw new UsageError("to render several assessments, give --out-dir DIR (each is written to DIR/<name>.<format>)");
  const file = paths[0]!;
  refuseAsOutput(options.output, protectedInputs(options, [file]));
  const format = options.format ?? formatFromExtension(options.output) ?? "md";
  const { assessment, diagnostics, frameworks } = await loadOrReport(file, options, io);
  if (!assessment) return exitCodeFor(diagnostics);
  const years = options.years ?? defaultYears(assessment);
  requireYears(assessment, years);
  return withTemplateErrors(io, () => {
    const text = renderAssessment(assessment, { years, format, templates: new Templates(options.templates), frameworks: frameworks.byId });
    return emit(text, options.output, protectedInputs(options, [file]), io);
  });
}

/**
 * Renders every assessment under `paths` into `outDir`, one file each, on every core for a large batch. A bad file
 * is reported and skipped; the others are still written. Files unchanged since the last run into the same folder
 * are not parsed again. The summary names the ones that failed, and the exit code is 1 if any did.
 */
async function renderBatch(paths: string[], outDir: string, options: RenderOptions, io: Io): Promise<ExitCode> {
  if (options.output !== undefined) throw new UsageError("give either -o FILE (one assessment) or --out-dir DIR, not both");
  const format = options.format ?? "md";
  const walked = walkFiles(paths.map(displayPath));
  const { files } = walked;
  const unreadable = walked.diagnostics.filter((d) => d.severity === "error");
  const frameworks = (await loaders()).loadFrameworks(loadOptions(options));
  io.stderr(formatDiagnostics([...walked.diagnostics, ...frameworks.diagnostics], frameworks.sources));
  try {
    makeFolders(outDir);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    io.stderr(`assess: error: ${error.message}\n`);
    return ExitCode.outputFailed;
  }
  const { renderBatchFiles } = await import("./render-batch.js");
  const result = await renderBatchFiles({
    files,
    outDir,
    format,
    ...(options.years && { years: options.years }),
    ...(options.templates && { templates: options.templates }),
    ...(options.criteria && { criteria: options.criteria }),
  }, frameworks);
  io.stderr(result.messages);
  if (result.templateError) {
    io.stderr(result.templateError);
    return ExitCode.invalidInput;
  }
  const failed = [...unreadable.map((d) => d.file), ...result.failed, ...result.unwritable];
  const total = files.length + unreadable.length;
  const unchanged = result.unchanged ? ` (${result.unchanged} unchanged since the last run)` : "";
  io.stderr(`rendered ${result.written + result.unchanged} of ${plural(total, "assessment")} into ${outDir}${unchanged}${failed.length ? `; failed: ${failed.join(", ")}` : ""}\n`);
  if (result.manifestError) io.stderr(`assess: error: ${result.manifestError} (the outputs were written; the next run renders them all again)\n`);
  if (result.failed.length > 0 || unreadable.length > 0 || hasErrors(frameworks.diagnostics)) return ExitCode.invalidInput;
  return result.unwritable.length > 0 || result.manifestError ? ExitCode.outputFailed : ExitCode.ok;
}

export async function compareCommand(
  file: string,
  options: CommonOptions & { from?: number; to?: number; format: ComparisonFormat; templates?: string; output?: string },
  io: Io,
): Promise<ExitCode> {
  const { assessment, diagnostics, frameworks } = await loadOrReport(file, options, io);
  if (!assessment) return exitCodeFor(diagnostics);
  const to = options.to ?? assessment.years[0]!.year;
  // By default, the year on file just before `to` (years are newest first).
  const from = options.from ?? assessment.years.find((y) => y.year < to)?.year;
  if (from === undefined) throw new UsageError(`${assessment.programme} has no year before ${to} on file; there is nothing to compare it with (give --from)`);
  requireYears(assessment, [from, to]);
  return withTemplateErrors(io, () => {
    const comparison = compareAssessmentYears(assessment, from, to, frameworks.byId);
    const text = renderComparison(assessment, comparison, { format: options.format, templates: new Templates(options.templates) });
    return emit(text, options.output, protectedInputs(options, [file]), io);
  });
}

export async function importCommand(
  files: string[],
  options: CommonOptions & { year?: number; programme?: string; framework?: string; force?: boolean; source?: string; output?: string; into?: string; names?: string },
  io: Io,
): Promise<ExitCode> {
  if (options.into !== undefined) {
    if (options.output !== undefined) throw new UsageError("give either -o FILE (one assessment) or --into FOLDER (each table to its programme's file), not both");
    return (await import("./import-into.js")).importIntoCommand(files, { ...options, into: options.into }, io);
  }
  if (options.names !== undefined) throw new UsageError("--names routes tables to their programmes' files: use it with --into FOLDER");
  const [{ loadFrameworks }, { importTables }, { parseYaml }, { validateAssessment }] = await Promise.all([
    loaders(),
    import("../import/import-tables.js"),
    import("../parse/parse-yaml.js"),
    import("../validate/validate-assessment.js"),
  ]);
  const frameworks = loadFrameworks(loadOptions(options));
  const diagnostics: Diagnostic[] = [...frameworks.diagnostics];
  const inputs = files.flatMap((file) => {
    const { source, diagnostics: unreadable } = readSource(displayPath(file));
    diagnostics.push(...unreadable);
    return source ? [source] : [];
  });
  const output = options.output === undefined ? undefined : displayPath(options.output);
  let target;
  if (output !== undefined && existsSync(output)) {
    const read = readSource(output);
    diagnostics.push(...read.diagnostics);
    target = read.source;
  }
  if (hasErrors(diagnostics)) {
    io.stderr(formatDiagnostics(diagnostics, frameworks.sources));
    return ExitCode.invalidInput;
  }
  const result = importTables(inputs, [...frameworks.byId.values()], { ...options, frameworkId: options.framework }, target);
  const sources = new Map([...inputs, ...(target ? [target] : [])].map((s) => [s.file, s.text]));
  io.stderr(formatDiagnostics(result.diagnostics, sources));
  if (result.text === undefined) return ExitCode.invalidInput;
  // What is written must validate: a table can hold a score its framework does not allow.
  const written = parseYaml({ file: output ?? "(imported assessment)", text: result.text });
  const check = [...written.diagnostics, ...validateAssessment(written, frameworks).diagnostics];
  io.stderr(formatDiagnostics(check, new Map([[written.file, result.text]])));
  if (hasErrors(check)) {
    io.stderr("assess: nothing was written\n");
    return ExitCode.invalidInput;
  }
  for (const line of result.summary) io.stderr(`imported ${line}\n`);
  return emit(result.text, output, protectedInputs(options, files), io);
}

export async function historyCommand(file: string, options: CommonOptions & { format?: HistoryFormat; templates?: string; output?: string }, io: Io): Promise<ExitCode> {
  refuseAsOutput(options.output, protectedInputs(options, [file]));
  const format = options.format ?? (formatFromExtension(options.output) as HistoryFormat | undefined) ?? "md";
  if (!HISTORY_FORMATS.includes(format)) throw new UsageError(`history is written as ${HISTORY_FORMATS.join(", ")}, not ${format}`);
  const { assessment, diagnostics, frameworks } = await loadOrReport(file, options, io);
  if (!assessment) return exitCodeFor(diagnostics);
  return withTemplateErrors(io, () => {
    const text = renderHistory(assessment, frameworks.byId, { format, templates: new Templates(options.templates) });
    return emit(text, options.output, protectedInputs(options, [file]), io);
  });
}

export async function whatIfCommand(
  file: string,
  options: CommonOptions & { weights?: string; weightSet?: string; year?: number; format: WhatIfFormat; templates?: string },
  io: Io,
): Promise<ExitCode> {
  if ((options.weights === undefined) === (options.weightSet === undefined)) throw new UsageError("give either --weights id=percent,… or --weight-set NAME");
  let weighting: Weighting;
  try {
    weighting = options.weights !== undefined ? { kind: "weights", weights: parseWeights(options.weights) } : { kind: "set", id: options.weightSet! };
  } catch (error) {
    throw new UsageError(`--weights: ${(error as Error).message}`);
  }
  const { assessment, diagnostics } = await loadOrReport(file, options, io);
  if (!assessment) return exitCodeFor(diagnostics);
  if (options.year !== undefined) requireYears(assessment, [options.year]);
  const view = buildWhatIfView(assessment, weighting, options.year);
  if (view.years.every((y) => y.skipped)) throw new UsageError(`no year could be reweighed: ${[...new Set(view.years.map((y) => y.skipped))].join("; ")}`);
  return withTemplateErrors(io, () => {
    io.stdout(renderWhatIf(view, { format: options.format, templates: new Templates(options.templates) }));
    return ExitCode.ok;
  });
}

export async function initCommand(programme: string, options: CommonOptions & { framework: string; year?: number; output?: string }, io: Io): Promise<ExitCode> {
  if (programme.trim() === "") throw new UsageError("give the programme's name, e.g. assess init 'Sri Lanka' --framework ctm-2024");
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(programme)) {
    throw new UsageError("the programme's name must be one line of text, without line breaks, tabs or control characters");
  }
  const [{ loadFrameworks }, { renderNewAssessment }] = await Promise.all([loaders(), import("../render/render-new-assessment.js")]);
  const frameworks = loadFrameworks(loadOptions(options));
  io.stderr(formatDiagnostics(frameworks.diagnostics, frameworks.sources));
  const framework = frameworks.byId.get(options.framework);
  if (!framework) {
    const known = [...frameworks.byId.keys()].sort();
    throw new UsageError(`no framework with id '${options.framework}'${didYouMean(options.framework, known)} (known: ${known.join(", ")})`);
  }
  if (options.output !== undefined && existsSync(options.output)) {
    throw new UsageError(`${options.output} exists already; init never overwrites a file (add years to it with an editor or assess import)`);
  }
  // The assessed year is, by default, the one before this one: the year a report published now assesses.
  const year = options.year ?? new Date().getFullYear() - 1;
  const schema = join(packageRoot(), "schemas", "assessment.schema.json");
  const schemaPath = relative(options.output === undefined ? process.cwd() : dirname(resolve(options.output)), schema).split(sep).join("/");
  return emit(renderNewAssessment(programme, framework, year, schemaPath), options.output, protectedInputs(options, []), io);
}

/**
 * A report over every assessment in the given folders and files. Files with errors are reported and left out (the
 * exit code is then 1); the report is still written for the others.
 */
export async function reportCommand(
  paths: string[],
  options: CommonOptions & { year?: number; format?: ReportFormat; templates?: string; output?: string },
  io: Io,
): Promise<ExitCode> {
  const { loadAssessment, loadFrameworks } = await loaders();
  const inputs = paths.map(displayPath);
  refuseAsOutput(options.output, protectedInputs(options, inputs));
  const format = options.format ?? (formatFromExtension(options.output) as ReportFormat | undefined) ?? "html";
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`a report is written as ${REPORT_FORMATS.join(", ")}, not ${format}`);
  const walked = walkFiles(inputs);
  const { files } = walked;
  const unreadable = walked.diagnostics.filter((d) => d.severity === "error");
  const frameworks = loadFrameworks(loadOptions(options));
  io.stderr(formatDiagnostics([...walked.diagnostics, ...frameworks.diagnostics], frameworks.sources));
  const failed = unreadable.map((d) => d.file);
  const assessments: Assessment[] = [];
  for (const file of files) {
    const result = loadAssessment(file, loadOptions(options), frameworks);
    io.stderr(formatDiagnostics(result.diagnostics, result.sources));
    if (result.assessment) assessments.push(result.assessment);
    else failed.push(file);
  }
  const year = options.year ?? latestYear(assessments);
  if (year === undefined) {
    io.stderr("assess: error: no valid assessment to report on\n");
    return ExitCode.invalidInput;
  }
  if (!assessments.some((a) => a.years.some((y) => y.year === year))) throw new UsageError(`no assessment has a score for ${year}`);
  const code = withTemplateErrors(io, () => {
    const text = renderReport(assessments, year, frameworks.byId, { format, templates: new Templates(options.templates) });
    return emit(text, options.output, protectedInputs(options, files), io);
  });
  if (failed.length > 0) io.stderr(`left out for errors: ${failed.join(", ")}\n`);
  return code !== ExitCode.ok ? code : failed.length > 0 || hasErrors(frameworks.diagnostics) ? ExitCode.invalidInput : ExitCode.ok;
}

function requireYears(assessment: Assessment, years: readonly number[]): void {
  const missing = years.filter((year) => !assessment.years.some((y) => y.year === year));
  if (missing.length > 0) {
    const known = assessment.years.map((y) => y.year).join(", ");
    throw new UsageError(`${assessment.programme} has no ${missing.length === 1 ? "year" : "years"} ${missing.join(", ")}; its years are ${known}`);
  }
}

function emit(text: string, output: string | undefined, inputs: string[], io: Io): ExitCode {
  if (output === undefined) {
    io.stdout(text);
    return ExitCode.ok;
  }
  try {
    writeOutput(output, text, inputs);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    io.stderr(`assess: error: ${error.message}\n`);
    return error.reason === "is-input" ? ExitCode.usage : ExitCode.outputFailed;
  }
  io.stderr(`wrote ${output}\n`);
  return ExitCode.ok;
}

function withTemplateErrors(io: Io, run: () => ExitCode): ExitCode {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    io.stderr(formatDiagnostics([error.diagnostic]));
    return ExitCode.invalidInput;
  }
}

const EXTENSION_FORMATS: Record<string, AssessmentFormat> = { ".md": "md", ".html": "html", ".htm": "html", ".tsv": "tsv", ".csv": "csv", ".json": "json" };

/**
 * Every file a run may read, which its output must never replace: the inputs given, every framework file of the
 * criteria folder (or the file given as --criteria) and every template of the template folders. Listed only when
 * there is an output file to check.
 */
export function protectedInputs(options: CommonOptions & { templates?: string }, inputs: readonly string[]): string[] {
  const templateFolders = options.templates ? [options.templates, bundledTemplatesDir()] : [bundledTemplatesDir()];
  return [...inputs, ...walkFiles([options.criteria ?? bundledCriteriaDir()]).files, ...walkFiles(templateFolders, TEMPLATE_FILE).files];
}

/** An output that would overwrite an input is a usage error, found before any work is done. */
function refuseAsOutput(output: string | undefined, inputs: string[]): void {
  if (output === undefined) return;
  try {
    refuseInputAsOutput(output, inputs);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The format an output file's extension names; a file whose extension names none needs --format. */
function formatFromExtension(output: string | undefined): AssessmentFormat | undefined {
  if (output === undefined) return undefined;
  const format = EXTENSION_FORMATS[extname(output).toLowerCase()];
  if (!format) throw new UsageError(`cannot tell the format from the name ${output}; give --format (${Object.values(EXTENSION_FORMATS).filter((f, i, all) => all.indexOf(f) === i).join(", ")})`);
  return format;
}
