import { readdirSync, realpathSync, statfsSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { inputPath } from "./paths.js";
import { describeFsError, strictUtf8 } from "./read-source.js";

export const YAML_FILE = /\.ya?ml$/i;
export const TEMPLATE_FILE = /\.hbs$/i;

/** How far a walk goes below each folder given: far beyond any record, and short of a walk of the whole disk. */
export interface WalkLimits {
  /** Folders nested deeper than this below a folder given are not read. */
  depth: number;
  /** Files and folders examined below one folder given (a record of ten thousand programmes has ten thousand). */
  entries: number;
}

export const MAX_FOLDER_DEPTH = 32;
export const MAX_FOLDER_ENTRIES = 100_000;
const LIMITS: WalkLimits = { depth: MAX_FOLDER_DEPTH, entries: MAX_FOLDER_ENTRIES };

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
 * - symlinks are followed (`criteria -> ../shared/criteria`), but a folder is read once however many ways lead to
 *   it; a symlink back to a folder that is being read (a loop), or to a folder holding a folder given (`..`, `/`,
 *   /proc/self/root), would read the folder given again and everything around it: it is reported as
 *   `folder-skipped` and not followed; so is a folder of /proc or /sys, given or led to;
 * - folders nested more than `limits.depth` levels below a folder given are reported once and not read, and so is
 *   the rest of a folder given once `limits.entries` files and folders below it were examined;
 * - an entry whose name matches but cannot be examined (a dangling symlink) is listed with the files, so that
 *   reading it reports why and a summary counts it; a name that is not UTF-8, which no path can spell, is reported
 *   here as `file-unreadable` (an error diagnostic naming a file, which summaries count too).
 * Nothing is read but folder listings and file types: never the contents, so a fifo cannot block the walk.
 */
export function walkFiles(paths: readonly string[], pattern: RegExp = YAML_FILE, limits: WalkLimits = LIMITS): Walk {
  const files: string[] = [];
  const folders: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();
  let reportedDepth = false;
  /** Entries examined below the folder given being walked; past the limit, its walk stops. */
  let examined = 0;

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
      if (examined++ >= limits.entries) return;
      const name = strictUtf8(raw);
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
        continue;
      }
      if (seenFolders.has(realFolder)) continue; // another way into a folder read already: its files are listed once
      const system = systemFolder(realFolder);
      const held = roots.find((root) => holds(realFolder, root));
      if (system) {
        diagnostics.push(diagnostic("folder-skipped", `this symlink leads to ${realFolder}, ${system}; it is not followed`, { file: path }, "warning"));
      } else if (held !== undefined) {
        diagnostics.push(
          diagnostic("folder-skipped", `this symlink leads to ${realFolder}, which holds ${held}, a folder given, and more around it; it is not followed`, { file: path }, "warning"),
        );
      } else if (below.length > limits.depth) {
        if (!reportedDepth) {
          diagnostics.push(diagnostic("folder-skipped", `folders nested more than ${limits.depth} levels deep are not read`, { file: path }, "warning"));
          reportedDepth = true;
        }
      } else {
        walk(path, realFolder, below);
      }
    }
  };

  const given = paths.map(inputPath).map((path) => ({ path, real: realFolderOf(path) }));
  /** The folders given, resolved: a symlink to a folder holding one of them is not followed. */
  const roots = given.flatMap(({ real }) => (real === undefined ? [] : [real]));
  for (const { path, real } of given) {
    const system = real === undefined ? undefined : systemFolder(real);
    if (real === undefined) addFile(path);
    else if (system) {
      diagnostics.push(diagnostic("folder-skipped", `this is ${system}; it is not read`, { file: path }, "warning"));
    } else if (!seenFolders.has(real)) {
      examined = 0;
      walk(path, real, []);
      if (examined > limits.entries) {
        const message = `more than ${limits.entries.toLocaleString("en")} files and folders below this folder: the rest are not read (is it the folder meant?)`;
        diagnostics.push(diagnostic("folder-skipped", message, { file: path }, "warning"));
      }
    }
  }
  return { files, folders, diagnostics };
}

/** The real path of a folder, or undefined when `path` is not one (not there or unreadable: reading it says why). */
function realFolderOf(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? realpathSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * File systems that are the operating system's live view of itself, not folders of files: their symlinks lead all
 * over the disk (/proc/self/root is /, /proc/self/cwd the working folder), and their folders come and go with
 * processes and devices. By the kind of file system, since they can be mounted anywhere.
 */
const SYSTEM_FILE_SYSTEMS = new Map([
  [0x9fa0, "the operating system's view of its processes (procfs)"],
  [0x62656572, "the operating system's view of its devices (sysfs)"],
]);

/** What `folder` is when it lies on one of SYSTEM_FILE_SYSTEMS ("part of the operating system's …"), or undefined. */
function systemFolder(folder: string): string | undefined {
  let kind: string | undefined;
  try {
    kind = SYSTEM_FILE_SYSTEMS.get(Number(statfsSync(folder).type));
  } catch {
    return undefined; // it is read as any folder is, and reading it says what is wrong
  }
  return kind && `part of ${kind}, not a folder of files`;
}

/** Whether the folder `outer` holds `inner` (below it, at any depth); `/` holds every other folder. */
function holds(outer: string, inner: string): boolean {
  return inner !== outer && inner.startsWith(outer === sep ? outer : `${outer}${sep}`);
}
