import { existsSync } from "node:fs";
import { dirname, join, normalize, relative, resolve } from "node:path";
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
