import { spawnSync } from "node:child_process";
import { strictUtf8 } from "./read-source.js";

/**
 * Files as git has them: what `assess diff` reads at revisions. Every call runs the `git` executable directly (no
 * shell: revisions and paths are arguments, never text a shell would read), mostly with its plumbing commands,
 * whose output is meant for programs and does not change with the user's configuration or language (`diff
 * --name-only` apart, asked only which files differ); output is bounded and a command that does not finish is
 * stopped.
 */

/** Why git could not be asked, or refused: worded for the user, who then sees it as a usage error. */
export class GitError extends Error {}

/** A file of a revision's tree. */
export interface TreeFile {
  /** Relative to the repository's top folder, with `/` between folders. */
  path: string;
  /** The blob's object id. */
  id: string;
  /** In bytes. */
  size: number;
  /** A symbolic link: the blob holds the link's target, not a file's text. */
  symlink: boolean;
}

/** The most one git command may print: listings of a large repository, a batch of files. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

/** No command here takes long on a local repository; one that hangs (a lock, a stalled disk) is stopped. */
const TIME_LIMIT_MS = 120_000;

/** Runs git; a GitError when it cannot be run, or exits with an error. */
function git(args: readonly string[], cwd: string, input?: string): Buffer {
  const run = runGit(args, cwd, input);
  if (run.status !== 0) throw new GitError(gitSays(run.stderr));
  return run.stdout;
}

/** Runs git and returns how it ended; a GitError only when it cannot be run at all. */
function runGit(args: readonly string[], cwd: string, input?: string): { status: number | null; stdout: Buffer; stderr: Buffer } {
  const run = spawnSync("git", args, {
    cwd,
    ...(input === undefined ? { stdio: ["ignore", "pipe", "pipe"] } : { input }),
    maxBuffer: MAX_OUTPUT_BYTES,
    timeout: TIME_LIMIT_MS,
    windowsHide: true,
    // Never ask for credentials or take the index lock only to refresh it: reading must not wait on anything.
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" },
  });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GitError("git is not installed (or not on the PATH); assess diff runs git to read the files at each revision");
    if (code === "ETIMEDOUT") throw new GitError(`git ${args[0]} did not finish within ${TIME_LIMIT_MS / 1000} seconds`);
    if (code === "ENOBUFS") throw new GitError(`git ${args[0]} printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB; give fewer paths`);
    throw new GitError(`cannot run git: ${run.error.message}`);
  }
  return run;
}

/** git's own message, its first line or two, for a user to read. */
function gitSays(stderr: Buffer): string {
  const lines = stderr.toString("utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("hint:"));
  return `git says: ${lines.slice(0, 2).join(" ") || "it failed, without saying why"}`;
}

/** The top folder of the repository whose work tree holds `cwd`; a GitError outside one. */
export function repositoryTop(cwd: string): string {
  try {
    return git(["rev-parse", "--show-toplevel"], cwd).toString("utf8").trim();
  } catch (error) {
    if (!(error instanceof GitError) || error.message.startsWith("git is not installed")) throw error;
    throw new GitError(`${cwd} is not in a git repository's working tree (${error.message}); assess diff compares the files of two git revisions`);
  }
}

/** The commit `revision` names (a branch, a tag, HEAD~1, an id), or undefined when it names none. */
export function resolveCommit(cwd: string, revision: string): string | undefined {
  // A revision starting with "-" would be read as an option.
  if (revision.startsWith("-") || revision === "") return undefined;
  const run = runGit(["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], cwd);
  return run.status === 0 ? run.stdout.toString("utf8").trim() : undefined;
}

/**
 * The files of `commit` under `paths` (relative to `cwd`, as a user types them; all of `cwd` when none), with their
 * sizes. Submodules are left out: they hold no files of this repository.
 */
export function listTree(cwd: string, commit: string, paths: readonly string[]): TreeFile[] {
  const out = git(["ls-tree", "-r", "-l", "-z", "--full-name", commit, "--", ...paths], cwd).toString("utf8");
  return out
    .split("\0")
    .filter((entry) => entry !== "")
    .flatMap((entry) => {
      // <mode> SP <type> SP <id> SP+ <size> TAB <path>
      const tab = entry.indexOf("\t");
      const [mode, type, id, size] = entry.slice(0, tab).split(/ +/);
      if (type !== "blob") return [];
      return [{ path: entry.slice(tab + 1), id: id!, size: Number(size), symlink: mode === "120000" }];
    });
}

/**
 * The files of the working tree under `paths` (relative to `cwd`; all of `cwd` when none) that git tracks or would
 * track: those committed or added, and new ones it does not ignore. Relative to the repository's top folder. A
 * tracked file deleted from the disk is still listed: reading it says it is gone. Names that are not UTF-8 text,
 * which no path given as text can spell, are left out: listWorkingTreeFiles lists them too.
 */
export function listWorkingTree(cwd: string, paths: readonly string[]): string[] {
  return listWorkingTreeFiles(cwd, paths).flatMap((file) => (file.utf8 ? [file.path] : []));
}

/** A file of the working tree: its path (see listWorkingTree), and whether its name is UTF-8 text. */
export interface WorkingTreeFile {
  /** With each byte that is not UTF-8 shown as U+FFFD when `utf8` is false: the file cannot be opened by it. */
  path: string;
  utf8: boolean;
}

/** As listWorkingTree, with the files whose names are not UTF-8 text, so that they can be reported, not lost. */
export function listWorkingTreeFiles(cwd: string, paths: readonly string[]): WorkingTreeFile[] {
  const out = git(["ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard", "--", ...paths], cwd);
  const files = new Map<string, WorkingTreeFile>();
  let at = 0;
  while (at < out.length) {
    let end = out.indexOf(0, at);
    if (end < 0) end = out.length;
    const raw = out.subarray(at, end);
    at = end + 1;
    if (raw.length === 0) continue;
    const strict = strictUtf8(raw);
    const path = strict ?? raw.toString("utf8");
    if (!files.has(path) || strict === undefined) files.set(path, { path, utf8: strict !== undefined });
  }
  return [...files.values()];
}

/**
 * The bytes of each blob, read in one `git cat-file --batch`. The caller bounds the sizes (the listing gives them),
 * so the output is bounded too.
 */
export function readBlobs(cwd: string, ids: readonly string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return blobs;
  const out = git(["cat-file", "--batch"], cwd, `${wanted.join("\n")}\n`);
  let at = 0;
  for (const id of wanted) {
    // <id> SP <type> SP <size> LF <contents> LF, or <id> SP missing LF
    const end = out.indexOf(0x0a, at);
    const header = out.subarray(at, end).toString("utf8").split(" ");
    at = end + 1;
    if (header[1] === "missing" || header.length < 3) continue;
    const size = Number(header[2]);
    blobs.set(id, out.subarray(at, at + size));
    at += size + 1;
  }
  return blobs;
}

/** Where a symbolic link of a revision's tree leads, followed inside the revision as git follows it. */
export type LinkTarget =
  /** A file of the revision: its blob. */
  | { kind: "file"; id: string; size: number }
  /** Out of the repository: the target as git reports it (relative to the repository's top folder, or absolute). */
  | { kind: "outside"; target: string }
  /** Nowhere to read: a dangling link, a loop, a folder; worded for the user. */
  | { kind: "unreadable"; message: string };

/**
 * Follows each symbolic link at `paths` (from the repository's top folder) in `commit`'s tree, link after link, with
 * `git cat-file --batch-check --follow-symlinks`: what each leads to, so that a link is read at a revision as it is
 * read on disk, not taken for a file that cannot be read.
 */
export function followLinks(cwd: string, commit: string, paths: readonly string[]): Map<string, LinkTarget> {
  const targets = new Map<string, LinkTarget>();
  // A request is one line: a path with a line break in it cannot be asked for.
  const asked = paths.filter((path) => !/[\n\r]/.test(path));
  for (const path of paths) if (!asked.includes(path)) targets.set(path, { kind: "unreadable", message: "this symbolic link's name holds a line break; it is not followed" });
  if (asked.length === 0) return targets;
  const out = git(["cat-file", "--batch-check", "--follow-symlinks"], cwd, `${asked.map((path) => `${commit}:${path}`).join("\n")}\n`);
  let at = 0;
  const line = (): string => {
    let end = out.indexOf(0x0a, at);
    if (end < 0) end = out.length;
    const text = out.subarray(at, end).toString("utf8");
    at = end + 1;
    return text;
  };
  for (const path of asked) {
    const header = line();
    const special = /^(dangling|loop|notdir|symlink) (\d+)$/.exec(header);
    if (special) {
      // The size of what follows on the next line (the path asked, or the link's target).
      const size = Number(special[2]);
      const detail = out.subarray(at, at + size).toString("utf8");
      at += size + 1;
      if (special[1] === "symlink") targets.set(path, { kind: "outside", target: detail });
      else if (special[1] === "loop") targets.set(path, { kind: "unreadable", message: "this symbolic link is part of a loop at this revision" });
      else targets.set(path, { kind: "unreadable", message: "this symbolic link leads to nothing at this revision" });
      continue;
    }
    const [id, type, size] = header.split(" ");
    if (type === "blob" && id !== undefined && size !== undefined) targets.set(path, { kind: "file", id, size: Number(size) });
    else if (type === "tree") targets.set(path, { kind: "unreadable", message: "this symbolic link leads to a folder at this revision; give a YAML file here" });
    else targets.set(path, { kind: "unreadable", message: "this symbolic link leads to nothing at this revision" });
  }
  return targets;
}

/**
 * The files under `paths` whose content in the working tree differs from `commit`'s, as git sees it (from the
 * repository's top folder): line ends converted by core.autocrlf or .gitattributes, and other filters git applies
 * on checkout, are no change. A file git does not track is not listed; a file that may have changed is.
 */
export function changedInWorkingTree(cwd: string, commit: string, paths: readonly string[]): Set<string> {
  const out = git(["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-relative", commit, "--", ...paths], cwd);
  return new Set(out.toString("utf8").split("\0").filter((path) => path !== ""));
}
