import { existsSync, lstatSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, normalize, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own folder, found from this module's location, whether it runs from src/ (tests) or from the
 * built dist/ bundle: the bundled frameworks and templates live beside package.json.
 */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, "package.json")) || !existsSync(join(folder, "criteria"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error("cannot find the package folder holding criteria/");
    folder = parent;
  }
  return folder;
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

export const bundledCriteriaDir = (): string => join(packageRoot(), "criteria");
export const bundledTemplatesDir = (): string => join(packageRoot(), "templates");

/**
 * How a path given to this tool is resolved, by every reader alike (the loaders, the folder walker, the template
 * folders, the content cache's fingerprint, watch): `.` and `..` are taken in the text, as the shell's `cd` and
 * every message take them, before the file system follows any symlink. So `link/../criteria` is ./criteria,
 * wherever `link` leads; were one reader to ask the file system instead, it would read another folder, and a cache
 * keyed by it would answer for files the loader never read. The path stays relative or absolute, as given.
 */
export function inputPath(path: string): string {
  return normalize(path);
}

/** Paths in messages are relative to the working folder, as a user would type them (resolved as inputPath does). */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), resolve(inputPath(path)));
  return shown === "" ? "." : shown;
}

/** Whether anything is at `path`: a file, a folder, or a symlink (even a dangling one). */
export function pathExists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/**
 * `path` (relative to `from`, or absolute) as a path from the folder `top`, with `/` between folders and symlinks
 * resolved in both: `assessments/mines` for `mines` in `top/assessments`. Undefined when it lies outside `top`, or
 * does not exist and cannot be resolved.
 */
export function pathWithin(top: string, path: string, from: string = process.cwd()): string | undefined {
  const absolute = resolve(from, path);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    // A path that is gone (a file deleted since a revision): resolved through its folder, where that exists.
    try {
      real = join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return undefined;
    }
  }
  const inside = relative(realpathSync(top), real);
  return inside.startsWith("..") || isAbsolute(inside) ? undefined : inside.split("\\").join("/");
}
