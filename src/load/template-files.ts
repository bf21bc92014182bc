import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { bundledTemplatesDir, inputPath } from "./paths.js";
import { describeFsError, readSource } from "./read-source.js";
import { TEMPLATE_FILE } from "./walk-files.js";

/** A template's text and the file it came from (for messages). */
export interface TemplateSource {
  file: string;
  text: string;
}

/**
 * Where templates come from, handed to the renderer: the loading stage reads them from folders
 * (readTemplateFolders, below); a test or a server may give them from memory. Rendering reads nothing.
 */
export interface TemplateSources {
  /** `assessment.md.hbs`: its source, a diagnostic saying why it cannot be read, or undefined when there is none. */
  template(fileName: string): TemplateSource | { problem: Diagnostic } | undefined;
  /** Every partial (`_NAME.FORMAT.hbs`, used as `{{> NAME.FORMAT}}`), each name once. */
  partials(): { name: string; source: TemplateSource | { problem: Diagnostic } }[];
  /** Where templates are looked for, for the message that one is missing. */
  readonly places: readonly string[];
}

/** Compiled templates kept between runs (the content cache), by a key made of the template's text and options. */
export interface CompiledTemplates {
  get(key: string): string | undefined;
  set(key: string, spec: string): void;
}

/** The template folders of a run, in the order a template is looked up: the user's folder, if given, then the bundled one. */
export function templateFolders(userFolder?: string): string[] {
  return userFolder === undefined ? [bundledTemplatesDir()] : [inputPath(userFolder), bundledTemplatesDir()];
}

/** What a template folder holds, as the renderer sees it. */
export interface TemplateFolder {
  folder: string;
  /**
   * Every entry at the top of the folder whose name ends in `.hbs` (but for names starting with a dot: editors'
   * lock files), by name, whatever it is: a folder, a fifo or a dangling symlink so named is listed too, and
   * reading it says why it cannot be used. Templates are never looked for in subfolders.
   */
  entries: ReadonlyMap<string, string>;
  /** Why the folder itself cannot be read (missing, not a folder), as a template-missing diagnostic. */
  problem?: Diagnostic;
}

/**
 * The one way this tool lists a template folder: the renderer looks templates and partials up in this listing, and
 * the content cache's fingerprint and the outputs' protection take the same listing, so that they cannot disagree
 * on what the renderer reads. Nothing but the folder's listing is read.
 */
export function listTemplateFolder(given: string): TemplateFolder {
  const folder = inputPath(given);
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    return { folder, entries: new Map(), problem: missingFolder(folder, error) };
  }
  return { folder, entries: new Map(names.filter((name) => TEMPLATE_FILE.test(name) && !name.startsWith(".")).map((name) => [name, join(folder, name)])) };
}

/**
 * The templates of a user's folder, if given, and of the bundled templates/, as the renderer's sources: a template
 * is looked up first in the user's folder. Each folder is listed once (listTemplateFolder); each file is read when
 * the renderer first asks for it, as every input is read (a regular file, within the size limit, UTF-8: a fifo is
 * refused, not waited on).
 */
export function readTemplateFolders(userFolder?: string): TemplateSources {
  const places = templateFolders(userFolder);
  const read = (file: string): TemplateSource | { problem: Diagnostic } => {
    const { source, diagnostics } = readSource(file);
    if (source) return source;
    const problem = diagnostics[0]!;
    const why = statSync(file, { throwIfNoEntry: false })?.isDirectory() ? "this is a folder, not a template file" : problem.message;
    return { problem: { ...problem, code: "template-missing", message: `cannot read the template: ${why}` } };
  };
  const listed = places.map(listTemplateFolder);
  // A folder of templates that is not there (a misspelt --templates) is said, never silently passed over.
  const userProblem = userFolder === undefined ? undefined : listed[0]!.problem;
  if (userProblem) return { places, template: () => ({ problem: userProblem }), partials: () => [] };
  return {
    places,
    template(fileName) {
      const file = listed.find(({ entries }) => entries.has(fileName))?.entries.get(fileName);
      return file === undefined ? undefined : read(file);
    },
    partials() {
      // Files named `_NAME.FORMAT.hbs`; the user's folder wins over the bundled one.
      const byName = new Map<string, string>();
      for (const { entries } of [...listed].reverse()) {
        for (const [name, file] of entries) if (/^_.+\.hbs$/.test(name)) byName.set(name.slice(1, -".hbs".length), file);
      }
      return [...byName].map(([name, file]) => ({ name, source: read(file) }));
    },
  };
}

function missingFolder(folder: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === "ENOTDIR" ? "this is not a folder" : code === "ENOENT" ? "no such folder" : `cannot read this folder: ${describeFsError(error)}`;
  return {
    code: "template-missing",
    severity: "error",
    message: `${why}; --templates takes a folder of templates`,
    file: folder,
    line: 1,
    column: 1,
    path: [],
  };
}
