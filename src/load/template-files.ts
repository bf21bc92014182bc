import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { bundledTemplatesDir, inputPath } from "./paths.js";
import { readSource } from "./read-source.js";

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

/**
 * The templates of a user's folder, if given, and of the bundled templates/, as the renderer's sources: a template
 * is looked up first in the user's folder. Each file is read when the renderer first asks for it, as every input
 * is read (a regular file, within the size limit, UTF-8: a fifo is refused, not waited on).
 */
export function readTemplateFolders(given?: string): TemplateSources {
  const userFolder = given === undefined ? undefined : inputPath(given);
  const folders = userFolder ? [userFolder, bundledTemplatesDir()] : [bundledTemplatesDir()];
  const read = (file: string): TemplateSource | { problem: Diagnostic } => {
    const { source, diagnostics } = readSource(file);
    if (source) return source;
    const problem = diagnostics[0]!;
    return { problem: { ...problem, code: "template-missing", message: `cannot read the template: ${problem.message}` } };
  };
  // A folder of templates that is not there (a misspelt --templates) is said, never silently passed over.
  if (userFolder !== undefined && !statSync(userFolder, { throwIfNoEntry: false })?.isDirectory()) {
    const problem = { problem: { ...missingFolder(userFolder) } };
    return { places: folders, template: () => problem, partials: () => [] };
  }
  return {
    places: folders,
    template(fileName) {
      const file = folders.map((folder) => join(folder, fileName)).find((candidate) => statSync(candidate, { throwIfNoEntry: false }) !== undefined);
      return file === undefined ? undefined : read(file);
    },
    partials() {
      // Files named `_NAME.FORMAT.hbs`; the user's folder wins over the bundled one. A missing user folder shows up
      // as a missing template when one is asked for.
      const byName = new Map<string, string>();
      for (const folder of [...folders].reverse()) {
        let names: string[] = [];
        try {
          names = readdirSync(folder).filter((name) => /^_.+\.hbs$/.test(name));
        } catch {
          continue;
        }
        for (const name of names) byName.set(name.slice(1, -".hbs".length), join(folder, name));
      }
      return [...byName].map(([name, file]) => ({ name, source: read(file) }));
    },
  };
}

function missingFolder(folder: string): Diagnostic {
  const exists = statSync(folder, { throwIfNoEntry: false }) !== undefined;
  return {
    code: "template-missing",
    severity: "error",
    message: exists ? "this is not a folder; --templates takes a folder of templates" : "no such folder; --templates takes a folder of templates",
    file: folder,
    line: 1,
    column: 1,
    path: [],
  };
}
