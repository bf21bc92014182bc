import { randomBytes } from "node:crypto";
import { lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Why an output could not be written, for the CLI to report with the right exit code. */
export class OutputError extends Error {
  constructor(
    message: string,
    readonly reason: "is-input" | "unwritable",
  ) {
    super(message);
  }
}

/**
 * Writes `text` to `file` atomically: into a temporary file beside it, then renamed over it, so a reader (or an
 * interrupted run) sees the old file or the new one, never half of one. Refuses to overwrite any of `inputs`.
 */
export function writeOutput(file: string, text: string, inputs: readonly string[]): void {
  // Through a symlink, the file it points to is replaced, not the link. A device or pipe (/dev/null, /dev/stdout)
  // is written to directly: renaming over it would replace the device with a file.
  const target = canonical(file);
  refuseCanonicalAsInput(file, target, inputs);
  const existing = statSync(target, { throwIfNoEntry: false });
  const special = existing !== undefined && !existing.isFile();
  if (special) {
    try {
      writeFileSync(target, text);
      return;
    } catch (error) {
      throw new OutputError(`cannot write ${file}: ${(error as Error).message}`, "unwritable");
    }
  }
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is the problem (missing, or a file): nothing was left in it.
    }
    throw new OutputError(`cannot write ${file}: ${(error as Error).message}`, "unwritable");
  }
}

/** Throws an OutputError when `file` is one of `inputs` (through any symlink or relative path). */
export function refuseInputAsOutput(file: string, inputs: readonly string[]): void {
  refuseCanonicalAsInput(file, canonical(file), inputs);
}

function refuseCanonicalAsInput(file: string, target: string, inputs: readonly string[]): void {
  if (inputs.some((input) => canonical(input) === target)) {
    throw new OutputError(`${file} is one of the inputs; write the output to another file`, "is-input");
  }
}

/** The path with every symlink resolved; for a file not there yet, its folder's (no exception thrown, cheaply). */
function canonical(path: string): string {
  try {
    if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return join(realpathSync(dirname(path)), basename(path));
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
