import type { AssessmentYear, Framework } from "../model/model.js";
import { Fraction, HUNDRED, sum } from "../model/fraction.js";

/** Weights to try, by criterion id, in percent; criteria not named keep their framework weight. */
export type WeightOverrides = ReadonlyMap<string, Fraction>;

/**
 * The year under other weights, or why it cannot be: a named criterion its framework lacks, or weights that no
 * longer total 100%.
 */
export function reweighYear(year: AssessmentYear, weights: WeightOverrides): { year?: AssessmentYear; problem?: string } {
  const framework = year.framework;
  const unknown = [...weights.keys()].filter((id) => !framework.criteria.some((c) => c.id === id));
  if (unknown.length > 0) return { problem: `${framework.id} has no criterion ${unknown.map((id) => `'${id}'`).join(", ")}` };
  const criteria = framework.criteria.map((c) => ({ ...c, weight: weights.get(c.id) ?? c.weight }));
  const total = sum(criteria.map((c) => c.weight));
  if (total.cmp(HUNDRED) !== 0) return { problem: `the weights add up to ${total.toString()}% under ${framework.id}, not 100%` };
  const reweighed: Framework = { ...framework, criteria };
  return { year: { ...year, framework: reweighed } };
}
