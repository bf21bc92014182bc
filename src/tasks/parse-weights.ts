import { Fraction } from "../model/fraction.js";

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
