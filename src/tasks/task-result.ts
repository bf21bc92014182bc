import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** A file a task would write. */
export interface OutputFile {
  path: string;
  text: string;
  /** Make its folder first, when missing (a new programme's file in a record). */
  makeFolder?: boolean;
  /** Say "wrote PATH" once it is written (the default); false when a summary says it instead. */
  announce?: boolean;
}

/**
 * What a task produces, as data: it never prints, writes or exits. A front end (the CLI, a batch worker, watch,
 * the server) prints `stdout`, writes `outputs` (atomically, never over one of `inputs`), shows the diagnostics
 * with their code frames, and makes an exit code or a response of it.
 */
export interface TaskResult {
  /** Text for standard output: the rendered output when no output file was asked for. */
  stdout: string;
  /** Files to write. */
  outputs: OutputFile[];
  /** Every problem with the inputs: code, severity, message, file, line, column. */
  diagnostics: Diagnostic[];
  /**
   * Problems shown with the others but not counted in how the run ended: a diff's files as they were at the
   * earlier revision, which the change may be what fixed.
   */
  uncounted?: Diagnostic[];
  /** The text of each input a diagnostic points into, for code frames. */
  sources: ReadonlyMap<string, string>;
  /** Lines for the user after the diagnostics and before the outputs are written ("imported 2022: …"). */
  notes: string[];
  /** Lines for the user after the outputs are written ("left out for errors: …"). */
  closingNotes: string[];
  /** A mistake in how the task was asked (a year the assessment lacks): nothing else was done. */
  usage?: string;
  /** Why the task produced nothing, when no diagnostic says it ("no valid assessment to report on"). */
  problem?: string;
  /** Changes that a check asked for flags (`assess diff --fail-on`), each described: the run then ends flagged. */
  flagged?: string[];
  /** An edit refused because the file changed on disk since it was read for it: nothing was written. */
  conflict?: string;
  /** An output that could not be written (by a task that writes as it goes, such as a batch). */
  unwritten?: string[];
  /** Every file the run read, which no output may replace. */
  inputs: string[];
}

export function taskResult(parts: Partial<TaskResult> = {}): TaskResult {
  return { stdout: "", outputs: [], diagnostics: [], sources: new Map(), notes: [], closingNotes: [], inputs: [], ...parts };
}

/** A result that only says the task was asked wrongly. */
export function usageProblem(message: string, parts: Partial<TaskResult> = {}): TaskResult {
  return taskResult({ ...parts, usage: message });
}
