import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffWords } from "../src/compare/diff-words.js";

const side = (changes: ReturnType<typeof diffWords>, kind: "removed" | "added") =>
  changes.filter((c) => c.kind === "same" || c.kind === kind).map((c) => c.text).join("");

describe("diffWords", () => {
  it("marks the words replaced, keeping the rest", () => {
    expect(diffWords("reduced its estimate by 2% to 424km² at the end", "reduced its estimate by 3% to 400km² at the end")).toEqual([
      { kind: "same", text: "reduced its estimate by " },
      { kind: "removed", text: "2%" },
      { kind: "added", text: "3%" },
      { kind: "same", text: " to " },
      { kind: "removed", text: "424km²" },
      { kind: "added", text: "400km²" },
      { kind: "same", text: " at the end" },
    ]);
  });

  it("takes a lone space between two changes into one replacement", () => {
    expect(diffWords("a b c d", "a x y d")).toEqual([
      { kind: "same", text: "a " },
      { kind: "removed", text: "b c" },
      { kind: "added", text: "x y" },
      { kind: "same", text: " d" },
    ]);
  });

  it("handles empty and equal texts", () => {
    expect(diffWords("", "")).toEqual([]);
    expect(diffWords("same", "same")).toEqual([{ kind: "same", text: "same" }]);
    expect(diffWords("", "new text")).toEqual([{ kind: "added", text: "new text" }]);
    expect(diffWords("old text", "")).toEqual([{ kind: "removed", text: "old text" }]);
  });

  it("gives back both texts exactly, whatever they are", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", " ", "  ", "\n", "km²", "—"), { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const changes = diffWords(before, after);
        expect(side(changes, "removed")).toBe(before);
        expect(side(changes, "added")).toBe(after);
        // No empty runs, and no two runs of one kind side by side.
        expect(changes.every((c) => c.text !== "")).toBe(true);
        expect(changes.every((c, i) => i === 0 || c.kind !== changes[i - 1]!.kind)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("falls back to whole texts beyond the size it compares word by word", () => {
    const long = (word: string) => Array.from({ length: 2500 }, (_, i) => `${word}${i}`).join(" ");
    const changes = diffWords(`x ${long("a")}`, `y ${long("b")}`);
    expect(side(changes, "removed")).toBe(`x ${long("a")}`);
    expect(side(changes, "added")).toBe(`y ${long("b")}`);
  });
});
