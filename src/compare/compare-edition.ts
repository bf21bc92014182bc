import type { Framework } from "../model/model.js";
import type { ScoredAssessment } from "../score/score-assessment.js";
import type { YearScore } from "../score/score-year.js";
import { compareYears, type Comparison } from "./compare-years.js";
import { criterionLineage } from "./criterion-lineage.js";

/** One programme in an edition's report: its score for the year, and against its previous year on file. */
export interface EditionEntry {
  scored: ScoredAssessment;
  current: YearScore;
  /** The latest year on file before the report's year (not always the year before: few 2021 tables survive). */
  previous?: YearScore;
  comparison?: Comparison;
}

/** Every programme of a report, and those scored in its year compared with their previous year on file. */
export interface Edition {
  year: number;
  programmes: readonly ScoredAssessment[];
  entries: EditionEntry[];
}

export function compareEdition(programmes: readonly ScoredAssessment[], year: number, frameworks: ReadonlyMap<string, Framework>): Edition {
  const entries = programmes.flatMap((scored): EditionEntry[] => {
    const current = scored.years.find((score) => score.year === year);
    if (!current) return [];
    // Years run newest first: the first one before `year` is the previous one on file.
    const previous = scored.years.find((score) => score.year < year);
    if (!previous) return [{ scored, current }];
    return [{ scored, current, previous, comparison: compareYears(previous, current, criterionLineage(previous.framework, current.framework, frameworks)) }];
  });
  return { year, programmes, entries };
}
