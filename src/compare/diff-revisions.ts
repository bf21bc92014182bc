import type { Assessment, AssessmentYear, Framework } from "../model/model.js";
import type { Fraction } from "../model/fraction.js";
import { scoreYear, type YearScore } from "../score/score-year.js";
import { compareYears, type Comparison, type CriterionChange } from "./compare-years.js";
import { criterionLineage } from "./criterion-lineage.js";
import { diffFramework, type FrameworkChange, type FrameworkDiff } from "./diff-frameworks.js";
import { diffWords, type WordChange } from "./diff-words.js";
import type { FailOn } from "./fail-on.js";

/**
 * What changed in the assessments and frameworks between two revisions of a repository (`assess diff`): for each
 * programme, each year whose scores, commentary, printed values or framework changed, with the comparison of the
 * year as it was and as it is (compareYears: the averages, the ratings, and each criterion's effect), and the
 * frameworks changed. Pure: the files are read and checked by the caller.
 */
export interface RevisionDiff {
  /** In the order of their files' paths. */
  programmes: ProgrammeDiff[];
  frameworks: FrameworkDiff[];
  /** YAML files that changed but are not assessments (a framework outside the criteria folder, other data). */
  otherFiles: { file: string; status: FileStatus }[];
}

/** What happened to a file between the revisions. `unchanged`: the same text, scored differently (its framework changed). */
export type FileStatus = "added" | "deleted" | "renamed" | "modified" | "unchanged";

/** A file at one revision: its name there (`HEAD:assessments/…`), its path, and whether it checked without errors. */
export interface RevisionFile {
  file: string;
  path: string;
  valid: boolean;
}

export interface ProgrammeDiff {
  /** The later name, else the earlier one (as written, where a file is invalid), else the file's path. */
  programme: string;
  /** The earlier name, when the programme was renamed. */
  previousName?: string;
  status: FileStatus;
  before?: RevisionFile;
  after?: RevisionFile;
  /** The years that changed, newest first. */
  years: YearDiff[];
  /** The file's text changed, but nothing this diff compares did: comments, layout, the order of keys. */
  textOnly: boolean;
}

export interface YearDiff {
  year: number;
  status: "added" | "removed" | "changed";
  before?: YearScore;
  after?: YearScore;
  /** The year as it was against the year as it is; present when both are. */
  comparison?: Comparison;
  /** An added year against the year on file before it, when there is one (what `assess compare` shows). */
  previous?: Comparison;
  /** The criteria whose score, weight or commentary changed, in the comparison's order (largest effect first). */
  criteria: CriterionDiff[];
  /** The year is scored under another edition, or its edition's framework changed. */
  frameworkChanges: FrameworkChange[];
  editionChanged: boolean;
  published?: { before?: AssessmentYear["published"]; after?: AssessmentYear["published"] };
  source?: { before?: string; after?: string };
  /** The later year was imported from a table that printed no commentary (`commentary: not-printed`). */
  commentaryNotPrinted: boolean;
  /** That mark was added or taken away. */
  notPrintedChanged: boolean;
  ratingChanged: boolean;
  /** How many criteria's scores changed (a criterion in both versions). */
  scoresChanged: number;
  /** How many criteria's commentaries changed. */
  commentariesChanged: number;
}

export interface CriterionDiff {
  change: CriterionChange;
  /** Scored in both versions, differently. */
  scoreChanged: boolean;
  /** Present when the commentary changed. */
  commentary?: { before: string; after: string; words: WordChange[] };
}

/** One programme's file at each revision, as the caller read and checked it. */
export interface ProgrammeFiles {
  status: FileStatus;
  /** `programme`: its name as written, when the file has one (an invalid file may). */
  before?: { file: string; path: string; assessment?: Assessment; programme?: string };
  after?: { file: string; path: string; assessment?: Assessment; programme?: string };
  /** The texts differ. */
  textChanged: boolean;
}

/**
 * One programme's changes. `frameworks` holds every edition either revision knows, for matching criteria across
 * editions (the later revision's where both have one id).
 */
export function diffProgramme(files: ProgrammeFiles, frameworks: ReadonlyMap<string, Framework>): ProgrammeDiff {
  const before = files.before?.assessment;
  const after = files.after?.assessment;
  const years = before || after ? diffYears(before, after, frameworks, !!files.before, !!files.after) : [];
  const renamed = before && after && before.programme !== after.programme;
  const textOnly = files.textChanged && !!before && !!after && years.length === 0 && !renamed && before.frameworkId === after.frameworkId;
  return {
    programme: after?.programme ?? before?.programme ?? files.after?.programme ?? files.before?.programme ?? (files.after ?? files.before)!.path,
    ...(renamed && { previousName: before.programme }),
    status: files.status,
    ...(files.before && { before: { file: files.before.file, path: files.before.path, valid: !!before } }),
    ...(files.after && { after: { file: files.after.file, path: files.after.path, valid: !!after } }),
    years,
    textOnly,
  };
}

/**
 * The years that differ. A side that is absent (the file added or deleted) adds or removes every year; a side whose
 * file is invalid has no years to compare, and gives none.
 */
function diffYears(
  before: Assessment | undefined,
  after: Assessment | undefined,
  frameworks: ReadonlyMap<string, Framework>,
  hadBefore: boolean,
  hasAfter: boolean,
): YearDiff[] {
  if ((hadBefore && !before) || (hasAfter && !after)) return [];
  const earlier = new Map((before?.years ?? []).map((y) => [y.year, y]));
  const later = new Map((after?.years ?? []).map((y) => [y.year, y]));
  const years = [...new Set([...earlier.keys(), ...later.keys()])].sort((a, b) => b - a);
  return years.flatMap((year): YearDiff[] => {
    const was = earlier.get(year);
    const is = later.get(year);
    if (!was || !is) {
      const only = (was ?? is)!;
      const score = scoreYear(only);
      const earlier = is && after!.years.find((y) => y.year < year);
      const previous = earlier && compareYears(scoreYear(earlier), score, criterionLineage(earlier.framework, is.framework, frameworks));
      return [
        {
          year,
          status: was ? "removed" : "added",
          ...(was ? { before: score } : { after: score }),
          ...(previous && { previous }),
          criteria: [],
          frameworkChanges: [],
          editionChanged: false,
          commentaryNotPrinted: !!is?.commentaryNotPrinted,
          notPrintedChanged: false,
          ratingChanged: false,
          scoresChanged: 0,
          commentariesChanged: 0,
        },
      ];
    }
    const diff = diffYear(was, is, frameworks);
    return diff ? [diff] : [];
  });
}

/** One year in both versions; undefined when nothing in it changed. */
function diffYear(was: AssessmentYear, is: AssessmentYear, frameworks: ReadonlyMap<string, Framework>): YearDiff | undefined {
  const before = scoreYear(was);
  const after = scoreYear(is);
  const lineage = criterionLineage(was.framework, is.framework, frameworks);
  const comparison = compareYears(before, after, lineage);
  const criteria = comparison.criteria.flatMap((change): CriterionDiff[] => {
    const commentaryBefore = change.from?.commentary ?? "";
    const commentaryAfter = change.to?.commentary ?? "";
    const scoreChanged = !!change.from && !!change.to && !sameScore(change.from.score, change.to.score);
    const commentaryChanged = commentaryBefore !== commentaryAfter;
    if (change.status === "unchanged" && !commentaryChanged) return [];
    return [
      {
        change,
        scoreChanged,
        ...(commentaryChanged && { commentary: { before: commentaryBefore, after: commentaryAfter, words: diffWords(commentaryBefore, commentaryAfter) } }),
      },
    ];
  });
  const editionChanged = was.framework.id !== is.framework.id;
  const frameworkChanges = editionChanged ? [] : diffFramework(was.framework, is.framework);
  const published = samePublished(was.published, is.published) ? undefined : { ...(was.published && { before: was.published }), ...(is.published && { after: is.published }) };
  const source = was.source === is.source ? undefined : { ...(was.source !== undefined && { before: was.source }), ...(is.source !== undefined && { after: is.source }) };
  const notPrintedChanged = !!was.commentaryNotPrinted !== !!is.commentaryNotPrinted;
  const changed =
    criteria.length > 0 || editionChanged || frameworkChanges.length > 0 || published || source || notPrintedChanged || !comparison.exactChange.isZero();
  if (!changed) return undefined;
  return {
    year: is.year,
    status: "changed",
    before,
    after,
    comparison,
    criteria,
    frameworkChanges,
    editionChanged,
    ...(published && { published }),
    ...(source && { source }),
    commentaryNotPrinted: !!is.commentaryNotPrinted,
    notPrintedChanged,
    ratingChanged: comparison.rating.changed,
    scoresChanged: criteria.filter((c) => c.scoreChanged).length,
    commentariesChanged: criteria.filter((c) => c.commentary).length,
  };
}

function sameScore(a: Fraction | null, b: Fraction | null): boolean {
  return a === null ? b === null : b !== null && a.cmp(b) === 0;
}

function samePublished(a: AssessmentYear["published"], b: AssessmentYear["published"]): boolean {
  const average = (p: AssessmentYear["published"]) => p?.average?.toDecimal() ?? "";
  return average(a) === average(b) && (a?.rating ?? "") === (b?.rating ?? "");
}

export { FAIL_ON_CONDITIONS, type FailOn } from "./fail-on.js";

/** A change that a --fail-on condition asks to fail on. */
export interface Flag {
  condition: Exclude<FailOn, "none">;
  /** The programme, or for a framework changed, absent. */
  programme?: string;
  /** A framework edition changed (`change`). */
  framework?: string;
  year?: number;
  /** The criterion's title, for a score. */
  criterion?: string;
  /** The year's rating before and after, for a rating; `since` the year before it on file, for a year added. */
  rating?: { from: string; to: string; since?: number };
}

/** The changes that the conditions flag, in the order of the diff. */
export function flagChanges(diff: RevisionDiff, conditions: readonly FailOn[]): Flag[] {
  const wanted = new Set(conditions);
  const flags: Flag[] = [];
  for (const programme of diff.programmes) {
    const { programme: name } = programme;
    if (wanted.has("change") && (programme.years.length > 0 || (programme.status !== "modified" && programme.status !== "unchanged") || programme.previousName)) {
      flags.push({ condition: "change", programme: name });
    }
    for (const year of programme.years) {
      // A year changed is compared with itself as it was; a year added, with the year on file before it.
      const compared = year.comparison ?? year.previous;
      const ratingChanged = !!compared?.rating.changed;
      const rating = compared && { from: compared.rating.from.label, to: compared.rating.to.label, ...(year.previous && { since: year.previous.from.year }) };
      // Explained: a commentary of the year changed; for a year added, a criterion that moved has commentary.
      const explained =
        year.commentaryNotPrinted ||
        (year.comparison ? year.commentariesChanged > 0 : (year.previous?.criteria ?? []).some((c) => c.status !== "unchanged" && (c.to?.commentary ?? "").trim() !== ""));
      if (ratingChanged && wanted.has("rating")) flags.push({ condition: "rating", programme: name, year: year.year, rating: rating! });
      if (ratingChanged && !explained && wanted.has("unexplained-rating")) {
        flags.push({ condition: "unexplained-rating", programme: name, year: year.year, rating: rating! });
      }
      for (const criterion of year.criteria.filter((c) => c.scoreChanged)) {
        const title = criterion.change.title;
        if (wanted.has("score")) flags.push({ condition: "score", programme: name, year: year.year, criterion: title });
        if (!criterion.commentary && !year.commentaryNotPrinted && wanted.has("unexplained-score")) {
          flags.push({ condition: "unexplained-score", programme: name, year: year.year, criterion: title });
        }
      }
    }
  }
  if (wanted.has("change")) for (const framework of diff.frameworks) flags.push({ condition: "change", framework: framework.id });
  return flags;
}
