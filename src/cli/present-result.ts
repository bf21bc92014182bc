import type { TaskResult } from "../tasks/task-result.js";
import { makeFolders, OutputError, writeOutput } from "../write/write-output.js";
import { exitCodeOf, type ExitCode } from "./exit-codes.js";
import { formatDiagnostics } from "./format-diagnostics.js";

/** Where a command's text goes. The CLI passes the process's streams; tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * What the command line does with a task's result: its diagnostics (with code frames) and notes on standard error,
 * its text on standard output, its files written atomically (never over one of its inputs), and the exit code.
 */
export function presentResult(result: TaskResult, io: Io, options: { strict?: boolean } = {}): ExitCode {
  io.stderr(formatDiagnostics(result.diagnostics, result.sources));
  for (const note of result.notes) io.stderr(`${note}\n`);
  if (result.usage !== undefined) {
    io.stderr(`assess: error: ${result.usage}\n`);
    return exitCodeOf({ usage: true, diagnostics: result.diagnostics });
  }
  if (result.problem !== undefined || result.conflict !== undefined) {
    io.stderr(`assess: error: ${result.problem ?? result.conflict}\n`);
    return exitCodeOf({ failed: true, diagnostics: result.diagnostics });
  }
  if (result.stdout !== "") io.stdout(result.stdout);
  let refused = false;
  let unwritten = false;
  for (const output of result.outputs) {
    try {
      if (output.makeFolder) makeFolders(dirnameOf(output.path));
      writeOutput(output.path, output.text, result.inputs);
    } catch (error) {
      if (!(error instanceof OutputError)) throw error;
      io.stderr(`assess: error: ${error.message}\n`);
      refused = error.reason === "is-input";
      unwritten = !refused;
      break;
    }
    if (output.announce !== false) io.stderr(`wrote ${output.path}\n`);
  }
  // What comes after the outputs ("left out for errors: …", an import's summary) is said once they are all written.
  if (!refused && !unwritten) for (const note of result.closingNotes) io.stderr(`${note}\n`);
  return exitCodeOf({ usage: refused, unwritten: unwritten || (result.unwritten ?? []).length > 0, diagnostics: result.diagnostics, strict: options.strict ?? false });
}

function dirnameOf(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return slash < 0 ? "." : path.slice(0, slash) || "/";
}
