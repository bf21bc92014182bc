import { resolve } from "node:path";
import { TEMPLATE_FILE, walkFiles, YAML_FILE } from "../load/walk-files.js";
import { FolderWatch } from "../load/watch-folders.js";
import { displayPath, loadAssessment, loadFrameworks, type LoadOptions } from "../load/load-files.js";
import { bundledCriteriaDir } from "../paths.js";
import { defaultYears, renderAssessment, type AssessmentFormat } from "../render/render-assessment.js";
import { TemplateError, Templates } from "../render/templates.js";
import { protectedInputs, UsageError, type Io } from "./commands.js";
import { ExitCode } from "./exit-codes.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { outputPath } from "./render-batch.js";
import { makeFolders, writeOutput } from "./write-output.js";

export interface WatchOptions {
  criteria?: string;
  templates?: string;
  format?: AssessmentFormat;
  years?: number[];
  output?: string;
  outDir?: string;
}

/**
 * Renders the assessments under `paths`, then re-renders each one when it is saved, until `signal` aborts (the CLI
 * passes Ctrl-C). An invalid file mid-edit prints its diagnostics and the watch goes on; the last good output stays.
 * A change to a framework or template re-renders everything. Frameworks and compiled templates are kept between
 * saves, so a save costs one file's parse, check and render.
 */
export async function watchCommand(paths: string[], options: WatchOptions, io: Io, signal: AbortSignal): Promise<number> {
  if ((options.output === undefined) === (options.outDir === undefined)) throw new UsageError("watch writes to -o FILE (one assessment) or --out-dir DIR");
  const format = options.format ?? "html";
  const inputs = paths.map(displayPath);
  const loadOptions: LoadOptions = options.criteria ? { criteriaDir: options.criteria } : {};
  let frameworks = loadFrameworks(loadOptions);
  let templates = new Templates(options.templates);
  const files = () => walkFiles(inputs).files;
  const initial = files();
  if (options.output !== undefined && (initial.length !== 1 || inputs.length !== 1)) throw new UsageError("-o FILE watches one assessment; for several, use --out-dir DIR");

  if (options.outDir !== undefined) makeFolders(options.outDir);
  const outputOf = (file: string) => options.output ?? outputPath({ outDir: options.outDir!, format }, file);
  const render = (file: string) => {
    const started = performance.now();
    const result = loadAssessment(file, loadOptions, frameworks);
    if (!result.assessment) {
      io.stderr(formatDiagnostics(result.diagnostics, result.sources));
      io.stderr(`${file}: not rendered (fix the problems above; ${outputOf(file)} keeps its last good version)\n`);
      return;
    }
    try {
      const text = renderAssessment(result.assessment, { format, years: options.years ?? defaultYears(result.assessment), templates, frameworks: frameworks.byId });
      writeOutput(outputOf(file), text, protectedInputs(options, [file]));
      io.stderr(formatDiagnostics(result.diagnostics, result.sources));
      io.stderr(`rendered ${outputOf(file)} in ${Math.round(performance.now() - started)} ms\n`);
    } catch (error) {
      if (error instanceof TemplateError) io.stderr(formatDiagnostics([error.diagnostic]));
      else io.stderr(`assess: error: ${(error as Error).message}\n`);
    }
  };
  const renderAll = (all: string[]) => {
    io.stderr(formatDiagnostics(frameworks.diagnostics, frameworks.sources));
    for (const file of all) render(file);
  };
  renderAll(initial);

  // Saves arrive as several events (editors write, rename, touch); each file is handled once they settle.
  const pending = new Map<string, NodeJS.Timeout>();
  const settle = (key: string, action: () => void) => {
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => (pending.delete(key), action()), 30));
  };
  const everything = () =>
    settle("*", () => {
      frameworks = loadFrameworks(loadOptions);
      templates = new Templates(options.templates);
      renderAll(files());
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
  // A folder given is watched whole; a file given, through its folder, for that file alone.
  for (const input of inputs) {
    const isFile = initial.some((file) => resolve(file) === resolve(input));
    watches.push(
      new FolderWatch([isFile ? resolve(input, "..") : input], YAML_FILE, folderEvents((file) => {
        if (!isFile || resolve(file) === resolve(input)) settle(displayPath(file), () => render(displayPath(file)));
      })),
    );
  }
  watches.push(new FolderWatch([options.criteria ?? bundledCriteriaDir()], YAML_FILE, folderEvents(everything)));
  if (options.templates) watches.push(new FolderWatch([options.templates], TEMPLATE_FILE, folderEvents(everything)));
  io.stderr(`watching ${inputs.join(", ")} (Ctrl-C to stop)\n`);

  // Ctrl-C (or SIGTERM) ends the watch cleanly; only while watching, so that other commands keep Node's default.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  signal.addEventListener("abort", onSignal, { once: true });
  await new Promise<void>((resolveWait) => stop.signal.addEventListener("abort", () => resolveWait(), { once: true }));
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  for (const folderWatch of watches) folderWatch.close();
  for (const timer of pending.values()) clearTimeout(timer);
  return ExitCode.ok;
}
