import fc from "fast-check";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { sortDiagnostics, type DiagnosticPath } from "../src/diagnostics/diagnostic.js";
import { walkFiles } from "../src/load/walk-files.js";
import { loadAssessment, loadFrameworks } from "../src/tasks/load-files.js";
import { parseYaml } from "../src/parse/parse-yaml.js";
import { parseYamlQuickly } from "../src/parse/parse-yaml-quickly.js";
import { checkAssessment } from "../src/tasks/check-assessment.js";

/** How many times a file was read by the full parser (which the quick reading is there to spare). */
const fullReadings = vi.hoisted(() => ({ count: 0 }));
vi.mock("../src/parse/parse-yaml.js", async (original) => {
  const actual = await original<typeof import("../src/parse/parse-yaml.js")>();
  return {
    ...actual,
    parseYaml: (...args: Parameters<typeof actual.parseYaml>) => {
      fullReadings.count++;
      return actual.parseYaml(...args);
    },
  };
});

/** CI runs 5,000 cases per property; PROPERTY_RUNS lowers it for a quick local run. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 5000);

/**
 * The promise the quick reading makes: whatever it accepts, the full parser reads without a problem, to the same
 * value (same keys in the same order, -0 apart from 0), and every number in it was written as the quick reading
 * says it was.
 */
function expectSameReading(text: string): boolean {
  const quick = parseYamlQuickly({ file: "f.yaml", text });
  if (!quick) return false;
  const full = parseYaml({ file: "f.yaml", text });
  expect(full.diagnostics, text).toEqual([]);
  expect(JSON.stringify(quick.value), text).toBe(JSON.stringify(full.value));
  expect(isDeepStrictEqual(quick.value, full.value), text).toBe(true);
  for (const path of numberPaths(full.value)) {
    // An alias of a number has no text of its own in the full parser; the quick reading answers with the value.
    const written = full.sourceOf(path);
    if (written !== undefined) expect(quick.sourceOf(path), `${text}\n${path.join(".")}`).toBe(written);
  }
  return true;
}

function numberPaths(value: unknown, path: (string | number)[] = []): DiagnosticPath[] {
  if (typeof value === "number") return [path];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => numberPaths(child, [...path, Array.isArray(value) ? Number(key) : key]));
}

const yamlFiles = (folder: string): string[] => walkFiles([folder]).files;

describe("the quick YAML reading", () => {
  it("reads every plain file of the project as the full parser does, and declines the others", () => {
    const files = [...yamlFiles("assessments"), ...yamlFiles("criteria"), ...yamlFiles("test")];
    let accepted = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const variant of [text, text.replace(/\r?\n/g, "\r\n"), text.trimEnd()]) if (expectSameReading(variant)) accepted++;
    }
    // The bundled assessments and frameworks are all plain: the quick reading is what a batch of them uses.
    for (const file of [...yamlFiles("assessments"), ...yamlFiles("criteria")]) {
      expect(parseYamlQuickly({ file, text: readFileSync(file, "utf8") }), file).toBeDefined();
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it("gives the loaders the same assessments as the full parser does", () => {
    for (const file of yamlFiles("assessments")) {
      const text = readFileSync(file, "utf8");
      const quick = parseYamlQuickly({ file, text })!;
      const viaQuick = checkAssessment(quick, frameworks);
      const viaFull = checkAssessment(parseYaml({ file, text }), frameworks);
      // The record keeps three printing errors as printed: warnings, the same whichever way the file was read.
      expect(viaQuick.diagnostics.filter((d) => d.severity === "error"), file).toEqual([]);
      expect(viaQuick, file).toEqual(viaFull);
      expect(loadAssessment(file, {}, frameworks).assessment, file).toEqual(viaFull.assessment);
    }
  });

  it.each([
    ["a hexadecimal score", "score: 0x7"],
    ["a leading zero", "score: 07"],
    ["a plus sign", "score: +7"],
    ["an exponent", "score: 1e1"],
    ["a fraction without its zero", "score: .5"],
    ["a text the full parser reads as a number", "score: -.5"],
    ["minus zero", "score: -0"],
    ["an alias of a collection", "a: &x { b: 1 }\nc: *x"],
    ["a __proto__ key", "__proto__: { polluted: true }"],
    ["a duplicate key", "a: 1\na: 2"],
    ["a number and a text key that read alike", "2024: 1\n'2024': 2"],
    ["a number key not written as it reads", "6.99999999999999999: 1"],
    ["a boolean key not written as it reads", "True: 1"],
    ["a tag outside the core schema", "a: !!binary aGVsbG8="],
    ["a local tag", "a: !mine 7"],
    ["an empty file", ""],
    ["only a comment", "# nothing here"],
    ["a lone scalar", "just text"],
    ["two documents", "a: 1\n---\nb: 2"],
    ["a syntax error", "a: [1, 2"],
    ["old Mac line ends (a carriage return alone)", "a: 1\rb: 2\r"],
    ["a collection as a key", "[a, b]: 1"],
    ["an explicit key", "? a\n: 1"],
    ["a null key", "~: 1"],
    ["an empty entry in a flow collection", "a: [1, , 2]"],
    ["a quoted text continued on a line indented too little", 'a:\n  b: "one\n  two"'],
    ["deep nesting", `${"[".repeat(40)}${"]".repeat(40)}`],
  ])("declines %s", (_, text) => {
    expect(parseYamlQuickly({ file: "f.yaml", text })).toBeUndefined();
  });

  // Found by an adversarial review: each was accepted once and broke the promise.
  const K = "k".repeat(1025);
  it.each([
    "--- a: 1",
    "--- - 1",
    "---\u00a0a: 1",
    "---\u2028a: 1",
    "%YAML 1.1\n---\na: yes",
    "%YAML 1.1\n---\na: 1_000",
    "%YAML 1.1\n---\n<<: {b: 1}",
    "%1\n ----",
    "\ufeff[ab, 12]",
    "x: 1\n\ufeff- a",
    "\n\ufeff:",
    "a:\n\t",
    "-\n\t",
    "a: |\n  x\n\t# c",
    "a: >\n\t#",
    "{~}",
    "a: {null}",
    "a:\n !",
    "a: {b, ~}",
    "{{}}",
    "a: {[a, b]}",
    `${K}: 1`,
    `'${K}': 1`,
    `- ${K}: 1`,
    `[${K}: 1]`,
    `${"k".repeat(1000)}${" ".repeat(25)}: 1`,
    `- ${"k".repeat(1000)}${"\t".repeat(40)}: 1`,
    `'${"k".repeat(1000)}'${" ".repeat(25)}: 1`,
    "-\n\n# x\n 7\n- k",
    "-\n#x\n z\n- k\n",
    "a:\n#x\n z\nk: 1\n",
    "x:\n  a:\n  # x\n    z\n  k: 1\n",
    "a:\n#x\n 7\nk: 1",
    'a: "\\U00110000"',
    'a: "\\UFFFFFFFF"',
    `a: x${"[".repeat(65)}`,
    `a: |\n  ${"{".repeat(65)}`,
  ])("keeps its promise on %j", (text) => {
    expectSameReading(text);
  });

  it("knows how each number was written, one number written two ways included, without reading the file fully", () => {
    const text = "a: 7.0\nb: 7.50\nc: [7.5, 7]\nd: 3\ne: { f: 7, g: [7.0, { h: 7 }] }\n";
    const quick = parseYamlQuickly({ file: "f.yaml", text })!;
    const frameworks = loadFrameworks();
    const before = fullReadings.count;
    expect(["a", "b", "d"].map((key) => quick.sourceOf([key]))).toEqual(["7.0", "7.50", "3"]);
    expect([quick.sourceOf(["c", 0]), quick.sourceOf(["c", 1])]).toEqual(["7.5", "7"]);
    expect([quick.sourceOf(["e", "f"]), quick.sourceOf(["e", "g", 0]), quick.sourceOf(["e", "g", 1, "h"])]).toEqual(["7", "7.0", "7"]);
    // A scored assessment that prints an average of 7.0 beside scores of 7 (Cambodia's) is checked from the quick
    // reading alone: the exact decimal of every score is known without the full parser.
    const cambodia = readFileSync("assessments/mines/cambodia.yaml", "utf8");
    const quickCambodia = parseYamlQuickly({ file: "cambodia.yaml", text: cambodia }, "none")!;
    expect(checkAssessment(quickCambodia, frameworks).diagnostics).toEqual([]);
    expect(fullReadings.count).toBe(before);
  });

  it("answers positions and the document from the full parser", () => {
    const text = "programme: Cambodia\nyears:\n  2024:\n    criteria: {}\n";
    const quick = parseYamlQuickly({ file: "f.yaml", text })!;
    const full = parseYaml({ file: "f.yaml", text });
    expect(quick.locate(["years", "2024"], "key")).toEqual({ line: 3, column: 3 });
    expect(quick.locate(["years", "2024", "criteria"])).toEqual(full.locate(["years", "2024", "criteria"]));
    expect(quick.document.toString()).toBe(full.document.toString());
    expect(quick.sourceOf(["programme"])).toBe("Cambodia");
  });

  it("agrees with the full parser on generated YAML, well-formed or not", () => {
    let accepted = 0;
    fc.assert(
      fc.property(documentArbitrary, (text) => {
        if (expectSameReading(text)) accepted++;
      }),
      { numRuns: RUNS },
    );
    // Enough of the generated documents are read quickly for the comparison to mean something.
    expect(accepted / RUNS).toBeGreaterThan(0.1);
  });
});

// Generated documents: nested mappings and lists in block and flow style, with every kind of scalar a person might
// write (plain, quoted, folded and literal blocks, numbers and booleans in every spelling), comments, anchors,
// tags, and then a few random edits that may well break them.

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const numberSpelling = fc.oneof(
  fc.integer({ min: -20, max: 2100 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }).map(String),
  fc.constantFrom("07", "0x7", "0o7", "0b1", "7.0", "7.5", "7.50", "+7", "-0", ".5", "1.", "1e1", "1E+2", "1_0", ".inf", "-.Inf", ".NaN", "12345678901234567890", "3.141592653589793", "1e-7", "0.1", "-3"),
);
const otherPlain = fc.constantFrom("true", "True", "TRUE", "false", "yes", "no", "on", "off", "y", "null", "Null", "NULL", "~", "nULL", "tRUE", "2024-01-01", "12:30", "a:b", "a #b", "x-y", "@at", "`tick", "%pct", "-dash", "- dash", "?q", "? q", "|pipe", ">gt", "!bang", "&amp", "*star", "a, b", "[x]", "{x}", "'", '"');
const plainText = fc.stringMatching(/^[A-Za-z0-9 .,;:#'"&*!|>%@?\-–é€💣]{1,30}$/);
const doubleQuoted = fc
  .array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9 :#'.,-]{0,10}$/), fc.constantFrom("\\n", "\\t", "\\\\", '\\"', "\\x41", "\\u00e9", "\\U0001F600", "\\/", "\\ ", "\\_", "\\N", "\\L", "\\P", "\\0", "\\q", "\n  ", "\n\n  ")), { maxLength: 6 })
  .map((parts) => `"${parts.join("")}"`);
const singleQuoted = fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9 :#".,\\-]{0,10}$/), fc.constantFrom("''", "\n  ", "\n\n  ")), { maxLength: 6 }).map((parts) => `'${parts.join("")}'`);
const blockScalar = fc
  .record({
    style: fc.constantFrom("|", ">"),
    chomp: fc.constantFrom("", "-", "+"),
    explicitIndent: fc.boolean(),
    lines: fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9 .,:#'"-]{0,20}$/), fc.constantFrom("", "   ", "  more indented", "\ttab")), { minLength: 1, maxLength: 5 }),
  })
  .map(({ style, chomp, explicitIndent, lines }) => ({ block: `${style}${explicitIndent ? "2" : ""}${chomp}`, lines }));
const multiLinePlain = fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,]{0,15}$/), { minLength: 2, maxLength: 3 }).map((parts) => ({ continued: parts }));

type Scalar = string | { block: string; lines: string[] } | { continued: string[] };
type Tree = Scalar | { map: [string, Tree][]; flow: boolean } | { seq: Tree[]; flow: boolean };

const sentence = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,;()'%€é²-]{0,40}[A-Za-z0-9.)]$/);
const scalarArbitrary: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 6, arbitrary: sentence },
  { weight: 3, arbitrary: numberSpelling },
  { weight: 2, arbitrary: otherPlain },
  { weight: 3, arbitrary: plainText },
  { weight: 2, arbitrary: doubleQuoted },
  { weight: 2, arbitrary: singleQuoted },
  { weight: 2, arbitrary: blockScalar },
  { weight: 1, arbitrary: multiLinePlain },
);
const keyArbitrary = fc.oneof(word, word, fc.integer({ min: 1990, max: 2030 }).map(String), fc.constantFrom("'2024'", '"quoted key"', "score", "commentary", "<<", "__proto__", "a b", "? q"));

/** Scalars as an assessment has them, most of which the quick reading accepts. */
const everydayScalar: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 4, arbitrary: sentence },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 0, max: 10 }).map(String), fc.constantFrom("7.5", "6.25", "0.1", "7.0")) },
  {
    weight: 2,
    arbitrary: fc
      .record({ style: fc.constantFrom(">-", ">", "|", "|-", "|+"), lines: fc.array(fc.oneof(sentence, fc.constant("")), { minLength: 1, maxLength: 4 }) })
      .map(({ style, lines }) => ({ block: style, lines })),
  },
  { weight: 1, arbitrary: fc.constantFrom("null", "~", "true", "'quoted: text'", '"double \"quoted\""', "text # with a comment") },
);

function treeOf(scalar: fc.Arbitrary<Scalar>, key: fc.Arbitrary<string>): fc.Arbitrary<Tree> {
  return fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      scalar,
      fc.record({ map: fc.array(fc.tuple(key, tie("tree")), { maxLength: 4 }), flow: fc.boolean() }),
      fc.record({ seq: fc.array(tie("tree"), { maxLength: 4 }), flow: fc.boolean() }),
    ),
  })).tree;
}

const treeArbitrary = fc.oneof(treeOf(scalarArbitrary, keyArbitrary), treeOf(everydayScalar, word));

/** Writes a tree as YAML text; `indent` is the column of the enclosing block. */
function write(tree: Tree, indent: number, inFlow: boolean): string {
  if (typeof tree === "string") return tree;
  const pad = " ".repeat(indent + 2);
  if ("block" in tree) return inFlow ? '"in flow"' : `${tree.block}\n${tree.lines.map((line) => (line === "" ? "" : pad + line)).join("\n")}`;
  if ("continued" in tree) return inFlow ? tree.continued.join(" ") : tree.continued.join(`\n${pad}`);
  if ("map" in tree) {
    if (tree.flow || inFlow || tree.map.length === 0) return `{ ${tree.map.map(([key, value]) => `${key}: ${write(value, indent, true)}`).join(", ")} }`;
    return `\n${tree.map.map(([key, value]) => `${pad}${key}: ${write(value, indent + 2, false)}`).join("\n")}`;
  }
  if (tree.flow || inFlow || tree.seq.length === 0) return `[ ${tree.seq.map((item) => write(item, indent, true)).join(", ")} ]`;
  return `\n${tree.seq.map((item) => `${pad}- ${write(item, indent + 2, false).replace(/^\n\s*/, "")}`).join("\n")}`;
}

/** Small edits that may break a document: a character inserted or removed, a line indented or repeated, a comment. */
const editArbitrary = fc.tuple(fc.nat(), fc.constantFrom("insert", "delete", "indent", "repeat", "comment", "anchor", "tag"), fc.constantFrom(":", "#", "-", " ", "\t", "'", '"', "[", "{", "&a", "*a", "!!str ", "!!int ", "\n", "? ", "|", ">", "%YAML 1.1\n---\n", "\ufeff", "--- ", "{~}", "\\U00110000", "\u00a0", "\u2028"));

function applyEdit(text: string, [at, kind, piece]: [number, string, string]): string {
  const offset = text.length === 0 ? 0 : at % text.length;
  const lines = text.split("\n");
  const line = at % lines.length;
  switch (kind) {
    case "insert":
      return text.slice(0, offset) + piece + text.slice(offset);
    case "delete":
      return text.slice(0, offset) + text.slice(offset + 1);
    case "indent":
      lines[line] = ` ${lines[line]}`;
      return lines.join("\n");
    case "repeat":
      lines.splice(line, 0, lines[line]!);
      return lines.join("\n");
    case "comment":
      lines[line] = `${lines[line]} # note: ${piece}`;
      return lines.join("\n");
    case "anchor":
      return text.replace(/: (\S)/, ": &a $1").replace(/(\n\s+\w+: )\S.*$/, "$1*a");
    default:
      return text.replace(/: (\S)/, ": !!str $1");
  }
}

const documentArbitrary = fc
  .tuple(
    fc.array(fc.tuple(keyArbitrary, treeArbitrary), { minLength: 1, maxLength: 5 }),
    fc.oneof(fc.constant([]), fc.array(editArbitrary, { minLength: 1, maxLength: 2 })),
    fc.boolean(),
  )
  .map(([pairs, edits, crlf]) => {
    const text = pairs.map(([key, value]) => `${key}: ${write(value, 0, false)}`).join("\n") + "\n";
    const edited = edits.reduce(applyEdit, text);
    return crlf ? edited.replace(/\n/g, "\r\n") : edited;
  });

// End to end: a valid assessment written in any of the ways a person might write it (indentation, quoting, block
// or flow style, folded lines, comments, blank lines, CRLF) checks to exactly the same result, diagnostics and
// all, whether the loader took the quick reading or the full parser.

const loaded = loadFrameworks();
// Each bundled edition, and a copy of it that allows unscored criteria (no bundled edition does), so that empty and
// null scores are valid somewhere.
const open = [...loaded.byId.values()].flatMap((fw) => [
  { ...fw, id: `${fw.id}-open`, unscored: "exclude" as const },
  { ...fw, id: `${fw.id}-zero`, unscored: "zero" as const },
]);
const frameworks = { byId: new Map([...loaded.byId, ...open.map((fw) => [fw.id, fw] as const)]), invalidIds: loaded.invalidIds };
const bundled = [...frameworks.byId.values()];
const wordsText = fc.array(fc.stringMatching(/^[A-Za-z0-9(),.%'²€-]{1,12}$/), { minLength: 1, maxLength: 12 }).map((words) => words.join(" "));
const anyText = fc.oneof(wordsText, fc.string({ maxLength: 40 }), fc.constantFrom("yes", "null", "7", "-.5", "a: b", "x #y", "'q'", "#", "- z", "[a]", "{b}"));

interface Style {
  indent: number;
  crlf: boolean;
  seed: number[];
}

/** A text written as a scalar: plain where that is safe, quoted, or as a folded or literal block. */
function scalar(text: string, choice: number, indent: string): string {
  const plainSafe = /^[A-Za-z][A-Za-z0-9 (),.%'²€-]*[A-Za-z0-9).%²€]$/.test(text) && !/ -|\( |: | #/.test(text) && !CORE_WORDS.test(text);
  const words = text.split(" ");
  const foldable = /^\S+( \S+)*$/.test(text);
  switch (choice % 5) {
    case 0:
      return plainSafe ? text : JSON.stringify(text);
    case 1:
      return `'${text.replace(/'/g, "''")}'`.includes("\n") ? JSON.stringify(text) : `'${text.replace(/'/g, "''")}'`;
    case 2: {
      if (!foldable) return JSON.stringify(text);
      const lines: string[] = [];
      for (let i = 0; i < words.length; i += 1 + (choice % 4)) lines.push(words.slice(i, i + 1 + (choice % 4)).join(" "));
      return `>-\n${lines.map((line) => indent + line).join("\n")}`;
    }
    case 3:
      return foldable ? `|-\n${indent}${text}` : JSON.stringify(text);
    default:
      return JSON.stringify(text);
  }
}
const CORE_WORDS = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

const writtenAssessment = fc
  .record({
    framework: fc.constantFrom(...bundled),
    programme: anyText.filter((t) => t.trim() !== ""),
    years: fc.uniqueArray(fc.integer({ min: 1990, max: 2099 }), { minLength: 1, maxLength: 3 }),
    scores: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 40, maxLength: 40 }),
    commentary: fc.array(fc.oneof(wordsText, anyText), { minLength: 40, maxLength: 40 }),
    style: fc.record({ indent: fc.integer({ min: 1, max: 4 }), crlf: fc.boolean(), seed: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }) }),
  })
  .map(({ framework, programme, years, scores, commentary, style }) => ({ text: writeAssessment(framework, programme, years, scores, commentary, style), framework }));

function writeAssessment(framework: (typeof bundled)[number], programme: string, years: number[], scores: number[], commentary: string[], style: Style): string {
  let pick = 0;
  const next = () => style.seed[pick++ % style.seed.length]!;
  const pad = (level: number) => " ".repeat(style.indent * level);
  const lines: string[] = [];
  const comment = (level: number) => {
    const c = next() % 7;
    if (c === 0) lines.push(`${pad(level)}# a note`);
    else if (c === 1) lines.push("");
    else if (c === 2) lines.push("# at the margin");
  };
  comment(0);
  lines.push(`programme: ${scalar(programme, next(), pad(1))}`);
  lines.push(`framework: ${framework.id}${next() % 3 === 0 ? " # the edition" : ""}`);
  lines.push("years:");
  let cursor = 0;
  const unscoredAllowed = framework.unscored !== "not-allowed";
  for (const year of years) {
    comment(1);
    const key = [String(year), `"${year}"`, `'${year}'`][next() % 3];
    lines.push(`${pad(1)}${key}:`);
    // Now and then what the checks compare: the year's own edition, a printed average and rating (mostly not the
    // computed ones, so warnings), a table that printed no commentary.
    if (next() % 9 === 0) lines.push(`${pad(2)}framework: ${framework.id}`);
    if (next() % 7 === 0) lines.push(`${pad(2)}published: { average: ${[5, 6.5, 7.2, 8][next() % 4]}, rating: ${scalar(["GOOD", "good", "Poor", "VERY GOOD", "Excellent"][next() % 5]!, next(), pad(3))} }`);
    const notPrinted = next() % 13 === 0;
    if (notPrinted) lines.push(`${pad(2)}commentary: not-printed`);
    lines.push(`${pad(2)}criteria:`);
    for (const criterion of framework.criteria) {
      comment(3);
      const score = scores[cursor % scores.length]!;
      // An empty commentary beside a changed score is warned about, unless the year printed none.
      const text = notPrinted || next() % 17 === 0 ? "" : `${commentary[cursor % commentary.length]} (${criterion.id})`;
      cursor++;
      const unscored = unscoredAllowed && next() % 5 === 0;
      const spelled = unscored ? ["", "~", "null", "Null"][next() % 4]! : next() % 97 === 0 ? `${score}.0` : String(score);
      if (next() % 3 === 0) {
        lines.push(`${pad(3)}${criterion.id}: { score: ${spelled === "" ? "~" : spelled}${text ? `, commentary: ${JSON.stringify(text)}` : ""} }`);
      } else {
        lines.push(`${pad(3)}${criterion.id}:`);
        lines.push(`${pad(4)}score:${spelled === "" ? "" : ` ${spelled}`}${next() % 4 === 0 ? "  # checked" : ""}`);
        comment(4);
        if (text || next() % 2 === 0) lines.push(`${pad(4)}commentary: ${text ? scalar(text, next(), pad(5)) : '""'}`);
      }
    }
  }
  const text = `${lines.join("\n")}\n`;
  return style.crlf ? text.replace(/\n/g, "\r\n") : text;
}

describe("an assessment, however it is written", () => {
  it("checks to the same result through the loader (quick reading where it applies) as through the full parser", () => {
    let quick = 0;
    fc.assert(
      fc.property(writtenAssessment, ({ text }) => {
        const source = { file: "written.yaml", text };
        const parsed = parseYaml(source);
        const checked = checkAssessment(parsed, frameworks);
        const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]);
        const loaded = loadAssessment(source.file, {}, frameworks, { source, diagnostics: [] });
        expect(loaded.diagnostics, text).toEqual(diagnostics);
        expect(loaded.assessment, text).toEqual(diagnostics.some((d) => d.severity === "error") ? undefined : checked.assessment);
        if (parseYamlQuickly(source) && diagnostics.length === 0) quick++;
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
    // Many of them are plain and valid: the comparison covers the quick path, not only the fallback.
    expect(quick / Math.ceil(RUNS / 5)).toBeGreaterThan(0.3);
  });
});
