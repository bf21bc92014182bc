import { describe, expect, it } from "vitest";
import { Fraction } from "../src/model/fraction.js";

const f = (text: string) => Fraction.parse(text);

describe("Fraction", () => {
  it("reads decimals and exponents exactly", () => {
    expect(f("7.25").toRatio()).toBe("29/4");
    expect(f("-0.5").toRatio()).toBe("-1/2");
    expect(f("1e-3").toRatio()).toBe("1/1000");
    expect(f("2.5E+2").toRatio()).toBe("250");
    expect(Fraction.fromNumber(0.1).add(Fraction.fromNumber(0.2)).cmp(f("0.3"))).toBe(0);
  });

  it("refuses what is not a finite decimal", () => {
    expect(() => Fraction.fromNumber(Infinity)).toThrow(RangeError);
    expect(() => Fraction.fromNumber(Number.NaN)).toThrow(RangeError);
    expect(() => f("7,5")).toThrow(SyntaxError);
  });

  it.each([
    // value, decimals, half-up, half-even, truncate
    ["7.25", 1, "7.3", "7.2", "7.2"],
    ["7.35", 1, "7.4", "7.4", "7.3"],
    ["7.249999", 1, "7.2", "7.2", "7.2"],
    ["7.2500001", 1, "7.3", "7.3", "7.2"],
    ["7.95", 1, "8.0", "8.0", "7.9"],
    ["0.05", 1, "0.1", "0.0", "0.0"],
    ["-7.25", 1, "-7.2", "-7.2", "-7.2"],
    ["-7.35", 1, "-7.3", "-7.4", "-7.3"],
    ["6.5", 0, "7", "6", "6"],
    ["2/3", 2, "0.67", "0.67", "0.66"],
  ] as const)("rounds %s to %i decimals at the half-way points", (value, decimals, halfUp, halfEven, truncate) => {
    const x = value.includes("/") ? Fraction.of(2, 3) : f(value);
    expect(x.round(decimals, "half-up").toFixed(decimals)).toBe(halfUp);
    expect(x.round(decimals, "half-even").toFixed(decimals)).toBe(halfEven);
    expect(x.round(decimals, "truncate").toFixed(decimals)).toBe(truncate);
  });

  it("prints exactly or not at all", () => {
    expect(f("7.2").toFixed(1)).toBe("7.2");
    expect(f("8").toFixed(1)).toBe("8.0");
    expect(() => f("7.25").toFixed(1)).toThrow(RangeError);
    expect(f("0.125").toDecimal(1, 6)).toBe("0.125");
    expect(f("1.4").toDecimal(1, 6)).toBe("1.4");
    expect(Fraction.of(1, 3).toDecimal(1, 4)).toBe("0.3333");
  });

  it("reads as people read numbers: the exact decimal, a ratio only where no decimal is exact, a number in JSON", () => {
    expect([f("7.4"), f("12.5"), f("-0.25"), f("8")].map(String)).toEqual(["7.4", "12.5", "-0.25", "8"]);
    expect(`${Fraction.of(1, 3)}`).toBe("1/3");
    // A library user's JSON.stringify gets the double nearest the value, not one rounded to a few places.
    expect(JSON.stringify({ average: f("7.4"), weight: f("33.3333333"), third: Fraction.of(1, 3) })).toBe('{"average":7.4,"weight":33.3333333,"third":0.3333333333333333}');
  });

  it("prints an exact decimal in full, however many places it takes", () => {
    expect(f("4.9999999").toString()).toBe("4.9999999");
    expect(f("7.49999999999999999").toString()).toBe("7.49999999999999999");
    expect(f("0.00000000000000000000000000000000001").toString()).toBe("0.00000000000000000000000000000000001");
    expect(f("33.3333333").mul(f("4.9999999")).toString()).toBe("166.66666316666667");
    expect([f("7"), f("0.5"), f("0.125"), f("1e-40"), Fraction.of(1, 3), Fraction.of(1, 12)].map((x) => x.decimalPlaces())).toEqual([0, 1, 3, 40, undefined, undefined]);
  });

  it("writes a JSON literal: the exact decimal, or for a value no decimal writes, 30 significant digits and never 0", () => {
    expect(f("7.49999999999999999").toDecimalLiteral()).toBe("7.49999999999999999");
    expect(f("-0.0000001").toDecimalLiteral()).toBe("-0.0000001");
    expect(Fraction.of(1, 3).toDecimalLiteral()).toBe(`0.${"3".repeat(30)}`);
    expect(Fraction.of(-200, 3).toDecimalLiteral()).toBe(`-66.${"6".repeat(27)}7`);
    expect(Fraction.of(1, 3).mul(f("1e-40")).toDecimalLiteral()).toBe(`0.${"0".repeat(40)}${"3".repeat(30)}`);
  });
});
