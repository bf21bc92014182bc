import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { explainYamlMistake } from "../src/parse/explain-yaml-mistake.js";
import { parseYaml } from "../src/parse/parse-yaml.js";
import { loadAssessment } from "../src/tasks/load-files.js";
import { transcript } from "./helpers.js";

/**
 * Plain words for YAML mistakes (src/parse/explain-yaml-mistake.ts). The corpus in test/bad-input/ holds each
 * mistake with its position and its transcript; these tests hold what a corpus file cannot: files that must NOT
 * be errors, the words around duplicate keys, and that explaining never fails and stays linear in the file.
 */

/** code@line:column and message of each diagnostic parseYaml gives for `text`. */
function diagnose(text: string): { at: string; message: string }[] {
  return parseYaml({ file: "f.yaml", text }).diagnostics.map((d) => ({ at: `${d.code}@${d.line}:${d.column}`, message: d.message }));
}

const ASSESSMENT = readFileSync("test/fixtures/line-ends/same-with-lf.yaml", "utf8");

describe("what is fine YAML stays fine", () => {
  it.each(["mixed-line-ends", "byte-order-mark"])("%s.yaml validates with no diagnostic, to the same assessment as with LF line ends only", async (name) => {
    const file = `test/fixtures/line-ends/${name}.yaml`;
    const result = await transcript(["validate", file]);
    await expect(result.text).toMatchFileSnapshot(`transcripts/validate-fine-${name}.txt`);
    expect(result.exitCode).toBe(0);
    expect(loadAssessment(file).assessment).toEqual({ ...loadAssessment("test/fixtures/line-ends/same-with-lf.yaml").assessment, file: expect.any(String) });
  });

  it("the full parser too: CRLF, mixed line ends and a byte-order mark at the start give no diagnostic", () => {
    const crlf = ASSESSMENT.replace(/\n/g, "\r\n");
    const mixed = ASSESSMENT.split("\n").map((line, i) => line + (i % 2 ? "\r\n" : "\n")).join("");
    for (const text of [crlf, mixed, `\ufeff${ASSESSMENT}`, `\ufeff${crlf}`]) {
      const parsed = parseYaml({ file: "f.yaml", text });
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.value).toEqual(parseYaml({ file: "f.yaml", text: ASSESSMENT }).value);
    }
  });

  it("a non-breaking space or a byte-order mark inside text, where it is only text, is not an error", () => {
        // In a block of text, after its indentation, it is part of the text (at the start of the line, it would end the block).
    const inText = ASSESSMENT.replace("424km²", "424\u00a0km²").replace("          contamination fell", "          \u00a0contamination fell");
    expect(diagnose(inText)).toEqual([]);
    expect(diagnose("programme: Test\u00a0land\ncommentary: a\ufeffb\n")).toEqual([]);
  });

  it("brackets that are text (in a block of text, a quoted or plain scalar, a comment) are not nesting, however many", () => {
    const many = "[A1 {B2 ".repeat(70);
    const inBlock = ASSESSMENT.replace("424km²", `424km² ${many}`);
    expect(diagnose(inBlock)).toEqual([]);
    expect(diagnose(`programme: 'x ${many}'\ncommentary: "${many}"\nplain: x ${many}\n# ${many}\n`)).toEqual([]);
    // Brackets that do nest are still refused where they pass 64 levels, after the text that is not nesting.
    expect(diagnose(`a: |\n  ${many}\nb: ${"[".repeat(100)}`).map((d) => d.at)).toEqual(["yaml-too-deep@3:68"]);
  });

  it("a carriage return alone is an error even where YAML reads on without one, as it hides what follows it", () => {
    // The comment swallows 'framework: x': nothing would say it is gone.
    expect(diagnose("programme: X # old\rframework: x\nyears: {}\n").map((d) => d.at)).toEqual(["yaml-syntax@1:19"]);
  });
});

describe("duplicate keys name the key and where it first appears", () => {
  it("a year, a criterion and any other key; three times is reported twice, each naming the first", () => {
    const text = [
      "programme: X",
      "years:",
      "  2023:",
      "    criteria:",
      "      gender: { score: 1, score: 2 }",
      "      gender: { score: 3 }",
      "  '2023':",
      "    criteria: {}",
      "  2023:",
      "    criteria: {}",
      "programme: Y",
      "",
    ].join("\n");
    expect(diagnose(text)).toEqual([
      {
        at: "duplicate-key@5:27",
        message: "'score' is entered twice in years › 2023 › criteria › gender: first at line 5, column 17, and again here; YAML would keep only this one, so remove one of them",
      },
      {
        at: "duplicate-key@6:7",
        message: "criterion 'gender' is entered twice in 2023: first at line 5, and again here; YAML would keep only this one, so keep one of them (or correct the other's name)",
      },
      { at: "duplicate-key@7:3", message: "2023 is entered twice: first at line 3, and again here; YAML would keep only this one, so merge the two, or correct the year of one of them" },
      { at: "duplicate-key@9:3", message: "2023 is entered twice: first at line 3, and again here; YAML would keep only this one, so merge the two, or correct the year of one of them" },
      { at: "duplicate-key@11:1", message: "'programme' is entered twice: first at line 1, and again here; YAML would keep only this one, so remove one of them" },
    ]);
  });

  it("gives the duplicate's path, as data", () => {
    const [duplicate] = parseYaml({ file: "f.yaml", text: "years:\n  2024: {}\n  2024: {}\n" }).diagnostics;
    expect(duplicate).toMatchObject({ code: "duplicate-key", path: ["years", "2024"], line: 3, column: 3 });
  });
});

describe("the explanation", () => {
  it("keeps the parser's words where it knows no better, and adds them after its own", () => {
    const source = { text: "a: 1\n", lineStarts: [0] };
    expect(explainYamlMistake(source, { code: "IMPOSSIBLE", offset: 0, message: "Something odd at line 1, column 1." })).toEqual({ message: "something odd", offset: 0 });
    // The parser quotes the text it stopped at, trailing space and all (found by the property below).
    expect(explainYamlMistake(source, { code: "IMPOSSIBLE", offset: 0, message: "Block scalar header includes extra characters: | " }).message).toBe("block scalar header includes extra characters: |");
    const [tab] = diagnose("a:\n\tb: 1\n");
    expect(tab!.message).toMatch(/^this line is indented with a tab; .* \(in YAML's terms: tabs are not allowed as indentation\)$/);
  });

  it("reports only the first syntax error, as before", () => {
    const text = ASSESSMENT.replace("commentary: >-", "commentary: Work plan: May").replace("      environment:", "\tenvironment:");
    expect(diagnose(text).map((d) => d.at)).toEqual(["yaml-syntax@10:30"]);
  });

  // Damaged files of the shape people edit: whatever the parser says about them, the explanation is a sentence at
  // a position inside the file, and never an exception.
  const damage = fc.array(
    fc.tuple(fc.nat(), fc.constantFrom("delete", "insert", "dedent", "indent", "join", "split"), fc.constantFrom(":", " ", "  ", "- ", '"', "'", "{", "}", "[", "#", ">-", "\t", "\r", "\u00a0", "*", "@", "score 7", "\n")),
    { minLength: 1, maxLength: 3 },
  );
  it("never fails, and points inside the file, for thousands of damaged assessments", () => {
    fc.assert(
      fc.property(damage, fc.boolean(), (edits, crlf) => {
        let text = ASSESSMENT;
        for (const [at, kind, piece] of edits) text = applyEdit(text, at, kind, piece);
        if (crlf) text = text.replace(/\r?\n/g, "\r\n");
        const lineCounter = new LineCounter();
        const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
        for (const error of document.errors) {
          const explained = explainYamlMistake({ text, lineStarts: lineCounter.lineStarts }, { code: error.code, offset: error.pos[0], message: error.message }, document);
          expect(explained.message).toMatch(/^\S.*\S$/s);
          expect(explained.offset).toBeGreaterThanOrEqual(0);
          expect(explained.offset).toBeLessThanOrEqual(text.length);
        }
        for (const d of parseYaml({ file: "f.yaml", text }).diagnostics) expect(d.line).toBeLessThanOrEqual(text.split("\n").length);
      }),
      { numRuns: 3000 },
    );
  });

  // How long it takes is checked where hangs are (test/time-limits.test.ts: 20,000 duplicate keys, with a limit).
  it("explains a mistake at the end of a large file, and each of a thousand duplicate keys", () => {
    const criteria = Array.from({ length: 1000 }, (_, i) => `      c${i}:\n        score: 7\n        commentary: >-\n          Text of criterion ${i}, which goes on\n          over two lines.\n`).join("");
    const broken = `programme: X\nframework: ctm-2024\nyears:\n  2024:\n    criteria:\n${criteria}       score: 8\n`;
    const duplicates = `programme: X\nyears:\n  2024:\n    criteria:\n${"      gender: { score: 7 }\n".repeat(1000)}`;
    for (const [text, count] of [[broken, 1], [duplicates, 999]] as const) {
      const lineCounter = new LineCounter();
      const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
      const explained = document.errors.map((error) =>
        explainYamlMistake({ text, lineStarts: lineCounter.lineStarts }, { code: error.code, offset: error.pos[0], message: error.message }, document),
      );
      expect(explained.length).toBeGreaterThanOrEqual(count);
      expect(explained[0]!.message).toMatch(count === 1 ? /^'score:' starts at column 8, between/ : /^criterion 'gender' is entered twice in 2024: first at line 5/);
    }
  });
});

function applyEdit(text: string, at: number, kind: string, piece: string): string {
  const offset = text.length === 0 ? 0 : at % text.length;
  const lines = text.split("\n");
  const line = at % lines.length;
  switch (kind) {
    case "delete":
      return text.slice(0, offset) + text.slice(offset + piece.length);
    case "insert":
      return text.slice(0, offset) + piece + text.slice(offset);
    case "dedent":
      lines[line] = lines[line]!.replace(/^ {1,3}/, "");
      return lines.join("\n");
    case "indent":
      lines[line] = `${piece.trim() === "" ? piece : " "}${lines[line]}`;
      return lines.join("\n");
    case "join":
      return lines.slice(0, line).concat([`${lines[line] ?? ""} ${lines[line + 1] ?? ""}`], lines.slice(line + 2)).join("\n");
    default:
      return text.slice(0, offset) + "\n" + text.slice(offset);
  }
}
