import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { importIntoFolder } from "../import/import-into-folder.js";
import { importTables } from "../import/import-tables.js";
import { readProgrammeNames } from "../import/programme-names.js";
import { displayPath, packageRoot } from "../load/paths.js";
import { readSource } from "../load/read-source.js";
import { walkFiles } from "../load/walk-files.js";
import { parseYaml, type SourceText } from "../parse/parse-yaml.js";
import { checkAssessment } from "./check-assessment.js";
import { protectedInputs } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, usageProblem, type OutputFile, type TaskResult } from "./task-result.js";

export interface ImportTaskOptions {
  /** The assessed year of a table that prints none. */
  year?: number;
  programme?: string;
  /** Use this framework edition instead of recognising it. */
  framework?: string;
  /** Replace years the assessment already has. */
  force?: boolean;
  /** Where the tables were published, kept with each year; by default the file's name. */
  source?: string;
  /** The assessment to write, or to add the years to. */
  output?: string;
  /** A folder of assessments: each table goes to its programme's file there. */
  into?: string;
  /** With `into`: a YAML list of programme names by file-name prefix. */
  names?: string;
}

/**
 * `assess import`: published tables (copied text) into an assessment (`output`, or standard output), or each into
 * its programme's file under a folder (`into`). Everything is checked before anything is written: a table that
 * cannot be read, or a file that would not validate, and nothing is written.
 */
export async function importTask(files: readonly string[], options: ImportTaskOptions, context: TaskContext): Promise<TaskResult> {
  if (options.into !== undefined && options.output !== undefined) return usageProblem("give either -o FILE (one assessment) or --into FOLDER (each table to its programme's file), not both");
  if (options.into === undefined && options.names !== undefined) return usageProblem("--names routes tables to their programmes' files: use it with --into FOLDER");
  const frameworks = await context.frameworks();
  const diagnostics: Diagnostic[] = [...frameworks.diagnostics];
  const sources = new Map(frameworks.sources);
  const read = (file: string): SourceText | undefined => {
    const { source, diagnostics: unreadable } = readSource(displayPath(file));
    for (const d of unreadable) diagnostics.push(d);
    if (source) sources.set(source.file, source.text);
    return source;
  };
  const inputs = files.flatMap((file) => read(file) ?? []);
  const given = inputs.map((input) => input.file);
  const schema = join(packageRoot(), "schemas", "assessment.schema.json");
  const schemaPath = (path: string) => relative(dirname(resolve(path)), schema).split(sep).join("/");
  const tableOptions = {
    ...(options.year !== undefined && { year: options.year }),
    ...(options.programme !== undefined && { programme: options.programme }),
    ...(options.framework !== undefined && { frameworkId: options.framework }),
    ...(options.source !== undefined && { source: options.source }),
    force: options.force ?? false,
  };

  let written: { outputs: OutputFile[]; summary: string[]; resultDiagnostics: Diagnostic[] } | undefined;
  if (options.into !== undefined) {
    const folder = displayPath(options.into);
    const existing = existsSync(folder) ? walkFiles([folder]) : { files: [], diagnostics: [] };
    for (const d of existing.diagnostics) diagnostics.push(d);
    const targets = existing.files.flatMap((file) => read(file) ?? []);
    const namesSource = options.names === undefined ? undefined : read(options.names);
    const names = namesSource && readProgrammeNames(namesSource);
    for (const d of names?.diagnostics ?? []) diagnostics.push(d);
    if (hasErrors(diagnostics)) return taskResult({ diagnostics, sources, inputs: given });
    const result = importIntoFolder(inputs, [...frameworks.byId.values()], folder, targets, { ...tableOptions, ...(names?.names && { names: names.names }), schemaPath });
    if (!result.files) return taskResult({ diagnostics: [...diagnostics, ...result.diagnostics], sources, notes: ["assess: nothing was written"], inputs: given });
    // New programmes' files may need their kind's folder; the summary says what was written.
    written = { outputs: result.files.map((file) => ({ ...file, makeFolder: true, announce: false })), summary: result.summary, resultDiagnostics: result.diagnostics };
  } else {
    const output = options.output === undefined ? undefined : displayPath(options.output);
    const target = output !== undefined && existsSync(output) ? read(output) : undefined;
    if (hasErrors(diagnostics)) return taskResult({ diagnostics, sources, inputs: given });
    const result = importTables(inputs, [...frameworks.byId.values()], tableOptions, target);
    if (result.text === undefined) return taskResult({ diagnostics: [...diagnostics, ...result.diagnostics], sources, inputs: given });
    written = { outputs: [{ path: output ?? "(imported assessment)", text: result.text }], summary: result.summary.map((line) => `imported ${line}`), resultDiagnostics: result.diagnostics };
  }
  // What is written must validate: a table can hold a score its framework does not allow.
  const checks = written.outputs.flatMap(({ path, text }) => {
    const parsed = parseYaml({ file: path, text });
    return [...parsed.diagnostics, ...checkAssessment(parsed, frameworks).diagnostics];
  });
  for (const { path, text } of written.outputs) sources.set(path, text);
  const all = [...diagnostics, ...written.resultDiagnostics, ...checks];
  const inputsProtected = protectedInputs(context.options, [...given, ...(options.names ? [displayPath(options.names)] : [])]);
  if (hasErrors(checks)) return taskResult({ diagnostics: all, sources, notes: ["assess: nothing was written"], inputs: inputsProtected });
  const toStdout = options.into === undefined && options.output === undefined;
  return taskResult({
    diagnostics: all,
    sources,
    ...(toStdout ? { stdout: written.outputs[0]!.text } : { outputs: written.outputs }),
    // An import into a folder says what it did once everything is written; one into a file, before.
    ...(options.into === undefined ? { notes: written.summary } : { closingNotes: written.summary }),
    inputs: inputsProtected,
  });
}
