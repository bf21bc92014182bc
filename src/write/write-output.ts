import { randomBytes } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Why an output could not be written, for the front end to report with the right exit code. */
export class OutputError extends Error {
  constructor(
    message: string,
    readonly reason: "is-input" | "unwritable",
  ) {
    super(message);
  }
}

/**
 * The files a run read, which no output may replace, each resolved through every symlink once: a batch of ten
 * thousand checks each output against them all without resolving them again.
 */
export class ProtectedFiles {
  private readonly canonicals: Set<string>;
  constructor(inputs: readonly string[]) {
    this.canonicals = new Set(inputs.map(canonical));
  }
  /** Throws an OutputError when `file` is one of the inputs (through any symlink or relative path). */
  refuse(file: string, target = canonical(file)): void {
    if (this.canonicals.has(target)) throw new OutputError(`${file} is one of the inputs; write the output to another file`, "is-input");
  }
}

/**
 * Writes `text` to `file` atomically: into a temporary file beside it, then renamed over it, so a reader (or an
 * interrupted run) sees the old file or the new one, never half of one. Refuses to overwrite any of `inputs`,
 * however the path leads to it (a symlink in the output folder pointing at an input included). Every failure is
 * an OutputError saying why in terms of the user's path.
 */
export function writeOutput(file: string, text: string, inputs: readonly string[] | ProtectedFiles): void {
  // Through a symlink, the file it points to is replaced, not the link. A device or pipe (/dev/null, /dev/stdout)
  // is written to directly: renaming over it would replace the device with a file.
  const target = canonical(file);
  (inputs instanceof ProtectedFiles ? inputs : new ProtectedFiles(inputs)).refuse(file, target);
  let existing;
  try {
    existing = statSync(target, { throwIfNoEntry: false });
  } catch (error) {
    throw new OutputError(`cannot write ${file}: ${describeWriteError(error, file)}`, "unwritable");
  }
  if (existing !== undefined && !existing.isFile()) {
    try {
      writeFileSync(target, text);
      return;
    } catch (error) {
      throw new OutputError(`cannot write ${file}: ${describeWriteError(error, file)}`, "unwritable");
    }
  }
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    // The file written over keeps its permissions (an executable bit git tracks, a file kept private).
    if (existing !== undefined) chmodSync(temporary, existing.mode & 0o7777);
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is the problem (missing, or a file): nothing was left in it.
    }
    throw new OutputError(`cannot write ${file}: ${describeWriteError(error, file)}`, "unwritable");
  }
}

/** Why a write failed, in terms of the user's path (never the temporary file's name). */
function describeWriteError(error: unknown, file: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return `the folder ${dirname(file)} does not exist`;
    case "ENOTDIR":
      return `a part of the path ${dirname(file)} is not a folder`;
    case "ELOOP":
      return "a part of the path is a symlink loop";
    case "ENAMETOOLONG":
      return "the name is too long for the file system";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "the disk is full";
    case "EDQUOT":
      return "the disk quota is used up";
    case "EISDIR":
      return "a folder has that name";
    default:
      return (error as Error).message.replace(/\s*'[^']*\.tmp'/g, "");
  }
}

/** Throws an OutputError when `file` is one of `inputs` (through any symlink or relative path). */
export function refuseInputAsOutput(file: string, inputs: readonly string[]): void {
  new ProtectedFiles(inputs).refuse(file);
}

/** The path with every symlink resolved; for a file not there yet, its folder's. Never throws. */
function canonical(path: string): string {
  try {
    if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return join(realpathSync(dirname(path)), basename(path));
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Creates a folder and the missing folders above it, one level at a time: Node's recursive mkdir retries forever
 * where a parent exists but refuses new entries as if it were missing (under /proc). Throws an OutputError naming
 * `folder` when a level cannot be made.
 */
export function makeFolders(folder: string): void {
  const fail = (why: string): never => {
    throw new OutputError(`cannot create the output folder ${folder}: ${why}`, "unwritable");
  };
  const missing: string[] = [];
  for (let path = resolve(folder); ; path = dirname(path)) {
    let found;
    try {
      found = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      return fail(describeWriteError(error, join(path, "x")));
    }
    if (found?.isDirectory()) break;
    if (found) return fail(`${path} is a file`);
    if (dirname(path) === path) break;
    missing.push(path);
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST" && statSync(path, { throwIfNoEntry: false })?.isDirectory()) continue;
      // A folder that exists but takes no new entries answers as if it were missing (/proc).
      fail(code === "ENOENT" ? `no folder can be made in ${dirname(path)}` : describeWriteError(error, join(path, "x")));
    }
  }
}
