import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
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
  const shown = result.uncounted?.length ? sortDiagnostics([...result.uncounted, ...result.diagnostics]) : result.diagnostics;
  io.stderr(formatDiagnostics(shown, result.sources));
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
  const written: string[] = [];
  for (const output of result.outputs) {
    try {
      if (output.makeFolder) makeFolders(dirnameOf(output.path));
      writeOutput(output.path, output.text, result.inputs);
    } catch (error) {
      if (!(error instanceof OutputError)) throw error;
      io.stderr(`assess: error: ${error.message}\n`);
      // Outputs a summary would have named are named now: the user must know what was changed before the failure.
      const unannounced = written.filter((path) => result.outputs.find((o) => o.path === path)?.announce === false);
      if (unannounced.length > 0) io.stderr(`written before that: ${unannounced.join(", ")}; not written: ${result.outputs.slice(written.length).map((o) => o.path).join(", ")}\n`);
      refused = error.reason === "is-input";
      unwritten = !refused;
      break;
    }
    written.push(output.path);
    if (output.announce !== false) io.stderr(`wrote ${output.path}\n`);
  }
  // What comes after the outputs ("left out for errors: …", an import's summary) is said once they are all written.
  if (!refused && !unwritten) for (const note of result.closingNotes) io.stderr(`${note}\n`);
  if (options.strict && result.diagnostics.length > 0 && !hasErrors(result.diagnostics)) {
    io.stderr("assess: --strict: warnings count as errors, hence exit code 1\n");
  }
  return exitCodeOf({
    usage: refused,
    unwritten: unwritten || (result.unwritten ?? []).length > 0,
    diagnostics: result.diagnostics,
    strict: options.strict ?? false,
    flagged: (result.flagged ?? []).length > 0,
  });
}

function dirnameOf(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return slash < 0 ? "." : path.slice(0, slash) || "/";
}
