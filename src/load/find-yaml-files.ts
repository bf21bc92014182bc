import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { describeFsError } from "./read-source.js";

const YAML_FILE = /\.ya?ml$/i;

/**
 * Expands the paths given on the command line: a file stays as it is, a folder becomes every .yaml/.yml file
 * under it, in sorted order. Symlinked folders are followed once (a loop is not followed again).
 */
export function findYamlFiles(paths: readonly string[]): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const visitedFolders = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (file: string) => {
    let key = file;
    try {
      key = realpathSync(file);
    } catch {
      // Unreadable files are reported when they are read.
    }
    if (!seenFiles.has(key)) {
      seenFiles.add(key);
      files.push(file);
    }
  };

  const walk = (folder: string) => {
    let real: string;
    try {
      real = realpathSync(folder);
    } catch (error) {
      diagnostics.push(diagnostic("file-unreadable", describeFsError(error), { file: folder }));
      return;
    }
    if (visitedFolders.has(real)) return;
    visitedFolders.add(real);
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch (error) {
      diagnostics.push(diagnostic("file-unreadable", describeFsError(error), { file: folder }));
      return;
    }
    for (const name of names) {
      if (name.startsWith(".")) continue;
      const path = join(folder, name);
      let isFolder = false;
      try {
        isFolder = statSync(path).isDirectory();
      } catch (error) {
        if (YAML_FILE.test(name)) diagnostics.push(diagnostic("file-unreadable", describeFsError(error), { file: path }));
        continue;
      }
      if (isFolder) walk(path);
      else if (YAML_FILE.test(name)) addFile(path);
    }
  };

  for (const path of paths) {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // Not there or unreadable: reading it reports why.
    }
    if (isFolder) walk(path);
    else addFile(path);
  }
  return { files, diagnostics };
}
