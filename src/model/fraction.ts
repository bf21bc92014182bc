/**
 * Exact rational numbers on BigInt, just enough for weighted averages.
 *
 * Scores and weights are short decimals (7, 20, 7.5, 12.5). Binary floating point cannot hold most of them
 * exactly, and 0.2·5 + 0.1·9 + … famously comes to 7.999999999999999 instead of 8. Every value here is kept as
 * numerator/denominator in lowest terms with a positive denominator, and is rounded only once, by `round`.
 */
export type RoundingMode = "half-up" | "half-even" | "truncate";

export class Fraction {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    if (den === 0n) throw new RangeError("Fraction with a zero denominator");
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    this.num = g > 1n ? num / g : num;
    this.den = g > 1n ? den / g : den;
  }

  static readonly ZERO = new Fraction(0n, 1n);

  static of(num: bigint | number, den: bigint | number = 1n): Fraction {
    return new Fraction(BigInt(num), BigInt(den));
  }

  /**
   * The exact decimal a JavaScript number was written as. `String(n)` gives the shortest text that reads back
   * as the same double, which for a value a person typed (7.5, 0.1, 1e-3) is exactly what they typed.
   */
  static fromNumber(value: number): Fraction {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
    return Fraction.parse(String(value));
  }

  /** Parses a plain or exponent decimal: "7", "-0.25", "1e-7", "2.5E+3". */
  static parse(text: string): Fraction {
    const match = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!match) throw new SyntaxError(`Not a decimal number: ${JSON.stringify(text)}`);
    const [, sign = "", whole = "0", fractionDigits = "", exponentText = "0"] = match;
    let num = BigInt(whole + fractionDigits);
    let den = 10n ** BigInt(fractionDigits.length);
    const exponent = Number(exponentText);
    if (exponent > 0) num *= 10n ** BigInt(exponent);
    if (exponent < 0) den *= 10n ** BigInt(-exponent);
    return new Fraction(sign === "-" ? -num : num, den);
  }

  add(other: Fraction): Fraction {
    return new Fraction(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Fraction): Fraction {
    return new Fraction(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  mul(other: Fraction): Fraction {
    return new Fraction(this.num * other.num, this.den * other.den);
  }

  div(other: Fraction): Fraction {
    return new Fraction(this.num * other.den, this.den * other.num);
  }

  neg(): Fraction {
    return new Fraction(-this.num, this.den);
  }

  abs(): Fraction {
    return this.num < 0n ? this.neg() : this;
  }

  /** -1, 0 or 1. */
  cmp(other: Fraction): number {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  sign(): number {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  isInteger(): boolean {
    return this.den === 1n;
  }

  /** Whether this value is a whole multiple of `step` (both exact). */
  isMultipleOf(step: Fraction): boolean {
    return this.div(step).isInteger();
  }

  /**
   * Rounds once to `decimals` places.
   * - half-up: ties go towards +∞ (7.25 → 7.3, −7.25 → −7.2);
   * - half-even: ties go to the even last digit (7.25 → 7.2, 7.35 → 7.4);
   * - truncate: drops the extra digits, towards zero (7.29 → 7.2).
   */
  round(decimals: number, mode: RoundingMode): Fraction {
    const scale = 10n ** BigInt(decimals);
    const scaledNum = this.num * scale;
    const floor = floorDiv(scaledNum, this.den);
    const remainder = scaledNum - floor * this.den; // 0 ≤ remainder < den
    let units: bigint;
    switch (mode) {
      case "truncate":
        units = floor < 0n && remainder !== 0n ? floor + 1n : floor;
        break;
      case "half-up":
        units = 2n * remainder >= this.den ? floor + 1n : floor;
        break;
      case "half-even": {
        const twice = 2n * remainder;
        if (twice > this.den) units = floor + 1n;
        else if (twice < this.den) units = floor;
        else units = floor % 2n === 0n ? floor : floor + 1n;
        break;
      }
    }
    return new Fraction(units, scale);
  }

  /**
   * How many decimal places the exact decimal expansion has (0 for a whole number), or undefined when it never ends
   * (1/3). Every number read from a file has one; so does any sum, difference or product of them.
   */
  decimalPlaces(): number | undefined {
    let den = this.den;
    let twos = 0;
    let fives = 0;
    while (den % 2n === 0n) {
      den /= 2n;
      twos++;
    }
    while (den % 5n === 0n) {
      den /= 5n;
      fives++;
    }
    return den === 1n ? Math.max(twos, fives) : undefined;
  }

  /** Whether the decimal expansion ends within `maxDecimals` places. */
  fitsDecimals(maxDecimals: number): boolean {
    return ((this.num * 10n ** BigInt(maxDecimals)) % this.den) === 0n;
  }

  /**
   * Fixed-point text with exactly `decimals` places. The value must already fit (see `round`); a value that does
   * not is a programming error, not something to round silently here.
   */
  toFixed(decimals: number): string {
    if (!this.fitsDecimals(decimals)) throw new RangeError(`${this.toRatio()} has more than ${decimals} decimals`);
    const units = (this.num * 10n ** BigInt(decimals)) / this.den;
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(decimals + 1, "0");
    const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
    return negative ? `-${text}` : text;
  }

  /**
   * The shortest decimal text with at least `minDecimals` places that shows the value exactly, provided it needs at
   * most `maxDecimals`; beyond that, rounded half-up to `maxDecimals` places.
   */
  toDecimal(minDecimals = 0, maxDecimals = 6): string {
    for (let decimals = minDecimals; decimals <= maxDecimals; decimals++) {
      if (this.fitsDecimals(decimals)) return this.toFixed(decimals);
    }
    return this.round(maxDecimals, "half-up").toFixed(maxDecimals);
  }

  /**
   * A double near the value, at most `maxDecimals` places from it: for geometry (a chart's coordinates) and other
   * uses where a double is what is needed. Never for a number people read: see toString.
   */
  toNumber(maxDecimals = 6): number {
    return Number(this.toDecimal(0, maxDecimals));
  }

  /**
   * The value as people read it: the exact decimal ("7.4", "12.5", "-0.25", "4.9999999"), however many places it
   * takes, or "num/den" for a value no decimal writes exactly ("1/3"); never a rounded figure passed off as exact.
   */
  toString(): string {
    const places = this.decimalPlaces();
    return places === undefined ? this.toRatio() : this.toFixed(places);
  }

  /** "num/den" in lowest terms ("37/5"; "7" for a whole number): the exact value, as stored. */
  toRatio(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  /**
   * For a library user's JSON.stringify: the double nearest the value. The command's own JSON is written by
   * render/escape.ts's jsonText, which writes the exact decimal digits instead.
   */
  toJSON(): number {
    return Number(this.toDecimalLiteral());
  }

  /**
   * A decimal literal for JSON: the exact decimal where there is one (every score, weight, printed or rounded
   * average, and every contribution while the weights total 100); else, for a value no decimal writes exactly
   * (a contribution of 1/3 under the `exclude` policy), rounded half-up to `significantDigits` significant digits,
   * so that a value that is not 0 is never written as 0.
   */
  toDecimalLiteral(significantDigits = 30): string {
    const places = this.decimalPlaces();
    if (places !== undefined) return this.toFixed(places);
    const abs = this.abs();
    const whole = abs.num / abs.den;
    let decimals: number;
    if (whole > 0n) {
      decimals = Math.max(1, significantDigits - whole.toString().length);
    } else {
      // Zeros between the point and the first significant digit: 0.00012… has 3.
      let zeros = 0;
      while (abs.num * 10n ** BigInt(zeros + 1) < abs.den) zeros++;
      decimals = zeros + significantDigits;
    }
    return this.round(decimals, "half-up").toFixed(decimals);
  }
}

/** Weights are percentages and must add up to exactly this. */
export const HUNDRED = Fraction.of(100);

export function sum(values: Iterable<Fraction>): Fraction {
  let total = Fraction.ZERO;
  for (const value of values) total = total.add(value);
  return total;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && (a < 0n) !== (b < 0n) ? q - 1n : q;
}
