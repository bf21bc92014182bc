import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { importIntoFolder } from "../import/import-into-folder.js";
import { readProgrammeNames } from "../import/programme-names.js";
import { walkFiles } from "../load/walk-files.js";
import { loadFrameworks } from "../load/load-files.js";
import { readSource } from "../load/read-source.js";
import { parseYaml, type SourceText } from "../parse/parse-yaml.js";
import { displayPath, packageRoot } from "../paths.js";
import { validateAssessment } from "../validate/validate-assessment.js";
import { ExitCode } from "./exit-codes.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { OutputError, writeOutput } from "./write-output.js";
import type { Io } from "./commands.js";

export interface ImportIntoOptions {
  into: string;
  names?: string;
  year?: number;
  programme?: string;
  framework?: string;
  force?: boolean;
  source?: string;
  criteria?: string;
}

/**
 * `assess import <files…> --into FOLDER`: each table into its programme's file under FOLDER, then a summary.
 * Everything is checked before anything is written: an error in any table, or a file that would not validate,
 * and no file is touched.
 */
export async function importIntoCommand(files: string[], options: ImportIntoOptions, io: Io): Promise<ExitCode> {
  const frameworks = loadFrameworks(options.criteria ? { criteriaDir: options.criteria } : {});
  const diagnostics: Diagnostic[] = [...frameworks.diagnostics];
  const read = (file: string): SourceText | undefined => {
    const { source, diagnostics: unreadable } = readSource(displayPath(file));
    diagnostics.push(...unreadable);
    return source;
  };
  const inputs = files.flatMap((file) => read(file) ?? []);
  const folder = displayPath(options.into);
  const existing = existsSync(folder) ? walkFiles([folder]) : { files: [], diagnostics: [] };
  diagnostics.push(...existing.diagnostics);
  const targets = existing.files.flatMap((file) => read(file) ?? []);
  const namesSource = options.names === undefined ? undefined : read(options.names);
  const names = namesSource && readProgrammeNames(namesSource);
  diagnostics.push(...(names?.diagnostics ?? []));
  const sources = new Map([...inputs, ...targets, ...(namesSource ? [namesSource] : [])].map((s) => [s.file, s.text]));
  if (hasErrors(diagnostics)) {
    io.stderr(formatDiagnostics(diagnostics, sources));
    return ExitCode.invalidInput;
  }
  const schema = join(packageRoot(), "schemas", "assessment.schema.json");
  const result = importIntoFolder(inputs, [...frameworks.byId.values()], folder, targets, {
    ...(options.year !== undefined && { year: options.year }),
    ...(options.programme !== undefined && { programme: options.programme }),
    ...(options.framework !== undefined && { frameworkId: options.framework }),
    ...(options.source !== undefined && { source: options.source }),
    ...(names?.names && { names: names.names }),
    force: options.force ?? false,
    schemaPath: (path) => relative(dirname(resolve(path)), schema).split(sep).join("/"),
  });
  io.stderr(formatDiagnostics(result.diagnostics, sources));
  if (!result.files) {
    io.stderr("assess: nothing was written\n");
    return ExitCode.invalidInput;
  }
  // What is written must validate: a table can hold a score its framework does not allow.
  const checks = result.files.flatMap(({ path, text }) => {
    const parsed = parseYaml({ file: path, text });
    return [...parsed.diagnostics, ...validateAssessment(parsed, frameworks).diagnostics];
  });
  io.stderr(formatDiagnostics(checks, new Map(result.files.map((f) => [f.path, f.text]))));
  if (hasErrors(checks)) {
    io.stderr("assess: nothing was written\n");
    return ExitCode.invalidInput;
  }
  for (const { path, text } of result.files) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeOutput(path, text, inputs.map((i) => i.file));
    } catch (error) {
      io.stderr(`assess: error: ${error instanceof OutputError ? error.message : `cannot create the folder for ${path}: ${(error as Error).message}`}\n`);
      return ExitCode.outputFailed;
    }
  }
  for (const line of result.summary) io.stderr(`${line}\n`);
  return ExitCode.ok;
}
