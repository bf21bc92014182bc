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
  /** A bug in this tool (EX_SOFTWARE); never the user's doing. */
  internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Errors mean invalid input; warnings alone do not, unless the user asked for strictness. */
export function exitCodeFor(diagnostics: readonly Diagnostic[], strict = false): ExitCode {
  if (hasErrors(diagnostics)) return ExitCode.invalidInput;
  if (strict && diagnostics.length > 0) return ExitCode.invalidInput;
  return ExitCode.ok;
}
