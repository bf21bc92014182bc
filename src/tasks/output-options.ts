import { extname } from "node:path";
import { bundledCriteriaDir } from "../load/paths.js";
import { listTemplateFolder, templateFolders } from "../load/template-files.js";
import { walkFiles } from "../load/walk-files.js";
import { OutputError, refuseInputAsOutput } from "../write/write-output.js";

/** The formats an output file's extension names. */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = {
  ".md": "md",
  ".html": "html",
  ".htm": "html",
  ".tsv": "tsv",
  ".csv": "csv",
  ".json": "json",
  ".txt": "text",
};

/**
 * The format of an output, the same way for every task and front end: the one asked for, else the one the output
 * file's extension names, else the task's default. A usage problem when the extension names none, or names a
 * format the task does not write (`what` says what is written: "history is written as md, csv, html, json").
 */
export function outputFormat<F extends string>(
  asked: F | undefined,
  output: string | undefined,
  formats: readonly F[],
  fallback: F,
  what?: string,
): { format: F; usage?: undefined } | { format?: undefined; usage: string } {
  let format: string = fallback;
  if (asked !== undefined) format = asked;
  else if (output !== undefined) {
    const named = EXTENSION_FORMATS[extname(output).toLowerCase()];
    if (!named) {
      const known = [...new Set(Object.values(EXTENSION_FORMATS))].join(", ");
      return { usage: `cannot tell the format from the name ${output}; give --format (${known})` };
    }
    format = named;
  }
  if (!formats.includes(format as F)) return { usage: `${what ?? "this"} is written as ${formats.join(", ")}, not ${format}` };
  return { format: format as F };
}

/**
 * The UTF-8 byte-order mark. Excel opens a CSV file as UTF-8 only when the file starts with it; without it, it reads
 * the bytes in the system's code page, so `km²` shows as `kmÂ²` and `Türkiye` as `TÃ¼rkiye`.
 */
export const BYTE_ORDER_MARK = "\uFEFF";

/**
 * A CSV as it should be written: with the byte-order mark in front when it goes to a file, which people open in a
 * spreadsheet, and without it on standard output, which programs read (most would take the mark for part of the
 * first heading); `bom` decides instead when given. Other formats are never marked.
 */
export function withByteOrderMark(text: string, format: string, toFile: boolean, bom: boolean | undefined): string {
  return format === "csv" && (bom ?? toFile) ? BYTE_ORDER_MARK + text : text;
}

/** Why `bom` cannot be given for `format` (only a CSV has a byte-order mark), or undefined. Checked before any work. */
export function byteOrderMarkRefused(format: string, bom: boolean | undefined): string | undefined {
  return bom === undefined || format === "csv" ? undefined : `--bom and --no-bom apply to CSV only, not to ${format}`;
}

/** Where frameworks and templates come from: the same options for every task. */
export interface SourceOptions {
  /** A folder of framework files, or one framework file; the bundled criteria/ when absent. */
  criteria?: string;
  /** A folder of templates used ahead of the bundled templates/. */
  templates?: string;
}

/**
 * Every file a run may read, which its output must never replace: the inputs given, every framework file of the
 * criteria folder (or the file given as criteria) and every template of the template folders (their top level, where
 * templates are read: listTemplateFolder).
 */
export function protectedInputs(options: SourceOptions, inputs: readonly string[]): string[] {
  const templates = templateFolders(options.templates).flatMap((folder) => [...listTemplateFolder(folder).entries.values()]);
  return [...inputs, ...walkFiles([options.criteria ?? bundledCriteriaDir()]).files, ...templates];
}

/**
 * Why `output` may not be written by a run that reads `inputs` with `sources` (it is one of them, or one of the
 * frameworks or templates the run uses), or undefined. Those are listed only when there is an output: walking the
 * criteria folder for them would otherwise cost a run that writes nothing.
 */
export function outputOverInput(output: string | undefined, sources: SourceOptions, inputs: readonly string[]): string | undefined {
  return output === undefined ? undefined : outputRefused(output, protectedInputs(sources, inputs));
}

/** Why `output` may not be written (it is one of `inputs`), or undefined. Checked before any work is done. */
export function outputRefused(output: string | undefined, inputs: readonly string[]): string | undefined {
  if (output === undefined) return undefined;
  try {
    refuseInputAsOutput(output, inputs);
    return undefined;
  } catch (error) {
    if (error instanceof OutputError) return error.message;
    throw error;
  }
}
