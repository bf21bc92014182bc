import type { Fraction } from "../model/fraction.js";

/** Scores as written: 7, 7.5. */
export function formatScore(score: Fraction | null): string {
  return score === null ? "not scored" : score.toDecimal(0, 6);
}

/** "20%" */
export function formatWeight(weight: Fraction): string {
  return `${weight.toDecimal(0, 6)}%`;
}

/**
 * A signed change for people to read: "+0.2", "−0.4" (a true minus sign), "0.0". Shown exactly, with at least the
 * framework's decimals, so contributions that add up also look as if they add up.
 */
export function formatSigned(value: Fraction, minDecimals: number): string {
  const text = value.abs().toDecimal(minDecimals, minDecimals + 4);
  return value.sign() > 0 ? `+${text}` : value.sign() < 0 ? `−${text}` : text;
}

/** A CSS-friendly form of a rating label: "VERY GOOD" → "very-good". */
export function ratingClass(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
