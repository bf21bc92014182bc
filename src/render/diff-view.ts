import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Comparison, CriterionChange } from "../compare/compare-years.js";
import type { FrameworkChange, FrameworkDiff } from "../compare/diff-frameworks.js";
import type { Flag, ProgrammeDiff, RevisionDiff, YearDiff } from "../compare/diff-revisions.js";
import type { WordChange } from "../compare/diff-words.js";
import type { AssessmentYear } from "../model/model.js";
import { formatAverage, type YearScore } from "../score/score-year.js";
import { formatScore, formatSigned, formatWeight } from "./format-values.js";

/** A revision as the diff names it: `HEAD` and its commit, or the working tree. */
export interface Revision {
  name: string;
  /** The commit's full id; absent for the working tree. */
  commit?: string;
}

/** What diff templates see (`diff.md.hbs`, `diff.txt.hbs`). Every text arrives formatted. */
export interface DiffView {
  from: RevisionView;
  to: RevisionView;
  /** Nothing compared changed. */
  nothing: boolean;
  /** One sentence: what changed, counted ("3 programmes changed: …"). */
  headline: string;
  /** The summary table: a row per year changed, or per file. */
  rows: SummaryRowView[];
  programmes: ProgrammeView[];
  frameworks: FrameworkView[];
  otherFiles: { file: string; status: string }[];
  /** Every problem found, each `file:line:col: code: message` (an earlier revision's files carry its name). */
  problems: { text: string }[];
  /** The changes that --fail-on flags, described; and the conditions, as given. */
  flagged: { text: string }[];
  failOn: string;
}

export interface RevisionView {
  /** `HEAD (1a2b3c4)`, `the working tree`. */
  label: string;
  /** A table's column heading: `HEAD`, `working tree`. */
  column: string;
}

export interface SummaryRowView {
  /** The programme's name on its first row, "" on the rows after it. */
  programme: string;
  year: string;
  /** `7.2 → 7.4 (+0.2)`, `7.4`, or "—". */
  average: string;
  /** `GOOD`, `GOOD → AVERAGE`, or "—". */
  rating: string;
  /** The rating changed without a change of commentary. */
  unexplained: boolean;
  /** `2 scores, 1 commentary`, `year added`, `file deleted`, … */
  what: string;
}

export interface ProgrammeView {
  programme: string;
  /** `assessments/mines/cambodia.yaml`, as the later revision names it (the earlier, for a file deleted). */
  file: string;
  /** `modified`, `added`, `deleted`, `renamed from …`, `unchanged, scored again under a changed framework`. */
  status: string;
  /** What else to say about the file: invalid at a revision, only comments or layout changed, renamed. */
  notes: { text: string }[];
  years: YearView[];
}

export interface YearView {
  year: number;
  /** `2024: 7.2 → 7.4 (+0.2), rating stayed GOOD`; `2025 (added): 7.4, GOOD`. */
  heading: string;
  unexplained: boolean;
  /** The comparison's narrative, with the two revisions (or, for a year added, the two years) named; or "". */
  narrative: string;
  /** Whether to show the criteria table (a year compared with something). */
  detailed: boolean;
  /** Column headings of the two score columns. */
  beforeColumn: string;
  afterColumn: string;
  criteria: CriterionRowView[];
  notes: { text: string }[];
  commentaries: CommentaryView[];
}

export interface CriterionRowView {
  title: string;
  /** `20%`, or `10% → 20%` when it changed. */
  weight: string;
  before: string;
  after: string;
  /** Effect on the average: `+0.2`. */
  effect: string;
  /** `changed`, `unchanged`, `new` (a year added: the commentary it has, or "none"). */
  commentary: string;
}

export interface CommentaryView {
  title: string;
  /** Long ones are folded away (`<details>` in Markdown). */
  long: boolean;
  /** The text, word by word: `same`, `removed` or `added` tells how to show each run. */
  words: { text: string; same: boolean; removed: boolean; added: boolean }[];
}

export interface FrameworkView {
  id: string;
  title: string;
  /** `modified (criteria/ctm-2024.yaml)`, `added`, `deleted`. */
  status: string;
  changes: { text: string }[];
}

/** The settings of a framework that its averages and ratings depend on. */
const SCORING_SETTINGS = new Set(["scale", "rounding", "unscored"]);

/** Above this many characters (both versions together), a commentary's changes are folded away in Markdown. */
const LONG_COMMENTARY = 600;

export function buildDiffView(
  diff: RevisionDiff,
  options: { from: Revision; to: Revision; problems: readonly Diagnostic[]; flags: readonly Flag[]; failOn: readonly string[]; narrative: (programme: string, comparison: Comparison, versions?: { from: string; to: string }) => string },
): DiffView {
  const from = revisionView(options.from);
  const to = revisionView(options.to);
  const context: Context = { ...options, fromView: from, toView: to };
  return {
    from,
    to,
    nothing: diff.programmes.length === 0 && diff.frameworks.length === 0 && diff.otherFiles.length === 0,
    headline: headline(diff, from, to),
    rows: diff.programmes.flatMap((programme) => summaryRows(programme, from, to)),
    programmes: diff.programmes.map((programme) => programmeView(programme, context)),
    frameworks: diff.frameworks.map((framework) => ({
      id: framework.id,
      title: framework.title,
      status: frameworkStatus(framework, from, to),
      changes: framework.changes.map((change) => ({ text: describeFrameworkChange(change) })),
    })),
    otherFiles: diff.otherFiles.map((file) => ({ file: file.file, status: file.status })),
    problems: options.problems.map((d) => ({ text: `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.severity === "warning" ? "warning: " : ""}${d.message}` })),
    flagged: options.flags.map((flag) => ({ text: describeFlag(flag) })),
    failOn: options.failOn.join(","),
  };
}

interface Context {
  from: Revision;
  to: Revision;
  fromView: RevisionView;
  toView: RevisionView;
  narrative: (programme: string, comparison: Comparison, versions?: { from: string; to: string }) => string;
}

function revisionView(revision: Revision): RevisionView {
  if (revision.commit === undefined) return { label: revision.name, column: revision.name.replace(/^the /, "") };
  return { label: `${revision.name} (${revision.commit.slice(0, 7)})`, column: revision.name };
}

/** "3 programmes changed: 2 ratings changed (1 without a change of commentary), 5 scores, …; 1 framework changed." */
function headline(diff: RevisionDiff, from: RevisionView, to: RevisionView): string {
  const years = diff.programmes.flatMap((p) => p.years);
  const changed = diff.programmes.filter((p) => !p.textOnly);
  const ratings = years.filter((y) => y.ratingChanged);
  const unexplained = ratings.filter((y) => y.commentariesChanged === 0 && !y.commentaryNotPrinted);
  const count = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;
  const of = (status: string) => diff.programmes.filter((p) => p.status === status).length;
  const contents = [
    ratings.length > 0 && `${count(ratings.length, "rating")} changed${unexplained.length > 0 ? ` (${unexplained.length} without a change of commentary)` : ""}`,
    sumOf(years, (y) => y.scoresChanged) > 0 && count(sumOf(years, (y) => y.scoresChanged), "score"),
    sumOf(years, (y) => y.commentariesChanged) > 0 && count(sumOf(years, (y) => y.commentariesChanged), "commentary", "commentaries"),
    years.some((y) => y.status === "added") && `${count(years.filter((y) => y.status === "added").length, "year")} added`,
    years.some((y) => y.status === "removed") && `${count(years.filter((y) => y.status === "removed").length, "year")} removed`,
  ].filter((part): part is string => !!part);
  const files = [
    of("added") > 0 && `${count(of("added"), "file")} added`,
    of("deleted") > 0 && `${count(of("deleted"), "file")} deleted`,
    of("renamed") > 0 && `${count(of("renamed"), "file")} renamed`,
  ].filter((part): part is string => !!part);
  const invalid = diff.programmes.filter((p) => p.after?.valid === false).length;
  const parts = [
    changed.length > 0 && `${count(changed.length, "programme")} changed${contents.length > 0 ? `: ${contents.join(", ")}` : ""}`,
    diff.frameworks.length > 0 && `${count(diff.frameworks.length, "framework")} changed`,
    files.length > 0 && files.join(", "),
    invalid > 0 && `${count(invalid, "file")} invalid in ${to.label}`,
    diff.programmes.some((p) => p.textOnly) && `${count(diff.programmes.filter((p) => p.textOnly).length, "file")} with only comments or layout changed`,
    diff.otherFiles.length > 0 && `${count(diff.otherFiles.length, "other YAML file")} changed`,
  ].filter((part): part is string => !!part);
  if (parts.length === 0) return `No assessment or framework changed between ${from.label} and ${to.label}.`;
  return `${capitalise(parts.join("; "))}.`;
}

function sumOf<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const average = (score: YearScore) => formatAverage(score.average, score.framework);

/** "7.2 → 7.4 (+0.2)", or the one average when it did not move. */
function averageChange(comparison: Comparison): string {
  const before = average(comparison.from);
  const after = average(comparison.to);
  if (comparison.change.isZero()) return before === after ? after : `${before} → ${after}`;
  return `${before} → ${after} (${formatSigned(comparison.change, comparison.to.framework.rounding.decimals)})`;
}

function ratingChange(comparison: Comparison): string {
  return comparison.rating.changed ? `${comparison.rating.from.label} → ${comparison.rating.to.label}` : comparison.rating.to.label;
}

/** A year's rating changed, or a year added is rated differently from the year before it, with no word on why. */
function unexplained(year: YearDiff): boolean {
  if (year.commentaryNotPrinted) return false;
  if (year.comparison) return year.ratingChanged && year.commentariesChanged === 0;
  const previous = year.previous;
  return !!previous?.rating.changed && !previous.criteria.some((c) => c.status !== "unchanged" && (c.to?.commentary ?? "").trim() !== "");
}

function yearWhat(year: YearDiff): string {
  if (year.status === "added") return "year added";
  if (year.status === "removed") return "year removed";
  const count = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;
  const parts = [
    year.scoresChanged > 0 && count(year.scoresChanged, "score"),
    year.commentariesChanged > 0 && count(year.commentariesChanged, "commentary", "commentaries"),
    year.editionChanged && `edition ${year.before!.framework.id} → ${year.after!.framework.id}`,
    year.frameworkChanges.length > 0 && `framework ${year.after!.framework.id} changed`,
    year.published && "printed values",
    year.source && "source",
  ].filter((part): part is string => !!part);
  if (parts.length === 0 && year.criteria.length > 0) parts.push("weights");
  return parts.join(", ") || (year.notPrintedChanged ? "commentary: not-printed" : "");
}

function summaryRows(programme: ProgrammeDiff, from: RevisionView, to: RevisionView): SummaryRowView[] {
  const name = programme.programme;
  const row = (parts: Omit<SummaryRowView, "programme">, index: number): SummaryRowView => ({ programme: index === 0 ? name : "", ...parts });
  const status = fileStatus(programme);
  if (programme.years.length === 0) {
    const what = [status !== "modified" && status, ...fileNotes(programme, from, to)].filter((part): part is string => !!part).join("; ");
    return [row({ year: "—", average: "—", rating: "—", unexplained: false, what }, 0)];
  }
  // A file added or deleted whole is one row: its years, and its latest year's average and rating.
  if (programme.status === "added" || programme.status === "deleted") {
    const scores = programme.years.map((y) => (y.after ?? y.before)!);
    const latest = scores[0]!;
    const span = scores.length === 1 ? String(latest.year) : `${scores.at(-1)!.year}–${latest.year}`;
    return [row({ year: span, average: average(latest), rating: latest.rating.label, unexplained: false, what: `file ${programme.status} (${scores.length === 1 ? "1 year" : `${scores.length} years`})` }, 0)];
  }
  return programme.years.map((year, index) => {
    if (year.comparison) {
      return row({ year: String(year.year), average: averageChange(year.comparison), rating: ratingChange(year.comparison), unexplained: unexplained(year), what: yearWhat(year) }, index);
    }
    const score = (year.after ?? year.before)!;
    const previous = year.previous;
    const since = previous ? ` (${formatSigned(previous.change, score.framework.rounding.decimals)} since ${previous.from.year})` : "";
    const rating = previous?.rating.changed ? `${previous.rating.from.label} → ${score.rating.label} (since ${previous.from.year})` : score.rating.label;
    return row({ year: String(year.year), average: `${average(score)}${since}`, rating, unexplained: unexplained(year), what: yearWhat(year) }, index);
  });
}

function fileStatus(programme: ProgrammeDiff): string {
  switch (programme.status) {
    case "renamed":
      return `renamed from ${programme.before!.path}`;
    case "unchanged":
      return "unchanged, scored again under a changed framework";
    default:
      return programme.status;
  }
}

function fileNotes(programme: ProgrammeDiff, from: RevisionView, to: RevisionView): string[] {
  return [
    programme.previousName !== undefined && `the programme was named ${programme.previousName}`,
    programme.before && !programme.before.valid && `invalid at ${from.label}${programme.after?.valid ? `, valid in ${to.label}` : ""}`,
    programme.after && !programme.after.valid && `invalid in ${to.label}`,
    programme.textOnly && "only comments or layout changed",
  ].filter((note): note is string => !!note);
}

function programmeView(programme: ProgrammeDiff, context: Context): ProgrammeView {
  const whole = programme.status === "added" || programme.status === "deleted";
  return {
    programme: programme.programme,
    file: (programme.after ?? programme.before)!.path,
    status: fileStatus(programme),
    notes: fileNotes(programme, context.fromView, context.toView).map((text) => ({ text: capitalise(text) })),
    years: programme.years.map((year) => yearView(programme.programme, year, context, !whole)),
  };
}

function yearView(programme: string, year: YearDiff, context: Context, detailed: boolean): YearView {
  const base = { year: year.year, unexplained: unexplained(year), notes: yearNotes(year).map((text) => ({ text })) };
  if (year.comparison) {
    const comparison = year.comparison;
    const rating = comparison.rating.changed ? `rating ${comparison.rating.from.label} → ${comparison.rating.to.label}` : `rating stayed ${comparison.rating.to.label}`;
    return {
      ...base,
      heading: `${year.year}: ${averageChange(comparison)}, ${rating}`,
      narrative: context.narrative(programme, comparison, { from: context.from.name, to: context.to.name }),
      detailed: true,
      beforeColumn: context.fromView.column,
      afterColumn: context.toView.column,
      criteria: year.criteria.map(({ change, commentary }) => criterionRow(change, commentary ? "changed" : "unchanged", comparison.to.framework.rounding.decimals)),
      commentaries: year.criteria.flatMap(({ change, commentary }) => (commentary ? [commentaryView(change.title, commentary.words, commentary.before.length + commentary.after.length)] : [])),
    };
  }
  const score = (year.after ?? year.before)!;
  const heading = `${year.year} (${year.status}): ${average(score)}, ${score.rating.label}`;
  const previous = year.previous;
  if (year.status === "removed" || !detailed || !previous) {
    return { ...base, heading, narrative: "", detailed: false, beforeColumn: "", afterColumn: "", criteria: [], commentaries: [] };
  }
  // A year added, against the year on file before it: what `assess compare` would say.
  const moved = previous.criteria.filter((c) => c.status !== "unchanged");
  return {
    ...base,
    heading,
    narrative: context.narrative(programme, previous),
    detailed: moved.length > 0,
    beforeColumn: String(previous.from.year),
    afterColumn: String(previous.to.year),
    criteria: moved.map((change) => criterionRow(change, (change.to?.commentary ?? "").trim() === "" ? "none" : "written", score.framework.rounding.decimals)),
    commentaries: previous.criteria.flatMap((change) => {
      const text = change.to?.commentary ?? "";
      return text.trim() === "" ? [] : [commentaryView(change.title, [{ kind: "same", text }], text.length)];
    }),
  };
}

function criterionRow(change: CriterionChange, commentary: string, decimals: number): CriterionRowView {
  const weightBefore = change.from ? formatWeight(change.from.weight) : "—";
  const weightAfter = change.to ? formatWeight(change.to.weight) : "—";
  return {
    title: `${change.title}${change.status === "new" || change.status === "dropped" ? ` (${change.status})` : ""}`,
    weight: weightBefore === weightAfter ? weightAfter : `${weightBefore} → ${weightAfter}`,
    before: change.from ? formatScore(change.from.score) : "—",
    after: change.to ? formatScore(change.to.score) : "—",
    effect: formatSigned(change.contribution, decimals),
    commentary,
  };
}

function commentaryView(title: string, words: readonly WordChange[], length: number): CommentaryView {
  return {
    title,
    long: length > LONG_COMMENTARY,
    words: words.map((word) => ({ text: word.text, same: word.kind === "same", removed: word.kind === "removed", added: word.kind === "added" })),
  };
}

function yearNotes(year: YearDiff): string[] {
  const notes: string[] = [];
  if (year.editionChanged) notes.push(`Scored under ${year.after!.framework.id}, was ${year.before!.framework.id}.`);
  // Of a framework's changes, those that can change a score's effect or a rating.
  const scoring = year.frameworkChanges.filter((change) => change.kind !== "title" && change.kind !== "criterion-title" && (change.kind !== "setting" || SCORING_SETTINGS.has(change.name)));
  if (scoring.length > 0) notes.push(`Its framework ${year.after!.framework.id} changed: ${scoring.map(describeFrameworkChange).join("; ")}.`);
  else if (year.frameworkChanges.length > 0) notes.push(`Its framework ${year.after!.framework.id} changed, in nothing that scores it.`);
  if (year.comparison && !year.comparison.methodEffect.isZero()) {
    const decimals = year.comparison.to.framework.rounding.decimals;
    notes.push(`Of the change, ${formatSigned(year.comparison.scoreEffect, decimals)} is due to changed scores and ${formatSigned(year.comparison.methodEffect, decimals)} to the changed framework.`);
  }
  if (year.published) {
    const printed = (published: AssessmentYear["published"]) =>
      [published?.average && formatAverage(published.average, year.after!.framework), published?.rating].filter(Boolean).join(", ") || "none";
    notes.push(`Printed average and rating: ${printed(year.published.before)} → ${printed(year.published.after)}.`);
  }
  if (year.source) notes.push(`Source: ${year.source.before ?? "none"} → ${year.source.after ?? "none"}.`);
  if (year.notPrintedChanged) notes.push(year.commentaryNotPrinted ? "Now marked as from a table that printed no commentary." : "No longer marked as from a table that printed no commentary.");
  return notes;
}

function frameworkStatus(framework: FrameworkDiff, from: RevisionView, to: RevisionView): string {
  const file = framework.after ?? framework.before;
  switch (framework.status) {
    case "invalid":
      return `invalid in ${to.label} (its problems are listed)`;
    case "repaired":
      return `valid again (it had errors at ${from.label})`;
    default:
      return file === undefined ? framework.status : `${framework.status} (${file})`;
  }
}

/** One framework change in words: "Land release system reweighted from 10% to 20%". */
export function describeFrameworkChange(change: FrameworkChange): string {
  switch (change.kind) {
    case "title":
      return `title "${change.before}" → "${change.after}"`;
    case "criterion-added":
      return `${change.title} added (${formatWeight(change.weight)})`;
    case "criterion-removed":
      return `${change.title} removed (was ${formatWeight(change.weight)})`;
    case "criterion-weight":
      return `${change.title} reweighted from ${formatWeight(change.before)} to ${formatWeight(change.after)}`;
    case "criterion-title":
      return `${change.before} renamed ${change.after}`;
    case "band-added":
      return `band ${change.label} added (from ${change.min.toDecimal(1)})`;
    case "band-removed":
      return `band ${change.label} removed (was from ${change.min.toDecimal(1)})`;
    case "band-min":
      return `band ${change.label} starts at ${change.after.toDecimal(1)}, was ${change.before.toDecimal(1)}`;
    case "setting":
      return change.before === "" && change.after === "" ? `${change.name} changed` : `${change.name}: ${change.before || "none"} → ${change.after || "none"}`;
  }
}

/** A flagged change in words, for the summary and the run's last lines. */
export function describeFlag(flag: Flag): string {
  const where = flag.framework !== undefined ? `framework ${flag.framework}` : `${flag.programme}${flag.year !== undefined ? ` ${flag.year}` : ""}`;
  const rating = flag.rating && `${flag.rating.from} → ${flag.rating.to}${flag.rating.since !== undefined ? ` (since ${flag.rating.since})` : ""}`;
  switch (flag.condition) {
    case "unexplained-rating":
      return `${where}: rating ${rating}, and no commentary says why`;
    case "unexplained-score":
      return `${where}: ${flag.criterion}'s score changed, and its commentary did not`;
    case "rating":
      return `${where}: rating ${rating}`;
    case "score":
      return `${where}: ${flag.criterion}'s score changed`;
    case "change":
      return `${where} changed`;
  }
}
