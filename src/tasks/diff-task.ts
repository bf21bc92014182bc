import { isAbsolute, join, relative } from "node:path";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { changedInWorkingTree, followLinks, GitError, listTree, listWorkingTreeFiles, readBlobs, repositoryTop, resolveCommit, type LinkTarget, type TreeFile } from "../load/git-files.js";
import { bundledCriteriaDir, displayPath, pathExists, pathWithin } from "../load/paths.js";
import { decodeSource, MAX_FILE_BYTES, readSource, type SourceText } from "../load/read-source.js";
import { YAML_FILE } from "../load/walk-files.js";
import { parseYaml } from "../parse/parse-yaml.js";
import type { Assessment, Framework } from "../model/model.js";
import { diffFrameworkSets } from "../compare/diff-frameworks.js";
import { diffProgramme, flagChanges, type FailOn, type FileStatus, type ProgrammeFiles, type RevisionDiff } from "../compare/diff-revisions.js";
import { DIFF_FORMATS, type DiffFormat } from "../render/formats.js";
import { describeFlag, renderDiff, type Revision } from "../render/render-diff.js";
import { TemplateError } from "../render/templates.js";
import type { FrameworkSet } from "../validate/validate-frameworks.js";
import { checkSource, frameworksFromSources } from "./load-files.js";
import { outputFormat, outputOverInput } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, usageProblem, type TaskResult } from "./task-result.js";

export interface DiffOptions {
  /**
   * Revisions and paths as given on a command line, told apart by git: the leading ones that name commits (at most
   * two) are revisions, the rest paths. One that names a commit and is also a file or folder is refused as ambiguous.
   */
  operands?: string[];
  /** Revisions given apart from the paths (as before `--`): none, one (against the working tree) or two. */
  revisions?: string[];
  /** Files and folders to compare, relative to the working folder; by default all of it. */
  paths?: string[];
  /** By default from the output's extension, else text. */
  format?: DiffFormat;
  output?: string;
  /** What to fail on (see FAIL_ON_CONDITIONS); by default a rating changed without a change of commentary. */
  failOn?: FailOn[];
}

/** One side of the diff: a commit, or the working tree (the files on disk that git tracks or would track). */
type Side = { kind: "commit"; name: string; commit: string } | { kind: "working-tree" };

/** A file as one side has it: its text, or why it cannot be read. */
interface SideFile {
  /** Its name in messages: `HEAD:assessments/mines/cambodia.yaml`, or the path on disk. */
  shown: string;
  /** Its path, as on disk (relative to the working folder), whichever the revision. */
  path: string;
  source?: SourceText;
  diagnostics: Diagnostic[];
  /** A symbolic link at a revision, read through. */
  linked?: true;
}

/** A side's files under the paths, keyed by their path from the repository's top folder, and its frameworks. */
interface Snapshot {
  side: Side;
  files: Map<string, SideFile>;
  frameworks: FrameworkSet;
  frameworkDiagnostics: Diagnostic[];
  /** The framework files' texts, for code frames. */
  frameworkSources: ReadonlyMap<string, string>;
  /** The criteria folder's files among the paths compared (its changes are then listed). */
  criteriaListed: boolean;
  /** The frameworks are those on disk (the working tree's, or the same for both sides), not a revision's. */
  frameworksOnDisk: boolean;
}

const DEFAULT_FAIL_ON: readonly FailOn[] = ["unexplained-rating"];

/**
 * `assess diff`: what changed in the assessments and frameworks between two git revisions (by default the last
 * commit and the working tree): each programme's years whose scores, commentary, printed values or framework
 * changed, with the average and rating before and after and the criteria that drove the change; files added,
 * deleted and renamed; a file invalid at either revision, with its diagnostics at that revision. The problems of
 * the earlier revision are shown but do not count (the change may be what fixed them); `failOn` names the changes
 * that end the run with ExitCode.flagged.
 */
export async function diffTask(options: DiffOptions, context: TaskContext): Promise<TaskResult> {
  const { format, usage } = outputFormat(options.format, options.output, DIFF_FORMATS, "text", "a diff");
  if (usage !== undefined) return usageProblem(usage);
  const cwd = process.cwd();
  try {
    const top = repositoryTop(cwd);
    const asked = sidesAndPaths(cwd, options);
    if ("usage" in asked) return usageProblem(asked.usage);
    const { from, to, paths } = asked;
    // The criteria folder (or file) as a path in the repository, when it is in it.
    const criteria = pathWithin(top, context.options.criteria ?? bundledCriteriaDir());
    const before = await snapshot(from, cwd, top, paths, criteria, context);
    const after = await snapshot(to, cwd, top, paths, criteria, context);
    const unmatched = paths.filter((path) => !pathExists(path) && !matchesAny(top, path, [...before.files.keys(), ...after.files.keys()]));
    if (unmatched.length > 0) return usageProblem(`${unmatched.join(", ")}: neither a revision nor a file or folder at either revision`);

    // The files compared, as they are on disk, which no output may replace, whichever revisions were read: an
    // assessment written over with the diff would be lost from the working tree.
    const inputs = [...new Set([...before.files.values(), ...after.files.values()].map((file) => file.path))].filter((path) => pathExists(path));
    const refused = outputOverInput(options.output, context.options, inputs);
    if (refused) return usageProblem(refused);

    // Where git sees no change (line ends converted on checkout by core.autocrlf or .gitattributes), there is none.
    // Only between two readings: not for a link (git compares the link, its reading is the file it leads to), nor a
    // file one side cannot read.
    let changed: Set<string> | undefined;
    const sameForGit = (key: string): boolean => {
      const was = before.files.get(key);
      if (from.kind !== "commit" || to.kind !== "working-tree" || !was?.source || was.linked || !after.files.get(key)?.source) return false;
      changed ??= changedInWorkingTree(cwd, from.commit, paths);
      return !changed.has(key);
    };
    const compared = compareSnapshots(before, after, sameForGit);
    const failOn = options.failOn ?? DEFAULT_FAIL_ON;
    const flags = flagChanges(compared.diff, failOn);
    const revisions = { from: revisionOf(from), to: revisionOf(to) };
    let text: string;
    try {
      const problems = sortDiagnostics([...compared.diagnostics, ...compared.uncounted]);
      text = renderDiff(compared.diff, { format, templates: context.templates(), ...revisions, problems, flags, failOn });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return taskResult({ diagnostics: [...compared.diagnostics, error.diagnostic], sources: compared.sources });
    }
    return taskResult({
      diagnostics: compared.diagnostics,
      uncounted: compared.uncounted,
      sources: compared.sources,
      inputs,
      ...(options.output === undefined ? { stdout: text } : { outputs: [{ path: options.output, text }] }),
      flagged: flags.map((flag) => describeFlag(flag)),
      ...(flags.length > 0 && { closingNotes: [`assess: ${flags.length === 1 ? "a change fails" : `${flags.length} changes fail`} --fail-on ${failOn.join(",")}:`, ...flags.map((flag) => `  ${describeFlag(flag)}`)] }),
    });
  } catch (error) {
    if (error instanceof GitError) return usageProblem(error.message);
    throw error;
  }
}

function revisionOf(side: Side): Revision {
  return side.kind === "commit" ? { name: side.name, commit: side.commit } : { name: "the working tree" };
}

/** The two sides and the paths, from the revisions and paths given (see DiffOptions). */
function sidesAndPaths(cwd: string, options: DiffOptions): { from: Side; to: Side; paths: string[] } | { usage: string } {
  let revisions: string[];
  let paths: string[];
  if (options.operands === undefined) {
    revisions = options.revisions ?? [];
    paths = options.paths ?? [];
  } else {
    revisions = [];
    let index = 0;
    for (; index < options.operands.length && revisions.length < 2; index++) {
      const operand = options.operands[index]!;
      if (resolveCommit(cwd, operand) === undefined) break;
      if (pathExists(operand)) return { usage: `${operand} names both a revision and a file or folder; put -- between the revisions and the paths` };
      revisions.push(operand);
    }
    paths = [...options.operands.slice(index), ...(options.paths ?? [])];
  }
  if (revisions.length > 2) return { usage: `give at most two revisions (from and to), not ${revisions.length}` };
  const commits: Side[] = [];
  for (const revision of revisions) {
    const commit = resolveCommit(cwd, revision);
    if (commit === undefined) return { usage: `${revision} names no commit of this repository` };
    commits.push({ kind: "commit", name: revision, commit });
  }
  if (commits.length === 0) {
    const head = resolveCommit(cwd, "HEAD");
    if (head === undefined) return { usage: "HEAD names no commit: this repository has no commit yet; commit the files first, then diff the working tree against it" };
    commits.push({ kind: "commit", name: "HEAD", commit: head });
  }
  return { from: commits[0]!, to: commits[1] ?? { kind: "working-tree" }, paths };
}

/** Whether `key` (from the top folder) is `folder` or lies below it (every key lies below ""). */
function isUnder(key: string, folder: string): boolean {
  return folder === "" || key === folder || key.startsWith(`${folder}/`);
}

/** Whether any file listed lies under `path` (as given, relative to the working folder). */
function matchesAny(top: string, path: string, keys: readonly string[]): boolean {
  const key = pathWithin(top, path);
  return key !== undefined && keys.some((file) => isUnder(file, key));
}

/** YAML files, leaving out those in folders or with names starting with a dot (.github/, editors' files), as the folder walker does. */
function isCompared(key: string): boolean {
  return YAML_FILE.test(key) && !key.split("/").some((part) => part.startsWith("."));
}

/** What a side has: its files under the paths, read, and the frameworks it scores them with. */
async function snapshot(side: Side, cwd: string, top: string, paths: readonly string[], criteria: string | undefined, context: TaskContext): Promise<Snapshot> {
  const shownAt = (key: string) => (side.kind === "commit" ? `${side.name}:${displayPath(join(top, key))}` : displayPath(join(top, key)));
  const files = new Map<string, SideFile>();
  let criteriaListed = false;
  if (side.kind === "working-tree") {
    for (const { path: key, utf8 } of listWorkingTreeFiles(cwd, paths).filter((file) => isCompared(file.path))) {
      if (criteria !== undefined && isUnder(key, criteria)) {
        criteriaListed = true;
        continue;
      }
      const shown = shownAt(key);
      if (!utf8) {
        // No path given as text opens it: said, as the folder walker says it, never taken for a file deleted.
        files.set(key, { shown, path: shown, diagnostics: [diagnostic("file-unreadable", "this file's name is not UTF-8 text; rename it", { file: shown })] });
        continue;
      }
      // A tracked file deleted from the disk is not in the working tree.
      if (!pathExists(shown)) continue;
      const { source, diagnostics } = readSource(shown);
      files.set(key, { shown, path: shown, ...(source && { source }), diagnostics });
    }
    const loaded = await context.frameworks();
    return { side, files, frameworks: loaded, frameworkDiagnostics: loaded.diagnostics, frameworkSources: loaded.sources, criteriaListed, frameworksOnDisk: true };
  }
  const tree = listTree(cwd, side.commit, paths).filter((file) => isCompared(file.path));
  const criteriaTree = criteria === undefined ? [] : listTree(cwd, side.commit, [relative(cwd, join(top, criteria)) || "."]).filter((file) => isCompared(file.path));
  const ours = tree.filter((file) => !(criteria !== undefined && isUnder(file.path, criteria)));
  criteriaListed = ours.length < tree.length;
  // A symbolic link is read as on disk: followed within the revision, or to the file on disk when it leads out of it.
  const links = followLinks(cwd, side.commit, [...ours, ...criteriaTree].filter((file) => file.symlink).map((file) => file.path));
  const target = (file: TreeFile): TreeFile | Exclude<LinkTarget, { kind: "file" }> => {
    if (!file.symlink) return file;
    const link = links.get(file.path)!;
    return link.kind === "file" ? { ...file, id: link.id, size: link.size, symlink: false } : link;
  };
  const readable = (file: TreeFile | Exclude<LinkTarget, { kind: "file" }>): file is TreeFile => "path" in file && file.size <= MAX_FILE_BYTES;
  const blobs = readBlobs(cwd, [...ours, ...criteriaTree].map(target).filter(readable).map((file) => file.id));
  const read = (linked: TreeFile): SideFile => {
    const shown = shownAt(linked.path);
    const at = { shown, path: displayPath(join(top, linked.path)), ...(linked.symlink && { linked: true as const }) };
    const file = target(linked);
    if (!("path" in file)) {
      if (file.kind === "unreadable") return { ...at, diagnostics: [diagnostic("file-unreadable", file.message, { file: shown })] };
      const { source, diagnostics } = readSource(isAbsolute(file.target) ? file.target : join(top, file.target));
      return { ...at, ...(source && { source: { ...source, file: shown } }), diagnostics: diagnostics.map((d) => ({ ...d, file: shown })) };
    }
    if (file.size > MAX_FILE_BYTES) {
      const message = `the file is ${Math.ceil(file.size / 1024)} KiB at this revision, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for one assessment or framework`;
      return { ...at, diagnostics: [diagnostic("file-too-large", message, { file: shown })] };
    }
    const bytes = blobs.get(file.id);
    if (!bytes) return { ...at, diagnostics: [diagnostic("file-unreadable", "git could not read this file at this revision", { file: shown })] };
    const { source, diagnostics } = decodeSource(shown, bytes);
    return { ...at, ...(source && { source }), diagnostics };
  };
  for (const file of ours) files.set(file.path, read(file));
  // Frameworks kept in the repository are read at the revision; otherwise (the bundled ones of an installed package,
  // a folder outside the repository) both sides are scored with those on disk.
  if (criteriaTree.length === 0) {
    const loaded = await context.frameworks();
    return { side, files, frameworks: loaded, frameworkDiagnostics: loaded.diagnostics, frameworkSources: loaded.sources, criteriaListed, frameworksOnDisk: true };
  }
  const criteriaFiles = criteriaTree.map(read);
  const loaded = frameworksFromSources(criteriaFiles.flatMap((file) => (file.source ? [file.source] : [])));
  const frameworkDiagnostics = [...criteriaFiles.flatMap((file) => file.diagnostics), ...loaded.diagnostics];
  return { side, files, frameworks: loaded, frameworkDiagnostics, frameworkSources: loaded.sources, criteriaListed, frameworksOnDisk: false };
}

/** A file of one side as checked: an assessment when it is one and valid. */
interface Checked {
  key: string;
  file: SideFile;
  text?: string;
  kind?: "framework" | "assessment";
  assessment?: Assessment;
  /** The programme's name as written, valid or not. */
  programme?: string;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

function check(key: string, file: SideFile, frameworks: FrameworkSet): Checked {
  if (!file.source) return { key, file, diagnostics: file.diagnostics, sources: new Map() };
  const result = checkSource(file.source, frameworks);
  return {
    key,
    file,
    text: file.source.text,
    ...(result.kind && { kind: result.kind }),
    ...(result.assessment && { assessment: result.assessment }),
    ...(result.programme !== undefined && { programme: result.programme }),
    diagnostics: [...file.diagnostics, ...result.diagnostics],
    sources: result.sources,
  };
}

/** Whether a checked file is compared as an assessment: it is one, or it is too broken to tell. */
const asAssessment = (checked: Checked) => checked.kind === "assessment" || (checked.kind === undefined && hasErrors(checked.diagnostics));

/**
 * The diff of two snapshots, with the problems to show: the later side's (counted), and the earlier side's errors
 * (shown, not counted). Of a file's warnings at the later side, only those it did not have before are shown.
 */
function compareSnapshots(before: Snapshot, after: Snapshot, sameForGit: (key: string) => boolean): { diff: RevisionDiff; diagnostics: Diagnostic[]; uncounted: Diagnostic[]; sources: Map<string, string> } {
  const frameworkDiffs = diffFrameworkSets(before.frameworks, after.frameworks);
  const frameworksChanged = frameworkDiffs.length > 0;
  const keys = [...new Set([...before.files.keys(), ...after.files.keys()])].sort();

  const onlyBefore: Checked[] = [];
  const onlyAfter: Checked[] = [];
  const pairs: { before?: Checked; after?: Checked; status: FileStatus }[] = [];
  const otherFiles: RevisionDiff["otherFiles"] = [];
  for (const key of keys) {
    const was = before.files.get(key);
    const is = after.files.get(key);
    // Two unreadable versions (too large, not UTF-8) count as unchanged: there is nothing to compare.
    const textChanged = !was || !is || (was.source?.text !== is.source?.text && !sameForGit(key));
    if (!textChanged && !frameworksChanged) continue;
    const checkedBefore = was && check(key, was, before.frameworks);
    const checkedAfter = is && check(key, is, after.frameworks);
    if (![checkedBefore, checkedAfter].some((c) => c && asAssessment(c))) {
      if (textChanged) otherFiles.push({ file: (is ?? was)!.path, status: !was ? "added" : !is ? "deleted" : "modified" });
      continue;
    }
    if (checkedBefore && checkedAfter) pairs.push({ before: checkedBefore, after: checkedAfter, status: textChanged ? "modified" : "unchanged" });
    else if (checkedBefore) onlyBefore.push(checkedBefore);
    else onlyAfter.push(checkedAfter!);
  }
  // A file deleted and one added are one file renamed when they hold the same text, or the same programme.
  const pairUp = (same: (a: Checked, b: Checked) => boolean) => {
    for (const gone of [...onlyBefore]) {
      const match = onlyAfter.find((added) => same(gone, added));
      if (!match) continue;
      pairs.push({ before: gone, after: match, status: "renamed" });
      onlyBefore.splice(onlyBefore.indexOf(gone), 1);
      onlyAfter.splice(onlyAfter.indexOf(match), 1);
    }
  };
  pairUp((a, b) => a.text !== undefined && a.text === b.text);
  pairUp((a, b) => !!a.assessment && !!b.assessment && a.assessment.programme === b.assessment.programme);
  for (const b of onlyBefore) pairs.push({ before: b, status: "deleted" as const });
  for (const a of onlyAfter) pairs.push({ after: a, status: "added" as const });

  const sources = new Map<string, string>([...before.frameworkSources, ...after.frameworkSources]);
  const diagnostics: Diagnostic[] = [...after.frameworkDiagnostics];
  // Frameworks both sides read from disk have their problems once, with the later side's.
  const uncounted: Diagnostic[] = before.frameworksOnDisk && after.frameworksOnDisk ? [] : before.frameworkDiagnostics.filter((d) => d.severity === "error");
  const show = (checked: Checked, shown: Diagnostic[], counted: boolean) => {
    if (shown.length === 0) return;
    for (const d of shown) (counted ? diagnostics : uncounted).push(d);
    for (const [file, text] of checked.sources) sources.set(file, text);
  };
  const frameworks = new Map<string, Framework>([...before.frameworks.byId, ...after.frameworks.byId]);
  const side = (checked: Checked) => ({
    file: checked.file.shown,
    path: checked.file.path,
    ...(checked.assessment && { assessment: checked.assessment }),
    ...(checked.programme !== undefined && { programme: checked.programme }),
  });
  const entries = pairs.map(({ before: was, after: is, status }) => {
    const b = was && unknownDocument(was);
    const a = is && unknownDocument(is);
    const textChanged = b === undefined || a === undefined || (b.text !== a.text && !sameForGit(a.key));
    if (b) show(b, b.diagnostics.filter((d) => d.severity === "error"), false);
    if (a) {
      // A warning the file had already is not news; nor is one of a file scored again only for a framework's change.
      const had = new Set((b?.diagnostics ?? []).map(warningKey));
      show(a, a.diagnostics.filter((d) => d.severity === "error" || (textChanged && !had.has(warningKey(d)))), true);
    }
    const files: ProgrammeFiles = { status, ...(b && { before: side(b) }), ...(a && { after: side(a) }), textChanged };
    return { key: (a ?? b)!.key, files };
  });
  entries.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const programmes = entries
    .map(({ files }) => diffProgramme(files, frameworks))
    .filter((p) => p.years.length > 0 || p.textOnly || p.previousName !== undefined || p.status === "added" || p.status === "deleted" || p.status === "renamed" || p.before?.valid === false || p.after?.valid === false);
  const listed = before.criteriaListed || after.criteriaListed;
  return {
    diff: { programmes, frameworks: listed ? frameworkDiffs : [], otherFiles },
    diagnostics: sortDiagnostics(diagnostics),
    uncounted: sortDiagnostics(uncounted),
    sources,
  };
}

/**
 * A file compared with an assessment (at the other revision) that is well-formed YAML but neither an assessment nor
 * a framework is invalid there, as validate says: with the unknown-document error, never invalid without a word.
 */
function unknownDocument(checked: Checked): Checked {
  if (checked.kind !== undefined || !checked.file.source || hasErrors(checked.diagnostics)) return checked;
  const at = parseYaml(checked.file.source).locate([]);
  const message = "this YAML is neither an assessment (with 'programme' and 'years') nor a framework (with 'criteria' and 'bands')";
  return {
    ...checked,
    diagnostics: [...checked.diagnostics, diagnostic("unknown-document", message, { file: checked.file.shown, ...at })],
    sources: new Map([...checked.sources, [checked.file.shown, checked.file.source.text]]),
  };
}

/** A warning as the same whatever line it moved to: its code, the keys to its node, and its message. */
function warningKey(d: Diagnostic): string {
  return `${d.code}\0${d.path.join("\0")}\0${d.message}`;
}
