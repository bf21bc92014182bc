import { criterionLineage } from "../compare/criterion-lineage.js";
import type { Criterion, Framework } from "../model/model.js";
import type { CriterionScore, YearScore } from "../score/score-year.js";

/** One row of a table across years: a criterion line and its score in each year that has it. */
export interface CriterionRow {
  /** The criterion as the latest year's edition has it, or, for a discontinued one, as its own edition did. */
  criterion: Criterion;
  byYear: Map<number, CriterionScore>;
}

/**
 * The rows of a table of several years. Rows follow the latest year's framework; an earlier year's score sits in
 * the row of the criterion that continues it (through the editions' lineage); criteria that no later edition
 * continues get rows of their own after them (keyed by id, which editions that continue one another keep).
 */
export function criterionRows(scores: readonly YearScore[], frameworks: ReadonlyMap<string, Framework>): CriterionRow[] {
  const latest = scores.reduce((a, b) => (b.year > a.year ? b : a));
  const current = new Map(latest.framework.criteria.map((criterion) => [criterion.id, { criterion, byYear: new Map<number, CriterionScore>() }]));
  const discontinued = new Map<string, CriterionRow>();
  for (const score of [...scores].sort((a, b) => b.year - a.year)) {
    const lineage = criterionLineage(score.framework, latest.framework, frameworks) ?? new Map<string, string>();
    const continuedBy = new Map([...lineage].map(([latestId, ownId]) => [ownId, latestId]));
    score.framework.criteria.forEach((criterion, index) => {
      const latestId = continuedBy.get(criterion.id);
      let row = latestId !== undefined ? current.get(latestId) : discontinued.get(criterion.id);
      if (!row) {
        row = { criterion, byYear: new Map() };
        discontinued.set(criterion.id, row);
      }
      row.byYear.set(score.year, score.criteria[index]!);
    });
  }
  return [...current.values(), ...discontinued.values()];
}
