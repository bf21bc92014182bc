import { realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { diagnostic, hasErrors } from "../diagnostics/diagnostic.js";
import { bundledCriteriaDir, displayPath } from "../load/paths.js";
import { TEMPLATE_FILE, walkFiles, YAML_FILE } from "../load/walk-files.js";
import { FolderWatch } from "../load/watch-folders.js";
import { ASSESSMENT_FORMATS, type AssessmentFormat } from "../render/formats.js";
import { byteOrderMarkRefused, outputFormat, outputRefused, protectedInputs } from "../tasks/output-options.js";
import { outputPath } from "../tasks/render-batch-task.js";
import { renderTask } from "../tasks/render-task.js";
import { TaskContext } from "../tasks/task-context.js";
import { makeFolders, OutputError, writeOutput } from "../write/write-output.js";
import { UsageError, type Io } from "./commands.js";
import { ExitCode } from "./exit-codes.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { untilStopped } from "./until-stopped.js";

export interface WatchOptions {
  criteria?: string;
  templates?: string;
  format?: AssessmentFormat;
  years?: number[];
  output?: string;
  outDir?: string;
  /** A CSV output starts with a UTF-8 byte-order mark unless this is false (see RenderOptions). */
  bom?: boolean;
}

/**
 * Renders the assessments under `paths`, then re-renders each one when it is saved, until `signal` aborts (the CLI
 * passes Ctrl-C). Each render is the render task's, so an option means what it means for `assess render` (the
 * format of `-o FILE` from its extension). An invalid file mid-edit prints its diagnostics and the watch goes on;
 * the last good output stays. A change to a framework or template re-renders everything. Frameworks and compiled
 * templates are kept between saves (one task context), so a save costs one file's parse, check and render.
 */
export async function watchCommand(paths: string[], options: WatchOptions, io: Io, signal: AbortSignal): Promise<number> {
  if ((options.output === undefined) === (options.outDir === undefined)) throw new UsageError("watch writes to -o FILE (one assessment) or --out-dir DIR");
  const inputs = paths.map(displayPath);
  const sourceOptions = { ...(options.criteria !== undefined && { criteria: options.criteria }), ...(options.templates !== undefined && { templates: options.templates }) };
  const files = () => walkFiles(inputs).files;
  const walked = walkFiles(inputs);
  const initial = walked.files;
  if (options.output !== undefined && (initial.length !== 1 || inputs.length !== 1)) throw new UsageError("-o FILE watches one assessment; for several, use --out-dir DIR");

  // A folder of outputs is written in the format asked for, else HTML; one output file's format follows its name.
  const format = options.format ?? (options.outDir !== undefined ? "html" : undefined);
  // What would fail on every save is refused at once: an output that is an input, a name that names no format.
  if (options.output !== undefined) {
    const refused = outputRefused(options.output, protectedInputs(sourceOptions, initial));
    if (refused) throw new UsageError(refused);
    const named = outputFormat(format, options.output, ASSESSMENT_FORMATS, "md");
    if (named.usage !== undefined) throw new UsageError(named.usage);
  }
  const bomRefused = byteOrderMarkRefused(outputFormat(format, options.output, ASSESSMENT_FORMATS, "md").format ?? "md", options.bom);
  if (bomRefused) throw new UsageError(bomRefused);
  if (options.outDir !== undefined) makeFolders(options.outDir);
  const outputOf = (file: string) => options.output ?? outputPath({ outDir: options.outDir!, format: format! }, file);
  let context = new TaskContext(sourceOptions);
  /** Renders one file and writes its output; false when the output could not be written. */
  const render = async (file: string): Promise<boolean> => {
    const started = performance.now();
    const output = outputOf(file);
    // An output that is an input of the watch (a symlink in the output folder to another assessment, a framework, a
    // template) cannot be written on any save: an output error, as for a batch, never a problem of the file.
    const protect = [...protectedInputs(sourceOptions, [file]), ...files()];
    const refused = outputRefused(output, protect);
    if (refused) {
      io.stderr(`assess: error: ${refused}\n`);
      return false;
    }
    const result = await renderTask(
      file,
      { output, ...(format && { format }), ...(options.years && { years: options.years }), ...(options.bom !== undefined && { bom: options.bom }) },
      context,
    );
    // A year the file lacks is, here, a problem of the file being edited, with a code like any other.
    const diagnostics = result.usage === undefined ? result.diagnostics : [...result.diagnostics, diagnostic("missing-year", result.usage, { file })];
    io.stderr(formatDiagnostics(diagnostics, result.sources));
    if (hasErrors(diagnostics)) {
      io.stderr(`${file}: not rendered (fix the problems above; ${output} keeps its last good version)\n`);
      return true;
    }
    try {
      // The output's folder is made again if it was removed meanwhile; no output may replace a watched file.
      makeFolders(dirname(output));
      for (const written of result.outputs) writeOutput(written.path, written.text, protect);
      io.stderr(`rendered ${output} in ${Math.round(performance.now() - started)} ms\n`);
      return true;
    } catch (error) {
      if (!(error instanceof OutputError)) throw error;
      io.stderr(`assess: error: ${error.message}\n`);
      return false;
    }
  };
  /** Renders every file; false when an output could not be written. */
  const renderAll = async (all: string[]): Promise<boolean> => {
    const frameworks = await context.frameworks();
    io.stderr(formatDiagnostics(frameworks.diagnostics, frameworks.sources));
    let written = true;
    for (const file of all) written = (await render(file)) && written;
    return written;
  };
  // What the walk of the folders given could not read (a symlink loop, say) is said once, at the start.
  io.stderr(formatDiagnostics(walked.diagnostics));
  // Outputs that cannot be written at the start will not be later: the watch stops and says so.
  if (!(await renderAll(initial))) {
    io.stderr("assess: the outputs cannot be written; the watch stopped\n");
    return ExitCode.outputFailed;
  }

  // Saves arrive as several events (editors write, rename, touch); each file is handled once they settle.
  const pending = new Map<string, NodeJS.Timeout>();
  const settle = (key: string, action: () => void) => {
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => (pending.delete(key), action()), 30));
  };
  const everything = () =>
    settle("*", () => {
      context = new TaskContext(sourceOptions);
      void renderAll(files());
    });
  // A folder that disappears (a checkout, a stash, a sync tool) is waited for, said so, and watched again when it is
  // back; everything is rendered again then, since anything in it may have changed.
  const folderEvents = (onChange: (file: string) => void) => ({
    changed: onChange,
    lost: (root: string) => io.stderr(`${displayPath(root)} is gone; waiting for it to come back (Ctrl-C to stop)\n`),
    restored: (root: string) => {
      io.stderr(`${displayPath(root)} is back; watching it again\n`);
      everything();
    },
  });
  const watches: FolderWatch[] = [];
  // A folder given is watched whole; a file given, through its folder, for that file alone (and, when it is a
  // symlink, through the folder of the file it points to, where an editor saves it).
  for (const input of inputs) {
    const isFile = initial.some((file) => resolve(file) === resolve(input));
    if (!isFile) {
      watches.push(new FolderWatch([input], YAML_FILE, folderEvents((file) => settle(displayPath(file), () => void render(displayPath(file))))));
      continue;
    }
    const target = realTarget(input);
    watches.push(new FolderWatch(target === resolve(input) ? [input] : [input, target], YAML_FILE, folderEvents(() => settle(input, () => void render(input)))));
  }
  watches.push(new FolderWatch([options.criteria ?? bundledCriteriaDir()], YAML_FILE, folderEvents(everything)));
  if (options.templates) watches.push(new FolderWatch([options.templates], TEMPLATE_FILE, folderEvents(everything), false));
  io.stderr(`watching ${inputs.join(", ")} (Ctrl-C to stop)\n`);

  // Ctrl-C (or SIGTERM) ends the watch cleanly; only while watching, so that other commands keep Node's default.
  await untilStopped(signal);
  for (const folderWatch of watches) folderWatch.close();
  for (const timer of pending.values()) clearTimeout(timer);
  return ExitCode.ok;
}

/** The file a path leads to through any symlinks, or the path itself when it cannot be resolved. */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
