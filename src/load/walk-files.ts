import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { inputPath } from "./paths.js";
import { describeFsError } from "./read-source.js";

export const YAML_FILE = /\.ya?ml$/i;
export const TEMPLATE_FILE = /\.hbs$/i;

/** Folders nested deeper than this below a folder given are not read: no record needs it, and it bounds the walk. */
export const MAX_FOLDER_DEPTH = 32;

/** What a walk found: the files to read, the folders read (for a watcher), and what could not be walked. */
export interface Walk {
  /** Files given, and files under the folders given whose name matches, in sorted order; each once. */
  files: string[];
  /** The folders given and every folder walked below them. */
  folders: string[];
  diagnostics: Diagnostic[];
}

/**
 * The one way this tool lists the files under the paths it is given; loading, the content cache's fingerprint and
 * watch all use it, so they agree on what is read. Rules:
 * - each path is resolved as every reader resolves it (inputPath: `..` in the text), and listed so;
 * - a path that is not a folder is kept as it is (reading it says whether it is missing or unreadable);
 * - a folder gives every file below it whose name matches `pattern`, in sorted order, skipping names that start
 *   with a dot (editors' lock and swap files);
 * - symlinks are followed, but a folder is read once however many ways lead to it, and a symlink back to a folder
 *   that is being read (a loop) is reported as `folder-skipped` and not followed;
 * - folders nested more than MAX_FOLDER_DEPTH levels below a folder given are reported once and not read;
 * - an entry whose name matches but cannot be examined (a dangling symlink) is listed with the files, so that
 *   reading it reports why and a summary counts it; a name that is not UTF-8, which no path can spell, is reported
 *   here as `file-unreadable` (an error diagnostic naming a file, which summaries count too).
 * Nothing is read but folder listings and file types: never the contents, so a fifo cannot block the walk.
 */
export function walkFiles(paths: readonly string[], pattern: RegExp = YAML_FILE): Walk {
  const files: string[] = [];
  const folders: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();
  let reportedDepth = false;

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

  const walk = (folder: string, real: string, ancestors: readonly string[]) => {
    seenFolders.add(real);
    folders.push(folder);
    let entries: Buffer[];
    try {
      entries = readdirSync(folder, { encoding: "buffer" }).sort(Buffer.compare);
    } catch (error) {
      diagnostics.push(diagnostic("file-unreadable", describeFsError(error), { file: folder }));
      return;
    }
    const below = [...ancestors, real];
    for (const raw of entries) {
      const name = utf8(raw);
      if (name === undefined) {
        const shown = join(folder, raw.toString("utf8"));
        if (pattern.test(shown)) {
          diagnostics.push(diagnostic("file-unreadable", "this file's name is not UTF-8 text; rename it", { file: shown }));
        }
        continue;
      }
      if (name.startsWith(".")) continue;
      const path = join(folder, name);
      let isFolder: boolean;
      try {
        isFolder = statSync(path).isDirectory();
      } catch {
        if (pattern.test(name)) files.push(path);
        continue;
      }
      if (!isFolder) {
        if (pattern.test(name)) addFile(path);
        continue;
      }
      let realFolder: string;
      try {
        realFolder = realpathSync(path);
      } catch (error) {
        diagnostics.push(diagnostic("file-unreadable", describeFsError(error), { file: path }));
        continue;
      }
      if (below.includes(realFolder)) {
        diagnostics.push(
          diagnostic("folder-skipped", `this symlink leads back to ${realFolder}, a folder already being read (a loop); it is not followed`, { file: path }, "warning"),
        );
      } else if (seenFolders.has(realFolder)) {
        // Another way into a folder read already: its files are listed once.
      } else if (below.length > MAX_FOLDER_DEPTH) {
        if (!reportedDepth) {
          diagnostics.push(diagnostic("folder-skipped", `folders nested more than ${MAX_FOLDER_DEPTH} levels deep are not read`, { file: path }, "warning"));
          reportedDepth = true;
        }
      } else {
        walk(path, realFolder, below);
      }
    }
  };

  for (const path of paths.map(inputPath)) {
    let real: string | undefined;
    try {
      if (statSync(path).isDirectory()) real = realpathSync(path);
    } catch {
      // Not there or unreadable: reading it reports why.
    }
    if (real === undefined) addFile(path);
    else if (!seenFolders.has(real)) walk(path, real, []);
  }
  return { files, folders, diagnostics };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function utf8(bytes: Buffer): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
