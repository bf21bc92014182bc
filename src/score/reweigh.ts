import type { AssessmentYear, Framework } from "../model.js";
import { Fraction, HUNDRED, sum } from "./fraction.js";

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
  if (total.cmp(HUNDRED) !== 0) return { problem: `the weights add up to ${total.toDecimal(0, 6)}% under ${framework.id}, not 100%` };
  const reweighed: Framework = { ...framework, criteria };
  return { year: { ...year, framework: reweighed } };
}

/** Parses `contamination=15,ownership=15` into weight overrides; throws SyntaxError on a malformed entry. */
export function parseWeights(text: string): Map<string, Fraction> {
  const weights = new Map<string, Fraction>();
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z0-9-]+)\s*=\s*(\d+(?:\.\d+)?)%?$/.exec(part);
    if (!match) throw new SyntaxError(`'${part}' is not id=percent, e.g. contamination=15`);
    if (weights.has(match[1]!)) throw new SyntaxError(`'${match[1]}' is given twice`);
    weights.set(match[1]!, Fraction.parse(match[2]!));
  }
  if (weights.size === 0) throw new SyntaxError("give at least one id=percent, e.g. contamination=15");
  return weights;
}
