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
  const inside = insideOf(folder);
  return walkFiles([folder], YAML_FILE)
    .files.filter(inside)
    .map((path) => ({ name: relative(folder, path).split(sep).join("/"), path: displayPath(path) }));
}

/** Whether `path` is, symlinks resolved, a file inside `folder`. */
export function isInside(folder: string, path: string): boolean {
  return insideOf(folder)(path);
}

/** A test of whether a path is, symlinks resolved, inside `folder` (resolved once; none is, if it cannot be). */
function insideOf(folder: string): (path: string) => boolean {
  let root: string;
  try {
    root = realpathSync.native(folder);
  } catch {
    return () => false;
  }
  const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
  return (path) => {
    try {
      // The system's own realpath: one call a file, where a server lists its folder after every save.
      return realpathSync.native(path).startsWith(prefix);
    } catch {
      return false;
    }
  };
}
