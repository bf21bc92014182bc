import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Comparison, CriterionChange } from "../compare/compare-years.js";
import type { Flag, RevisionDiff, YearDiff } from "../compare/diff-revisions.js";
import type { YearScore } from "../score/score-year.js";
import { buildDiffView, describeFlag, describeFrameworkChange, type Revision } from "./diff-view.js";
import { DIFF_FORMATS, type DiffFormat } from "./formats.js";
import { comparisonView } from "./render-comparison.js";
import { jsonText } from "./escape.js";
import type { Templates } from "./templates.js";

export { DIFF_FORMATS, describeFlag, type DiffFormat, type Revision };

export interface DiffRenderOptions {
  format: DiffFormat;
  templates: Templates;
  from: Revision;
  to: Revision;
  /** The problems found at either revision. */
  problems: readonly Diagnostic[];
  /** The changes --fail-on flags, and its conditions. */
  flags: readonly Flag[];
  failOn: readonly string[];
}

/**
 * What changed between two revisions, as Markdown fit for a pull request's comment (a summary table, then each
 * programme), as text for a terminal, or as JSON for programs. The narratives are the comparison's
 * (comparison-narrative.txt.hbs), with the revisions named where the years would be.
 */
export function renderDiff(diff: RevisionDiff, options: DiffRenderOptions): string {
  const { templates } = options;
  const narrative = (programme: string, comparison: Comparison, versions?: { from: string; to: string }) =>
    comparisonView(programme, comparison, templates, versions).narrative;
  if (options.format === "json") return jsonText(diffJson(diff, options, narrative));
  const view = buildDiffView(diff, { ...options, narrative });
  return templates.render("diff", options.format === "text" ? "txt" : "md", view);
}

/** Plain data for programs (a CI job's own checks): numbers as exact numbers (Fractions, written as their decimal digits by jsonText). */
function diffJson(diff: RevisionDiff, options: DiffRenderOptions, narrative: (programme: string, comparison: Comparison, versions?: { from: string; to: string }) => string) {
  const revision = (r: Revision) => ({ name: r.name, commit: r.commit ?? null });
  const score = (s: YearScore | undefined) => s && { average: s.average, rating: s.rating.label, framework: s.framework.id };
  const criterion = (change: CriterionChange) => ({
    id: change.id,
    title: change.title,
    status: change.status,
    from: change.from?.score ?? null,
    to: change.to?.score ?? null,
    weightFrom: change.from?.weight ?? null,
    weightTo: change.to?.weight ?? null,
    effect: change.contribution,
    scoreEffect: change.scoreEffect,
    methodEffect: change.methodEffect,
  });
  const year = (programme: string, y: YearDiff) => ({
    year: y.year,
    status: y.status,
    before: score(y.before) ?? null,
    after: score(y.after) ?? null,
    change: y.comparison?.change ?? null,
    ratingChanged: y.ratingChanged,
    scoresChanged: y.scoresChanged,
    commentariesChanged: y.commentariesChanged,
    commentaryNotPrinted: y.commentaryNotPrinted,
    narrative: y.comparison ? narrative(programme, y.comparison, { from: options.from.name, to: options.to.name }) : y.previous ? narrative(programme, y.previous) : null,
    criteria: y.criteria.map((c) => ({
      ...criterion(c.change),
      scoreChanged: c.scoreChanged,
      commentary: c.commentary ? { before: c.commentary.before, after: c.commentary.after } : null,
    })),
    previous: y.previous
      ? {
          year: y.previous.from.year,
          average: y.previous.from.average,
          rating: y.previous.from.rating.label,
          change: y.previous.change,
          ratingChanged: y.previous.rating.changed,
          criteria: y.previous.criteria.filter((c) => c.status !== "unchanged").map(criterion),
        }
      : null,
    editionChanged: y.editionChanged,
    frameworkChanges: y.frameworkChanges.map(describeFrameworkChange),
    published: y.published
      ? {
          before: y.published.before ? { average: y.published.before.average ?? null, rating: y.published.before.rating ?? null } : null,
          after: y.published.after ? { average: y.published.after.average ?? null, rating: y.published.after.rating ?? null } : null,
        }
      : null,
    source: y.source ? { before: y.source.before ?? null, after: y.source.after ?? null } : null,
  });
  return {
    from: revision(options.from),
    to: revision(options.to),
    programmes: diff.programmes.map((p) => ({
      programme: p.programme,
      previousName: p.previousName ?? null,
      status: p.status,
      before: p.before ?? null,
      after: p.after ?? null,
      textOnly: p.textOnly,
      years: p.years.map((y) => year(p.programme, y)),
    })),
    frameworks: diff.frameworks.map((f) => ({ id: f.id, title: f.title, status: f.status, before: f.before ?? null, after: f.after ?? null, changes: f.changes.map(describeFrameworkChange) })),
    otherFiles: diff.otherFiles,
    problems: options.problems.map(({ code, severity, message, file, line, column }) => ({ code, severity, message, file, line, column })),
    failOn: options.failOn,
    flagged: options.flags.map((flag) => ({ ...flag, text: describeFlag(flag) })),
  };
}
