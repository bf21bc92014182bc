import type { AssessmentFormat } from "../render/formats.js";
import type { FailOn } from "../compare/fail-on.js";
import type { ComparisonFormat, DiffFormat, HistoryFormat, ReportFormat, ScoreFormat, WhatIfFormat } from "../render/formats.js";
import type { SourceOptions } from "../tasks/output-options.js";
import { TaskContext } from "../tasks/task-context.js";
import type { ExitCode } from "./exit-codes.js";
import { parseWeights } from "../tasks/parse-weights.js";
import { presentResult, type Io } from "./present-result.js";

/**
 * The commands: each turns its command-line options into one task's options, runs the task, and presents its
 * result (presentResult). The tasks, and what they need, are loaded only when a command runs (import() below), so
 * that each command starts with no more than it needs.
 */

export type { Io };

/** A mistake on the command line, reported as `assess: error: …` with exit code 2. */
export class UsageError extends Error {}

const tasks = {
  validate: () => import("../tasks/validate-task.js"),
  score: () => import("../tasks/score-task.js"),
  render: () => import("../tasks/render-task.js"),
  batch: () => import("../tasks/render-batch-task.js"),
  compare: () => import("../tasks/compare-task.js"),
  history: () => import("../tasks/history-task.js"),
  whatIf: () => import("../tasks/what-if-task.js"),
  report: () => import("../tasks/report-task.js"),
  import: () => import("../tasks/import-task.js"),
  init: () => import("../tasks/init-task.js"),
  diff: () => import("../tasks/diff-task.js"),
  nextYear: () => import("../tasks/next-year-task.js"),
};

const contextOf = (options: SourceOptions) =>
  new TaskContext({ ...(options.criteria !== undefined && { criteria: options.criteria }), ...(options.templates !== undefined && { templates: options.templates }) });

export async function validateCommand(paths: string[], options: SourceOptions & { strict?: boolean }, io: Io): Promise<ExitCode> {
  const result = await (await tasks.validate()).validateTask(paths, options);
  return presentResult(result, io, { strict: options.strict ?? false });
}

export async function scoreCommand(file: string, options: SourceOptions & { year?: number; format: ScoreFormat }, io: Io): Promise<ExitCode> {
  const result = await (await tasks.score()).scoreTask(file, { format: options.format, ...(options.year !== undefined && { year: options.year }) }, contextOf(options));
  return presentResult(result, io);
}

export async function renderCommand(
  paths: string[],
  options: SourceOptions & { years?: number[]; format?: AssessmentFormat; output?: string; outDir?: string; bom?: boolean },
  io: Io,
): Promise<ExitCode> {
  const { years, format, output, outDir, bom } = options;
  const marked = bom === undefined ? {} : { bom };
  if (outDir !== undefined) {
    if (output !== undefined) throw new UsageError("give either -o FILE (one assessment) or --out-dir DIR, not both");
    const result = await (await tasks.batch()).renderBatchTask(paths, { outDir, ...(format && { format }), ...(years && { years }), ...marked }, contextOf(options));
    return presentResult(result, io);
  }
  if (paths.length > 1) throw new UsageError("to render several assessments, give --out-dir DIR (each is written to DIR/<name>.<format>)");
  const result = await (await tasks.render()).renderTask(paths[0]!, { ...(years && { years }), ...(format && { format }), ...(output !== undefined && { output }), ...marked }, contextOf(options));
  return presentResult(result, io);
}

export async function compareCommand(
  file: string,
  options: SourceOptions & { from?: number; to?: number; format?: ComparisonFormat; output?: string },
  io: Io,
): Promise<ExitCode> {
  const { from, to, format, output } = options;
  const result = await (await tasks.compare()).compareTask(
    file,
    { ...(from !== undefined && { from }), ...(to !== undefined && { to }), ...(format && { format }), ...(output !== undefined && { output }) },
    contextOf(options),
  );
  return presentResult(result, io);
}

export async function historyCommand(file: string, options: SourceOptions & { format?: HistoryFormat; output?: string; bom?: boolean }, io: Io): Promise<ExitCode> {
  const { format, output, bom } = options;
  const result = await (await tasks.history()).historyTask(
    file,
    { ...(format && { format }), ...(output !== undefined && { output }), ...(bom !== undefined && { bom }) },
    contextOf(options),
  );
  return presentResult(result, io);
}

export async function whatIfCommand(file: string, options: SourceOptions & { weights?: string; weightSet?: string; year?: number; format: WhatIfFormat }, io: Io): Promise<ExitCode> {
  if ((options.weights === undefined) === (options.weightSet === undefined)) throw new UsageError("give either --weights id=percent,… or --weight-set NAME");
  let weights;
  try {
    weights = options.weights === undefined ? undefined : parseWeights(options.weights);
  } catch (error) {
    throw new UsageError(`--weights: ${(error as Error).message}`);
  }
  const weighting = weights ? { kind: "weights" as const, weights } : { kind: "set" as const, id: options.weightSet! };
  const result = await (await tasks.whatIf()).whatIfTask(file, { weighting, format: options.format, ...(options.year !== undefined && { year: options.year }) }, contextOf(options));
  return presentResult(result, io);
}

export async function initCommand(programme: string, options: SourceOptions & { framework: string; year?: number; output?: string }, io: Io): Promise<ExitCode> {
  const { framework, year, output } = options;
  const result = await (await tasks.init()).initTask(programme, { framework, ...(year !== undefined && { year }), ...(output !== undefined && { output }) }, contextOf(options));
  return presentResult(result, io);
}

export async function reportCommand(paths: string[], options: SourceOptions & { year?: number; format?: ReportFormat; output?: string }, io: Io): Promise<ExitCode> {
  const { year, format, output } = options;
  const result = await (await tasks.report()).reportTask(paths, { ...(year !== undefined && { year }), ...(format && { format }), ...(output !== undefined && { output }) }, contextOf(options));
  return presentResult(result, io);
}

export async function importCommand(
  files: string[],
  options: SourceOptions & { year?: number; programme?: string; framework?: string; force?: boolean; source?: string; output?: string; into?: string; names?: string },
  io: Io,
): Promise<ExitCode> {
  const { criteria: _criteria, templates: _templates, ...importOptions } = options;
  const result = await (await tasks.import()).importTask(files, importOptions, contextOf(options));
  return presentResult(result, io);
}

export async function diffCommand(
  operands: string[],
  /** How many of the operands came after `--` (paths, never revisions), when it was given. */
  afterSeparator: number | undefined,
  options: SourceOptions & { format?: DiffFormat; output?: string; failOn?: FailOn[] },
  io: Io,
): Promise<ExitCode> {
  const { format, output, failOn } = options;
  const given =
    afterSeparator === undefined
      ? { operands }
      : { revisions: operands.slice(0, operands.length - afterSeparator), paths: operands.slice(operands.length - afterSeparator) };
  const result = await (await tasks.diff()).diffTask(
    { ...given, ...(format && { format }), ...(output !== undefined && { output }), ...(failOn && { failOn }) },
    contextOf(options),
  );
  return presentResult(result, io);
}

export async function nextYearCommand(file: string, options: SourceOptions & { year?: number }, io: Io): Promise<ExitCode> {
  const result = await (await tasks.nextYear()).nextYearTask(file, { ...(options.year !== undefined && { year: options.year }) }, contextOf(options));
  return presentResult(result, io);
}
