import { DIAGNOSTIC_CODES, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { AssessmentYear } from "../model/model.js";
import type { ScoredAssessment } from "../score/score-assessment.js";
import { formatAverage } from "../score/score-year.js";
import { formatWeight, ratingClass } from "./format-values.js";

/**
 * View models of the workspace's pages (`assess serve`): the home page, a programme's page, the problems page and
 * the page that says why an output cannot be shown.
 * What the pages show of each output (the table, the comparison, the history, a report) is that output itself,
 * framed: the links say where the front end serves it. Everything here is plain text; the templates escape it.
 */

/** Where a workspace page links to: the front end's own addresses. */
export interface WorkspaceLinks {
  home: string;
  problems: string;
  script: string;
  programme(file: string, query?: Readonly<Record<string, string>>): string;
  table(file: string, years: readonly number[], version: string): string;
  comparison(file: string, from: number, to: number, version: string): string;
  history(file: string, version: string): string;
  report(year: number): string;
}

/** What every workspace page carries. */
export interface WorkspacePage {
  title: string;
  /** The folder served, as the user gave it. */
  folder: string;
  /** The token a write from this page must send. */
  token: string;
  homeHref: string;
  problemsHref: string;
  scriptHref: string;
  /** What the page's script refreshes it for: "home", "problems", "programme" or "message". */
  page: string;
  /** A programme page's file (as the server names it), else "". */
  file: string;
  /** The version of that file the page shows, else "". */
  version: string;
  /**
   * Shown where an output would be (in a programme page's frame, or as an edition report): then, as the outputs,
   * without the workspace's script and bar, which that place does not run.
   */
  inOutput: boolean;
}

export interface DiagnosticView {
  /** `file:line:col` */
  where: string;
  file: string;
  code: string;
  severity: string;
  label: string;
  /** What is wrong and what to do. */
  message: string;
  /** What the code means, from the catalogue. */
  meaning: string;
  /** The lines around the problem; the one it points into is marked, with a caret under its column. */
  frame: { number: string; gutter: string; text: string; marked: boolean; caret: string }[];
  /** The page of the file the problem is in, or "". */
  href: string;
  /** An id for a link to the problems of one file. */
  anchor: string;
}

/** Each diagnostic with a code frame of its source (two lines before, one after) and a link to its file's page. */
export function diagnosticViews(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, hrefOf: (file: string) => string): DiagnosticView[] {
  const linesOf = new Map<string, string[] | undefined>();
  return diagnostics.map((d) => {
    if (!linesOf.has(d.file)) linesOf.set(d.file, sources.get(d.file)?.split(/\r\n|\r|\n/));
    const lines = linesOf.get(d.file);
    const first = Math.max(1, d.line - 2);
    const last = Math.min(lines?.length ?? 0, d.line + 1);
    const width = String(last).length;
    const frame: DiagnosticView["frame"] = [];
    for (let n = first; lines && n <= last; n++) {
      const marked = n === d.line;
      frame.push({ number: String(n).padStart(width), gutter: " ".repeat(width), text: lines[n - 1]!.replace(/\t/g, "→"), marked, caret: marked ? `${" ".repeat(Math.max(0, d.column - 1))}^` : "" });
    }
    return {
      where: `${d.file}:${d.line}:${d.column}`,
      file: d.file,
      code: d.code,
      severity: d.severity,
      label: d.severity === "error" ? "Error" : "Warning",
      message: d.message,
      meaning: DIAGNOSTIC_CODES[d.code],
      frame: frame.some((line) => line.marked && line.text.trim() !== "") ? frame : [],
      href: hrefOf(d.file),
      anchor: fileAnchor(d.file),
    };
  });
}

/** `mines/cambodia.yaml` → `f-mines-cambodia-yaml`: an id for a file's place on a page. */
function fileAnchor(file: string): string {
  return `f-${file.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
}

/** "2 errors, 1 warning", "1 warning", or "valid". */
function stateText(errors: number, warnings: number): { text: string; className: string } {
  const parts = [errors > 0 && `${errors} error${errors === 1 ? "" : "s"}`, warnings > 0 && `${warnings} warning${warnings === 1 ? "" : "s"}`].filter(Boolean);
  return { text: parts.length > 0 ? parts.join(", ") : "valid", className: errors > 0 ? "error" : warnings > 0 ? "warning" : "ok" };
}

// Home

/** A file of the folder served, as the home page lists it. */
export interface HomeFile {
  /** The file as the server names it (its path under the folder served). */
  file: string;
  /** The group it is listed in: the first folder under the folder served (`mines`), or "" for one in it. */
  group: string;
  /** Null for a file that is neither an assessment nor a framework, or that could not be read. */
  kind: "assessment" | "framework" | null;
  errors: number;
  warnings: number;
  /** The assessment, scored, when it has no errors. */
  scored?: ScoredAssessment;
}

/** The groups of the published record: a folder per kind of programme, named by what its programmes clear. */
const GROUP_TITLES: Readonly<Record<string, string>> = { mines: "Anti-personnel mines", "cluster-munitions": "Cluster munitions", "": "Programmes" };
const GROUP_ORDER = ["mines", "cluster-munitions"];

export interface HomeView extends WorkspacePage {
  summary: string;
  groups: {
    title: string;
    /** "Anti-personnel mines: 25 programmes" */
    caption: string;
    id: string;
    programmes: {
      programme: string;
      file: string;
      href: string;
      latest: { year: number; average: string; rating: string; ratingClass: string } | null;
      years: { year: number; href: string }[];
      state: { text: string; className: string; href: string };
    }[];
  }[];
  /** Frameworks and other files of the folder, with their state. */
  others: { file: string; kind: string; state: { text: string; className: string; href: string } }[];
}

export function buildHomeView(page: WorkspacePage, files: readonly HomeFile[], links: WorkspaceLinks): HomeView {
  const stateOf = (f: HomeFile) => ({ ...stateText(f.errors, f.warnings), href: f.errors + f.warnings > 0 ? `${links.problems}#${fileAnchor(f.file)}` : "" });
  // A file that does not even parse is listed with the programmes: it is most likely one being edited.
  const listed = (f: HomeFile) => f.kind === "assessment" || (f.kind === null && f.errors > 0);
  const assessments = files.filter(listed);
  const groups = [...new Set(assessments.map((f) => f.group))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const programmes = (group: string) =>
    assessments
      .filter((f) => f.group === group)
      .map((f) => {
        const latest = f.scored?.years[0];
        return {
          programme: f.scored?.assessment.programme ?? f.file.replace(/^.*\//, ""),
          file: f.file,
          href: links.programme(f.file),
          latest: latest ? { year: latest.year, average: formatAverage(latest.average, latest.framework), rating: latest.rating.label, ratingClass: ratingClass(latest.rating.label) } : null,
          years: (f.scored?.assessment.years ?? []).map((y) => ({ year: y.year, href: links.report(y.year) })),
          state: stateOf(f),
        };
      })
      .sort((a, b) => a.programme.localeCompare(b.programme, "en"));
  const errors = files.reduce((n, f) => n + f.errors, 0);
  const warnings = files.reduce((n, f) => n + f.warnings, 0);
  return {
    ...page,
    summary: `${assessments.length} programme${assessments.length === 1 ? "" : "s"}; ${errors + warnings === 0 ? "no problems" : stateText(errors, warnings).text}`,
    groups: groups.map((group) => {
      const title = GROUP_TITLES[group] ?? group;
      const listed = programmes(group);
      return { title, caption: `${title}: ${listed.length} programme${listed.length === 1 ? "" : "s"}`, id: `g-${group || "programmes"}`, programmes: listed };
    }),
    others: files.filter((f) => !listed(f)).map((f) => ({ file: f.file, kind: f.kind ?? "not an assessment", state: stateOf(f) })),
  };
}

function rank(group: string): number {
  const known = GROUP_ORDER.indexOf(group);
  return known >= 0 ? known : group === "" ? GROUP_ORDER.length + 1 : GROUP_ORDER.length;
}

// Problems

export interface ProblemsView extends WorkspacePage {
  summary: string;
  files: { file: string; anchor: string; href: string; problems: DiagnosticView[] }[];
}

export function buildProblemsView(page: WorkspacePage, problems: readonly DiagnosticView[], checked: number): ProblemsView {
  const files = [...new Set(problems.map((p) => p.file))].map((file) => {
    const mine = problems.filter((p) => p.file === file);
    return { file, anchor: fileAnchor(file), href: mine[0]!.href, problems: mine };
  });
  const errors = problems.filter((p) => p.severity === "error").length;
  const summary = `${checked} file${checked === 1 ? "" : "s"} checked: ${problems.length === 0 ? "no problems" : stateText(errors, problems.length - errors).text}`;
  return { ...page, summary, files };
}

// A programme

/** What a programme's page shows, as asked in its address. */
export interface ProgrammeSelection {
  /** The years of the table. */
  years: readonly number[];
  from?: number;
  to?: number;
  /** The year the editor edits. */
  edit: number;
  /** The what-if weights asked for (criterion id → percent as typed), or a weight set's id. */
  weights?: ReadonlyMap<string, string>;
  weightSet?: string;
}

export interface ProgrammeView extends WorkspacePage {
  programme: string;
  /** The file's errors, shown over the page until the file is fixed. */
  invalid: boolean;
  problems: DiagnosticView[];
  warnings: DiagnosticView[];
  years: { year: number; inTable: boolean; isFrom: boolean; isTo: boolean; isEdit: boolean; report: string }[];
  table: { href: string; title: string };
  comparison: { href: string; title: string; from: number; to: number } | null;
  /** Whether there are two years to compare. */
  canCompare: boolean;
  history: { href: string; title: string };
  whatItTakes: { year: number; text: string };
  whatIf: {
    criteria: { id: string; title: string; weight: string; value: string; inputId: string }[];
    sets: { id: string; title: string; selected: boolean }[];
    asked: boolean;
    text: string;
  };
  editor: {
    year: number;
    framework: string;
    /** The year's average and rating, as on file. */
    average: string;
    rating: string;
    ratingClass: string;
    scale: { min: string; max: string; step: string };
    criteria: { id: string; title: string; weight: string; score: string; commentary: string; scoreId: string; commentaryId: string }[];
  } | null;
  nextYear: number | null;
}

/** The texts of other tasks the page shows as they print them: what it takes, and what if. */
export interface ProgrammeTexts {
  whatItTakes: string;
  whatIf: string;
}

export function buildProgrammeView(
  page: WorkspacePage,
  found: { scored?: ScoredAssessment; problems: DiagnosticView[]; warnings: DiagnosticView[] },
  selection: ProgrammeSelection,
  texts: ProgrammeTexts,
  links: WorkspaceLinks,
): ProgrammeView {
  const { scored } = found;
  const years = scored?.assessment.years ?? [];
  const edited: AssessmentYear | undefined = years.find((y) => y.year === selection.edit) ?? years[0];
  const latest = years[0];
  const comparable = selection.from !== undefined && selection.to !== undefined && selection.from !== selection.to;
  const weightsOf = latest?.framework;
  return {
    ...page,
    programme: scored?.assessment.programme ?? page.file.replace(/^.*\//, ""),
    invalid: !scored,
    problems: found.problems,
    warnings: found.warnings,
    years: years.map((y) => ({
      year: y.year,
      inTable: selection.years.includes(y.year),
      isFrom: y.year === selection.from,
      isTo: y.year === selection.to,
      isEdit: y.year === edited?.year,
      report: links.report(y.year),
    })),
    table: { href: links.table(page.file, selection.years, page.version), title: `Assessment table, ${[...selection.years].sort((a, b) => b - a).join(" and ")}` },
    comparison: comparable
      ? { href: links.comparison(page.file, selection.from!, selection.to!, page.version), title: `${selection.from} compared with ${selection.to}`, from: selection.from!, to: selection.to! }
      : null,
    canCompare: years.length > 1,
    history: { href: links.history(page.file, page.version), title: "Performance history" },
    whatItTakes: { year: edited?.year ?? 0, text: texts.whatItTakes },
    whatIf: {
      criteria: (weightsOf?.criteria ?? []).map((c) => ({
        id: c.id,
        title: c.title,
        weight: formatWeight(c.weight),
        value: selection.weights?.get(c.id) ?? c.weight.toDecimal(0, 6),
        inputId: `w-${c.id}`,
      })),
      sets: (weightsOf?.weightSets ?? []).map((set) => ({ id: set.id, title: set.title, selected: set.id === selection.weightSet })),
      asked: selection.weights !== undefined || selection.weightSet !== undefined,
      text: texts.whatIf,
    },
    editor: edited
      ? {
          year: edited.year,
          framework: edited.framework.id,
          ...averageOf(scored!, edited.year),
          scale: { min: edited.framework.scale.min.toDecimal(0, 6), max: edited.framework.scale.max.toDecimal(0, 6), step: edited.framework.scale.step.toDecimal(0, 6) },
          criteria: edited.framework.criteria.map((c) => {
            const entry = edited.entries.find((e) => e.criterionId === c.id);
            return {
              id: c.id,
              title: c.title,
              weight: formatWeight(c.weight),
              score: entry?.score?.toDecimal(0, 6) ?? "",
              commentary: entry?.commentary ?? "",
              scoreId: `score-${c.id}`,
              commentaryId: `commentary-${c.id}`,
            };
          }),
        }
      : null,
    // The year after the latest on file (a page without a valid file has no next year to add).
    nextYear: latest ? latest.year + 1 : null,
  };
}

function averageOf(scored: ScoredAssessment, year: number): { average: string; rating: string; ratingClass: string } {
  const score = scored.years.find((y) => y.year === year)!;
  return { average: formatAverage(score.average, score.framework), rating: score.rating.label, ratingClass: ratingClass(score.rating.label) };
}

// A message (a page not found, a request refused)

export interface MessageView extends WorkspacePage {
  heading: string;
  lines: string[];
}

export function buildMessageView(page: WorkspacePage, heading: string, lines: readonly string[]): MessageView {
  return { ...page, heading, lines: [...lines] };
}
