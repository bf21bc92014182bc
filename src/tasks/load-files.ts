import { resolve } from "node:path";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Assessment } from "../model/model.js";
import { parseYaml, type ParsedYaml, type SourceText } from "../parse/parse-yaml.js";
import { parseYamlQuickly, PositionNeeded } from "../parse/parse-yaml-quickly.js";
import { bundledCriteriaDir, displayPath } from "../load/paths.js";
import { checkAssessment } from "./check-assessment.js";
import { validateFrameworks, type FrameworkSet } from "../validate/validate-frameworks.js";
import { walkFiles } from "../load/walk-files.js";
import { readSource } from "../load/read-source.js";

export interface LoadOptions {
  /** Folder of framework files; the bundled criteria/ when absent. */
  criteriaDir?: string;
}

/** What a run read: diagnostics for all of it, and each file's text so a printer can show the offending line. */
export interface LoadReport {
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export type DocumentKind = "framework" | "assessment";

export { displayPath };

function parseSource(source: SourceText, report: LoadReport): ParsedYaml {
  report.sources.set(source.file, source.text);
  const parsed = parseYaml(source);
  for (const d of parsed.diagnostics) report.diagnostics.push(d);
  return parsed;
}

/** Reads, parses and validates every framework file in a folder. */
export function loadFrameworks(options: LoadOptions = {}, report: LoadReport = newReport()): FrameworkSet & LoadReport & { files: string[] } {
  const folder = displayPath(options.criteriaDir ?? bundledCriteriaDir());
  const { files, diagnostics } = walkFiles([folder]);
  for (const d of diagnostics) report.diagnostics.push(d);
  if (files.length === 0 && !hasErrors(diagnostics)) {
    report.diagnostics.push(diagnostic("file-unreadable", "this criteria folder holds no framework files (*.yaml)", { file: folder }));
  }
  const sources = files.flatMap((file) => {
    const { source, diagnostics } = readSource(file);
    for (const d of diagnostics) report.diagnostics.push(d);
    return source ? [source] : [];
  });
  return { ...frameworksFromSources(sources, report), files };
}

/**
 * The frameworks of framework files already read (from a folder, or from a git revision), checked as a set. Their
 * problems, and the text of every file, go into `report`.
 */
export function frameworksFromSources(sources: readonly SourceText[], report: LoadReport = newReport()): FrameworkSet & LoadReport {
  // Read quickly when every file is plain and the set has no problem; otherwise again with the full parser, for the
  // positions of its diagnostics (see parseYamlQuickly).
  const quick = sources.map((source) => parseYamlQuickly(source, "none"));
  let set = quick.every((parsed) => parsed !== undefined) ? withoutPositions(() => validateFrameworks(quick)) : undefined;
  if (!set || set.diagnostics.length > 0) {
    set = validateFrameworks(sources.map((source) => parseSource(source, report)).filter((p) => p.value !== undefined));
  }
  for (const source of sources) report.sources.set(source.file, source.text);
  for (const d of set.diagnostics) report.diagnostics.push(d);
  return { byId: set.byId, invalidIds: set.invalidIds, ...report };
}

/**
 * The assessment in `source` when its quick reading (see parseYamlQuickly) checks without a single diagnostic, or
 * undefined: the caller then reads it with the full parser, whose positions every diagnostic needs.
 */
function plainValidAssessment(source: SourceText, frameworks: FrameworkSet): Assessment | undefined {
  const quick = parseYamlQuickly(source, "none");
  if (!quick || documentKind(quick.value) !== "assessment") return undefined;
  // The first diagnostic asks for its position, which stops the check: the file is read fully and checked again.
  const result = withoutPositions(() => checkAssessment(quick, frameworks));
  return result && result.diagnostics.length === 0 ? result.assessment : undefined;
}

/** What `check` returns, or undefined when it asked a quick reading for a position (it found a problem). */
function withoutPositions<T>(check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (error instanceof PositionNeeded) return undefined;
    throw error;
  }
}

/**
 * Loads one programme's assessment with the frameworks it is scored under. `assessment` is present only when
 * neither it nor any framework file has errors.
 */
export function loadAssessment(
  file: string,
  options: LoadOptions = {},
  /** Frameworks loaded before, for a batch; their own diagnostics are then the caller's to report. */
  loaded?: FrameworkSet,
  /** The file as the caller has read it already with readSource (it is then not read again). */
  read?: { source?: SourceText; diagnostics: Diagnostic[] },
): LoadReport & { assessment?: Assessment; frameworks: FrameworkSet } {
  const report = newReport();
  const frameworks = loaded ?? loadFrameworks(options, report);
  const { source, diagnostics: unreadable } = read ?? readSource(displayPath(file));
  for (const d of unreadable) report.diagnostics.push(d);
  let assessment = source && plainValidAssessment(source, frameworks);
  if (source) report.sources.set(source.file, source.text);
  if (source && !assessment) {
    const result = checkAssessment(parseSource(source, report), frameworks);
    for (const d of result.diagnostics) report.diagnostics.push(d);
    assessment = result.assessment;
  }
  const diagnostics = sortDiagnostics(report.diagnostics);
  const ok = !diagnostics.some((d) => d.severity === "error");
  return { ...(ok && assessment && { assessment }), frameworks, diagnostics, sources: report.sources };
}

/**
 * One file's text, checked as whatever it is: an assessment is checked against `frameworks` (`assessment` present
 * when it has no errors); a framework or a file that is neither is only recognised (`kind`), not checked; a file
 * that does not parse has its diagnostics and no kind.
 */
export function checkSource(
  source: SourceText,
  frameworks: FrameworkSet,
): LoadReport & { kind?: DocumentKind; assessment?: Assessment; /** The programme's name as written, valid or not. */ programme?: string } {
  const report = newReport();
  const quick = plainValidAssessment(source, frameworks);
  if (quick) return { ...report, kind: "assessment", assessment: quick, programme: quick.programme };
  const parsed = parseSource(source, report);
  if (parsed.value === undefined) return report;
  const kind = documentKind(parsed.value);
  if (kind !== "assessment") return { ...report, ...(kind && { kind }) };
  const written = (parsed.value as { programme?: unknown }).programme;
  const result = checkAssessment(parsed, frameworks);
  const diagnostics = sortDiagnostics([...report.diagnostics, ...result.diagnostics]);
  const ok = !hasErrors(diagnostics);
  return {
    diagnostics,
    sources: report.sources,
    kind,
    ...(typeof written === "string" && written.trim() !== "" && { programme: written }),
    ...(ok && result.assessment && { assessment: result.assessment }),
  };
}

export interface ValidatedFile {
  file: string;
  kind?: DocumentKind;
  errors: number;
  warnings: number;
}

/**
 * Validates files and folders of frameworks and assessments, telling them apart by their keys. Framework files
 * given here are also available to the assessments given with them, ahead of the criteria folder's.
 */
export function validateFiles(paths: readonly string[], options: LoadOptions = {}): LoadReport & { files: ValidatedFile[] } {
  const report = newReport();
  const { files, diagnostics } = walkFiles(paths.map(displayPath));
  for (const d of diagnostics) report.diagnostics.push(d);
  const criteria = loadFrameworks(options, report);
  // Files of the criteria folder given again (`assess validate criteria/`) were read and checked just now.
  const criteriaFiles = new Set(criteria.files.map((file) => resolve(file)));
  const kinds = new Map<string, DocumentKind | undefined>(
    files.filter((file) => criteriaFiles.has(resolve(file))).map((file) => [file, "framework"]),
  );
  // One file at a time, so that a folder of thousands is never held in memory: each assessment is checked as it
  // is read, against the criteria folder's frameworks. Only those naming a framework that is not there wait (with
  // framework files given here) to be checked again once all those are known.
  const givenFrameworks: ParsedYaml[] = [];
  const waiting: ParsedYaml[] = [];
  const keep = (file: string, found: readonly Diagnostic[]) => {
    for (const d of found) report.diagnostics.push(d);
    if (found.length === 0 && !report.diagnostics.some((d) => d.file === file)) report.sources.delete(file);
  };
  for (const file of files) {
    if (criteriaFiles.has(resolve(file))) continue;
    const { source, diagnostics: unreadable } = readSource(file);
    for (const d of unreadable) report.diagnostics.push(d);
    if (source && plainValidAssessment(source, criteria)) {
      kinds.set(file, "assessment");
      continue;
    }
    const parsed = source && parseSource(source, report);
    if (parsed?.value === undefined) {
      keep(file, []);
      continue;
    }
    const kind = documentKind(parsed.value);
    kinds.set(file, kind);
    if (kind === "framework") {
      givenFrameworks.push(parsed);
    } else if (kind === "assessment") {
      const found = checkAssessment(parsed, criteria).diagnostics;
      if (found.some((d) => d.code === "unknown-framework" || d.code === "framework-invalid")) waiting.push(parsed);
      else keep(file, found);
    } else {
      keep(file, [
        diagnostic("unknown-document", "this YAML is neither an assessment (with 'programme' and 'years') nor a framework (with 'criteria' and 'bands')", {
          file,
          ...parsed.locate([]),
        }),
      ]);
    }
  }
  // A framework given here whose id the criteria folder declares too is an error, as two files with one id in the
  // criteria folder are: which of them an assessment means cannot be told. Give its folder with --criteria instead.
  const criteriaFileOf = new Map([...criteria.byId.values()].map((framework) => [framework.id, framework.file]));
  const distinct = givenFrameworks.filter((parsed) => {
    const id = (parsed.value as { id?: unknown }).id;
    if (typeof id !== "string" || !(criteriaFileOf.has(id) || criteria.invalidIds.has(id))) return true;
    const other = criteriaFileOf.get(id);
    report.diagnostics.push(
      diagnostic(
        "duplicate-framework",
        `framework id '${id}' is already declared in the criteria folder${other ? ` (${other})` : ""}; give each edition its own id, or check against this file's folder with --criteria`,
        { file: parsed.file, path: ["id"], ...parsed.locate(["id"]) },
      ),
    );
    return false;
  });
  const own = validateFrameworks(distinct, criteria.byId);
  for (const d of own.diagnostics) report.diagnostics.push(d);
  const frameworks: FrameworkSet = {
    byId: new Map([...criteria.byId, ...own.byId]),
    invalidIds: new Set([...[...criteria.invalidIds].filter((id) => !own.byId.has(id)), ...own.invalidIds]),
  };
  for (const parsed of waiting) keep(parsed.file, checkAssessment(parsed, frameworks).diagnostics);
  const sorted = sortDiagnostics(report.diagnostics);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of sorted) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  // A file the walk could not even list (a name that is not UTF-8) counts as a file checked, with its error.
  const listed = new Set(files);
  const unlisted = diagnostics.filter((d) => d.severity === "error" && !listed.has(d.file)).map((d) => d.file);
  const summary = [...files, ...new Set(unlisted)].map((file): ValidatedFile => {
    const mine = byFile.get(file) ?? [];
    return {
      file,
      ...(kinds.get(file) && { kind: kinds.get(file) }),
      errors: mine.filter((d) => d.severity === "error").length,
      warnings: mine.filter((d) => d.severity === "warning").length,
    };
  });
  return { diagnostics: sorted, sources: report.sources, files: summary };
}

/** Assessments have a programme and years; frameworks have criteria and bands. */
export function documentKind(value: unknown): DocumentKind | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  if (Object.hasOwn(value, "programme") || Object.hasOwn(value, "years")) return "assessment";
  if (Object.hasOwn(value, "criteria") || Object.hasOwn(value, "bands")) return "framework";
  return undefined;
}

function newReport(): LoadReport {
  return { diagnostics: [], sources: new Map() };
}
