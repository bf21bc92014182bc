import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";

/** The CLI's exit codes; the only place they are defined. */
export const ExitCode = {
  ok: 0,
  /** Some input (assessment, framework, template) has errors. */
  invalidInput: 1,
  /** The command line itself is wrong: unknown option, missing argument, a year the file lacks. */
  usage: 2,
  /** The output could not be written. */
  outputFailed: 3,
  /** A change that a check asked for flags: `assess diff --fail-on` (by default, a rating changed without a word). */
  flagged: 4,
  /** A bug in this tool (EX_SOFTWARE); never the user's doing. */
  internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** How a run ended, as far as its exit code goes. */
export interface Outcome {
  /** The command was asked wrongly (a usage error, an output that is one of the inputs). */
  usage?: boolean;
  /** An output could not be written. */
  unwritten?: boolean;
  /** The inputs' problems. */
  diagnostics: readonly Diagnostic[];
  /** The task found nothing to work on, though no diagnostic says why. */
  failed?: boolean;
  /** Warnings count as errors (`--strict`). */
  strict?: boolean;
  /** A check asked for found changes to flag (`assess diff --fail-on`). */
  flagged?: boolean;
}

/**
 * The exit code of a run, decided here only: a usage error first (nothing was done), then an output not written
 * (the work is lost), then invalid input (errors, or warnings under --strict), then changes a check flags, else
 * success.
 */
export function exitCodeOf(outcome: Outcome): ExitCode {
  if (outcome.usage) return ExitCode.usage;
  if (outcome.unwritten) return ExitCode.outputFailed;
  if (outcome.failed || hasErrors(outcome.diagnostics)) return ExitCode.invalidInput;
  if (outcome.strict && outcome.diagnostics.length > 0) return ExitCode.invalidInput;
  if (outcome.flagged) return ExitCode.flagged;
  return ExitCode.ok;
}
