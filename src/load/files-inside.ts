import { realpathSync } from "node:fs";
import { relative, sep } from "node:path";
import { displayPath } from "./paths.js";
import { walkFiles, YAML_FILE } from "./walk-files.js";

/** A file inside a folder: its name under the folder (with `/`) and its path as messages show it. */
export interface FileInside {
  name: string;
  path: string;
}

/**
 * The YAML files under `folder` (the one folder walker's rules) that really are inside it: a symlink that leads
 * out of the folder, or a file whose real path cannot be found, is left out. What a server may read and write.
 */
export function filesInside(folder: string): FileInside[] {
  return walkFiles([folder], YAML_FILE)
    .files.filter((path) => isInside(folder, path))
    .map((path) => ({ name: relative(folder, path).split(sep).join("/"), path: displayPath(path) }));
}

/** Whether `path` is, symlinks resolved, a file inside `folder`. */
export function isInside(folder: string, path: string): boolean {
  try {
    const root = realpathSync(folder);
    return realpathSync(path).startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
  } catch {
    return false;
  }
}
