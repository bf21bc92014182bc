import type { Fraction } from "../model/fraction.js";

/**
 * Scores as the exact decimals they are: 7, 7.5, 4.9999999. Never rounded: a score is read from the digits the user
 * wrote, and two scores that differ must not print alike.
 */
export function formatScore(score: Fraction | null): string {
  return score === null ? "not scored" : score.toString();
}

/** Weights likewise, exactly: "20%", "12.5%", "33.3333333%". */
export function formatWeight(weight: Fraction): string {
  return `${weight.toString()}%`;
}

/** A difference of two scores, exactly and signed: "+2", "−0.5", "−0.0000001" (a true minus sign), "0". */
export function formatScoreChange(change: Fraction): string {
  const text = change.abs().toString();
  return change.sign() > 0 ? `+${text}` : change.sign() < 0 ? `−${text}` : text;
}

/**
 * A signed change for people to read: "+0.2", "−0.4" (a true minus sign), "0.0". Shown with at least the framework's
 * decimals, so contributions that add up also look as if they add up, and exactly up to four places more; past
 * those, rounded, except that a change that is not 0 is never shown as 0: "−0.000000000000000002" on a scale in
 * steps of 1e-17 is shown as the exact decimal it is (or, where none writes it exactly, to three significant digits).
 */
export function formatSigned(value: Fraction, minDecimals: number): string {
  const rounded = value.abs().toDecimal(minDecimals, minDecimals + 4);
  const text = /^[0.]+$/.test(rounded) && value.sign() !== 0 ? value.abs().toDecimalLiteral(3) : rounded;
  return value.sign() > 0 ? `+${text}` : value.sign() < 0 ? `−${text}` : text;
}

/** A CSS-friendly form of a rating label: "VERY GOOD" → "very-good". */
export function ratingClass(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
