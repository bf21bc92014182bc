import type { RoundingMode, Fraction } from "./fraction.js";

/**
 * What a criterion left without a score does to the average:
 * - not-allowed: it is an error (`unscored`), as in every published table;
 * - exclude: the average is taken over the scored criteria, their weights rescaled to 100%;
 * - zero: it counts as the bottom of the scale.
 * The framework schema's enum is made from this list.
 */
export const UNSCORED_POLICIES = ["not-allowed", "exclude", "zero"] as const;
export type UnscoredPolicy = (typeof UNSCORED_POLICIES)[number];

/** The rounding modes of Fraction.round, for the framework schema's enum. */
export const ROUNDING_MODES = ["half-up", "half-even", "truncate"] as const satisfies readonly RoundingMode[];

/**
 * Resolved data: what validation hands to scoring, comparison and rendering. Numbers the user wrote are exact
 * fractions here; everything has been checked against its framework.
 */
export interface Criterion {
  id: string;
  title: string;
  /** Percent of the overall score. */
  weight: Fraction;
  guidance?: string;
  /** The id of the criterion it carries on in the previous edition (`Framework.continues`). */
  continues?: string;
  /** Other titles it is printed under in published tables. */
  printed?: string[];
}

export interface WeightSet {
  id: string;
  title: string;
  /** Percent by criterion id (only those the set changes). */
  weights: Map<string, Fraction>;
}

export interface Band {
  label: string;
  /** Lowest rounded average that earns this label. */
  min: Fraction;
}

export interface Framework {
  id: string;
  title: string;
  publisher?: string;
  editions?: number[];
  /** The report series that printed its tables ("Clearing the Mines"). */
  publication?: string;
  /** What its programmes clear, as a folder name ("mines", "cluster-munitions"). */
  kind?: string;
  /** The id of the edition this one succeeds. */
  continues?: string;
  scale: { min: Fraction; max: Fraction; step: Fraction };
  criteria: Criterion[];
  /** Highest lower bound first. */
  bands: Band[];
  rounding: { decimals: number; mode: RoundingMode };
  unscored: UnscoredPolicy;
  requireCommentaryOnChange: boolean;
  weightSets: WeightSet[];
  /** The file it was read from. */
  file: string;
}

export interface CriterionEntry {
  criterionId: string;
  /** Null when the criterion was left unscored (allowed only by some policies). */
  score: Fraction | null;
  commentary: string;
}

export interface AssessmentYear {
  year: number;
  framework: Framework;
  source?: string;
  published?: { average?: Fraction; rating?: string };
  /** The year came from a table that printed no commentary (`commentary: not-printed`). */
  commentaryNotPrinted?: boolean;
  /** One entry per criterion of the framework, in the framework's order. */
  entries: CriterionEntry[];
}

export interface Assessment {
  programme: string;
  /** The assessment's default framework id. */
  frameworkId: string;
  file: string;
  /** Newest first. */
  years: AssessmentYear[];
}

/** The year of an assessment; a RangeError when the assessment lacks it. */
export function yearOf(assessment: Assessment, year: number): AssessmentYear {
  const found = assessment.years.find((y) => y.year === year);
  if (!found) throw new RangeError(`${assessment.programme} has no year ${year}`);
  return found;
}

/** The framework editions an assessment's years use, by id. */
export function frameworksOf(assessment: Assessment): Map<string, Framework> {
  return new Map(assessment.years.map((y) => [y.framework.id, y.framework]));
}
