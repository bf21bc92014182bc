import type { Comparison, CriterionChange, CriterionChangeStatus } from "../compare/compare-years.js";
import { formatAverage } from "../score/score-year.js";
import { formatScore, formatScoreChange, formatSigned, formatWeight } from "./format-values.js";

/** What comparison templates see (`comparison.*.hbs` and `comparison-narrative.txt.hbs`). */
export interface ComparisonView {
  programme: string;
  from: ComparedYearView;
  to: ComparedYearView;
  /** Change of the printed average: "−0.4", "+0.3", "0.0". */
  change: string;
  /** "fell from 7.6 to 7.2", "rose from 7.2 to 7.6", "stayed at 7.2" */
  movement: string;
  /** Both years scored under the same framework edition. */
  sameFramework: boolean;
  /** The part of the change due to changed scores, and the part due to the changed method: "+0.1", "−0.3". */
  scoreEffect: string;
  methodEffect: string;
  /** What changed in the method, when the editions differ: "Environmental policies and action added (10%)". */
  methodNotes: { text: string; separator: string }[];
  /** "change", or "change due to scores" when the editions differ: what the drivers account for. */
  changeNoun: string;
  /** What is compared, for the narrative: "two years", or "two versions" (one year at two revisions). */
  sides: string;
  rating: { from: string; to: string; changed: boolean; /** "stayed GOOD", "fell from GOOD to AVERAGE" */ movement: string };
  /** Every criterion: changed ones first, largest effect first, then unchanged ones in framework order. */
  criteria: CriterionChangeView[];
  /** The criteria whose score or weight changed (and new or dropped ones), largest effect first. */
  changed: CriterionChangeView[];
  unchanged: CriterionChangeView[];
  /** Exactly one of these is true; they choose the narrative's explanation. */
  explanation: { none: boolean; single: boolean; sameDirection: boolean; offsetting: boolean; cancelledOut: boolean };
  /** The criteria moving the same way as the average, and those moving against it (for offsetting changes). */
  drivers: CriterionChangeView[];
  offsets: CriterionChangeView[];
  /**
   * How the narrative names the drivers and the offsets, in number with them: "A rise in" or "Rises in", "a fall
   * in" or "falls in" (and the other way round when the average fell).
   */
  driversLead: string;
  offsetsLead: string;
  /** The short narrative, rendered from comparison-narrative.txt.hbs (filled in by the renderer). */
  narrative: string;
}

export interface ComparedYearView {
  /** The year; for one year compared between two revisions of its file (`assess diff`), the revision's name. */
  year: number | string;
  average: string;
  rating: string;
  framework: string;
}

export interface CriterionChangeView {
  id: string;
  title: string;
  status: CriterionChangeStatus;
  /** " (new)", " (dropped)" or "", to follow the title. */
  statusNote: string;
  /** Scores as printed; "—" where the criterion did not exist that year. */
  from: string;
  to: string;
  /** "−2", "+1", "0"; "—" unless scored in both years. */
  scoreChange: string;
  /** Share of the change in the average: "−0.4". */
  contribution: string;
  /** The parts of `contribution` due to the score and to the method: "−0.4", "0.0". */
  scoreEffect: string;
  methodEffect: string;
  weightFrom: string;
  weightTo: string;
  /** "Land release outputs and Article 5 compliance (9 → 7, −0.4)" */
  phrase: string;
  /** What follows this item when listed in prose: ", ", " and " or "". */
  separator: string;
}

/**
 * The view of a comparison of two years; or, with `versions`, of one year as two revisions of its file have it
 * (`assess diff`): the two sides are then named by `versions` where the years would be.
 */
export function buildComparisonView(programme: string, comparison: Comparison, versions?: { from: string; to: string }): ComparisonView {
  const { sameFramework } = comparison;
  const { from, to } = comparison;
  const decimals = to.framework.rounding.decimals;
  const fromAverage = formatAverage(from.average, from.framework);
  const toAverage = formatAverage(to.average, to.framework);
  const direction = comparison.change.sign();
  const movement = direction > 0 ? `rose from ${fromAverage} to ${toAverage}` : direction < 0 ? `fell from ${fromAverage} to ${toAverage}` : `stayed at ${toAverage}`;
  const ratingMovement = !comparison.rating.changed
    ? `stayed ${to.rating.label}`
    : `${to.rating.min.cmp(from.rating.min) > 0 ? "rose" : "fell"} from ${from.rating.label} to ${to.rating.label}`;

  const views = comparison.criteria.map((change) => criterionView(change, decimals));
  const changed = views.filter((view) => view.status !== "unchanged");
  // The narrative explains the change due to scores; across editions the method's part is stated on its own.
  const totalSign = comparison.scoreEffect.sign();
  const moving = comparison.criteria.filter((c) => !c.scoreEffect.isZero());
  const drivers = moving.filter((c) => (totalSign === 0 ? c.scoreEffect.sign() > 0 : c.scoreEffect.sign() === totalSign));
  const offsets = moving.filter((c) => !drivers.includes(c));
  const explanation = {
    none: moving.length === 0,
    single: moving.length === 1,
    sameDirection: moving.length > 1 && offsets.length === 0,
    offsetting: offsets.length > 0 && totalSign !== 0,
    cancelledOut: offsets.length > 0 && totalSign === 0,
  };
  const listed = (changes: CriterionChange[]) => withSeparators(changes.map((c) => views[comparison.criteria.indexOf(c)]!));
  const methodNotes = sameFramework ? [] : comparison.criteria.flatMap((change) => methodNote(change));
  const driversRise = totalSign >= 0;
  return {
    programme,
    from: { year: versions?.from ?? from.year, average: fromAverage, rating: from.rating.label, framework: from.framework.id },
    to: { year: versions?.to ?? to.year, average: toAverage, rating: to.rating.label, framework: to.framework.id },
    change: formatSigned(comparison.change, decimals),
    movement,
    sameFramework,
    scoreEffect: formatSigned(comparison.scoreEffect, decimals),
    methodEffect: formatSigned(comparison.methodEffect, decimals),
    methodNotes: withSeparators(methodNotes.map((text) => ({ text, separator: "" }))),
    changeNoun: sameFramework ? "change" : "change due to scores",
    sides: versions ? "two versions" : "two years",
    rating: { from: from.rating.label, to: to.rating.label, changed: comparison.rating.changed, movement: ratingMovement },
    criteria: views,
    changed: withSeparators(changed),
    unchanged: views.filter((view) => view.status === "unchanged"),
    explanation,
    drivers: listed(drivers),
    offsets: listed(offsets),
    driversLead: lead(driversRise ? "rise" : "fall", drivers.length, true),
    offsetsLead: lead(driversRise ? "fall" : "rise", offsets.length, false),
    narrative: "",
  };
}

/** "A rise in", "Rises in", "a fall in", "falls in": one change or several, at the start of a sentence or not. */
function lead(change: "rise" | "fall", count: number, capital: boolean): string {
  const words = count === 1 ? `a ${change} in` : `${change}s in`;
  return capital ? words.charAt(0).toUpperCase() + words.slice(1) : words;
}

/** What the method changed for one criterion between two editions, if anything. */
function methodNote(change: CriterionChange): string[] {
  const { from, to } = change;
  if (!from) return [`${to!.title} added (${formatWeight(to!.weight)})`];
  if (!to) return [`${from.title} dropped (was ${formatWeight(from.weight)})`];
  const notes: string[] = [];
  if (from.title !== to.title) notes.push(`${from.title} continued as ${to.title}`);
  if (from.weight.cmp(to.weight) !== 0) notes.push(`${to.title} reweighted from ${formatWeight(from.weight)} to ${formatWeight(to.weight)}`);
  return notes;
}

function criterionView(change: CriterionChange, decimals: number): CriterionChangeView {
  const from = change.from ? formatScore(change.from.score) : "—";
  const to = change.to ? formatScore(change.to.score) : "—";
  const contribution = formatSigned(change.contribution, decimals);
  const scoreEffect = formatSigned(change.scoreEffect, decimals);
  const detail =
    change.status === "new" ? `new, ${to}, ${contribution}` : change.status === "dropped" ? `dropped, was ${from}, ${contribution}` : `${from} → ${to}, ${scoreEffect}`;
  return {
    id: change.id,
    title: change.title,
    status: change.status,
    statusNote: change.status === "new" || change.status === "dropped" ? ` (${change.status})` : "",
    from,
    to,
    scoreChange: change.scoreChange ? formatScoreChange(change.scoreChange) : "—",
    contribution,
    scoreEffect,
    methodEffect: formatSigned(change.methodEffect, decimals),
    weightFrom: change.from ? formatWeight(change.from.weight) : "—",
    weightTo: change.to ? formatWeight(change.to.weight) : "—",
    phrase: `${change.title} (${detail})`,
    separator: "",
  };
}

/** Sets each item's separator so that a template can print "A, B and C". */
function withSeparators<T extends { separator: string }>(items: T[]): T[] {
  return items.map((item, index) => ({
    ...item,
    separator: index === items.length - 1 ? "" : index === items.length - 2 ? " and " : ", ",
  }));
}
