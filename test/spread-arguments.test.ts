import { readFileSync } from "node:fs";
import { relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { walkFiles } from "../src/load/walk-files.js";

/**
 * No call spreads an array into its arguments (`list.push(...more)`, `Math.max(...years)`): every argument goes on
 * the stack, so a list of a hundred thousand diagnostics, keys or years ends in "RangeError: Maximum call stack size
 * exceeded" (a file of 130,000 unknown keys did). Loops, `concat` and `reduce` have no such limit. Spreading into
 * an array literal (`[...a, ...b]`) is fine and not looked at.
 */
const ELSEWHERE = [
  // A (line, column) pair: two arguments, however large the file.
  "src/import/merge-into-assessment.ts: refuse(`the file is the assessment of ${String(programme)}, not ${options.programme}; it was left untouched`, ...at(parsed, [\"programme\"]))",
];

/** `file:line: call` for each call or `new` in `text` with a spread argument. */
function spreadArguments(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some(ts.isSpreadElement)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${file}:${line + 1}: ${node.getText(source).split("\n")[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("no spread arguments", () => {
  const files = walkFiles(["src"], /\.ts$/).files.map((file) => relative(".", file));

  it("finds them where they are (the check itself works)", () => {
    expect(spreadArguments("x.ts", "a.push(...b);\nf(1, ...c);\nnew Set(...d);\nconst e = [...f];\nfunction g(...h: number[]) {}\n")).toEqual([
      "x.ts:1: a.push(...b)",
      "x.ts:2: f(1, ...c)",
      "x.ts:3: new Set(...d)",
    ]);
  });

  it("no file of src/ has one", () => {
    const found = files.flatMap((file) => spreadArguments(file, readFileSync(file, "utf8")));
    expect(found.filter((call) => !ELSEWHERE.includes(call.replace(/:\d+: /, ": ")))).toEqual([]);
  });
});
