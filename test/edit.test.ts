import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Document, isPair, isScalar, LineCounter, parseDocument, Scalar, YAMLMap, type Pair } from "yaml";
import { addYear } from "../src/edit/add-year.js";
import { setCommentary } from "../src/edit/set-commentary.js";
import { setScore } from "../src/edit/set-score.js";

/** CI runs thousands of cases per property; PROPERTY_RUNS lowers it for a quick local run. */
const RUNS = Math.max(50, Math.floor(Number(process.env.PROPERTY_RUNS ?? 5000) / 10));

/** The lines of a text, each with its own line break (so a CRLF line and an LF line differ). */
const linesOf = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Which lines differ: the old lines `from` to `to` (exclusive) became `inserted`; all else is byte for byte the same. */
function changedLines(before: string, after: string): { from: number; to: number; inserted: string[] } {
  const a = linesOf(before);
  const b = linesOf(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { from: prefix, to: a.length - suffix, inserted: b.slice(prefix, b.length - suffix) };
}

const plain = (text: string) => {
  const document = parseDocument(text, { uniqueKeys: false });
  expect(document.errors).toEqual([]);
  return document.toJS() as { years: Record<string, { framework?: string; criteria: Record<string, { score: unknown; commentary?: string }> }> };
};

/** The 0-based lines a criterion's pair spans in a text: its key's line to its value's last line. */
function criterionLines(text: string, year: number, criterion: string): [number, number] {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  const years = (document.contents as YAMLMap).get("years", true) as unknown as YAMLMap;
  const yearMap = years.items.find((p) => isScalar(p.key) && String(p.key.value) === String(year))!.value as YAMLMap;
  const criteria = yearMap.get("criteria", true) as unknown as YAMLMap;
  const pair = criteria.items.find((p) => isScalar(p.key) && p.key.value === criterion) as Pair<Scalar, YAMLMap>;
  const end = pair.value!.range![1];
  return [counter.linePos(pair.key.range![0]).line - 1, counter.linePos(Math.max(end - 1, pair.key.range![0])).line - 1];
}

// Files written in every style: each YAML way of writing a commentary, flow and block criteria, quoted keys,
// comments above and beside keys, blank lines, two indentation steps, wrapped or unwrapped text, years newest or
// oldest first, LF or CRLF, with or without a byte-order mark and a final line break.
const STYLES = [Scalar.BLOCK_FOLDED, Scalar.BLOCK_LITERAL, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.PLAIN] as const;
const word = fc.constantFrom("Mine", "clearance", "km²", "Türkiye", "US$30", "action:", "plan: published", "#5", "'quoted'", '"said"', "- dash", "50%", "{brace}", "[list]", "a,b", "@home", "&amp", "*star", "?", "|pipe", ">", "—");
const commentaryText = fc.oneof(
  { weight: 6, arbitrary: fc.array(word, { minLength: 1, maxLength: 40 }).map((words) => words.join(" ")) },
  { weight: 1, arbitrary: fc.array(fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(" ")), { minLength: 2, maxLength: 3 }).map((p) => p.join("\n")) },
  { weight: 1, arbitrary: fc.constantFrom("", " leading space", "trailing space ", "true", "7", "null", "~", "a: b", "x #y", "tab\there", "line\n") },
);
const CRITERIA = ["contamination", "ownership", "gender", "information", "planning"];

const criterionArbitrary = fc.record({
  flow: fc.boolean(),
  quotedKey: fc.boolean(),
  score: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 8 }),
  commentary: fc.option(fc.record({ text: commentaryText, style: fc.constantFrom(...STYLES) }), { freq: 2 }),
  comment: fc.option(fc.constantFrom(" about it", " note: see 2024", ""), { freq: 4 }),
  trailing: fc.option(fc.constantFrom(" as printed", " checked"), { freq: 4 }),
});

const fileArbitrary = fc
  .record({
    eol: fc.constantFrom("\n", "\r\n"),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    indent: fc.constantFrom(2, 4),
    lineWidth: fc.constantFrom(0, 60, 80, 110),
    oldestFirst: fc.boolean(),
    blankBetweenYears: fc.boolean(),
    frameworks: fc.boolean(),
    years: fc.uniqueArray(fc.integer({ min: 2010, max: 2030 }), { minLength: 1, maxLength: 4 }),
    criteria: fc.array(fc.array(criterionArbitrary, { minLength: 1, maxLength: CRITERIA.length }), { minLength: 4, maxLength: 4 }),
    yearComments: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .map((shape) => {
    const years = [...shape.years].sort((a, b) => (shape.oldestFirst ? a - b : b - a));
    const document = new Document({ programme: "Somewhere", framework: "ctm-2024" });
    document.commentBefore = " yaml-language-server: $schema=../../schemas/assessment.schema.json";
    const yearsMap = new YAMLMap();
    years.forEach((year, y) => {
      const yearMap = new YAMLMap();
      if (shape.frameworks && y % 2 === 1) yearMap.add(document.createPair("framework", "ctm-2019"));
      yearMap.add(document.createPair("source", "Clearing the Mines"));
      const criteria = new YAMLMap();
      shape.criteria[y]!.forEach((c, i) => {
        const key = new Scalar(CRITERIA[i]!);
        if (c.quotedKey) key.type = Scalar.QUOTE_DOUBLE;
        if (c.comment !== null) key.commentBefore = c.comment;
        const value = new YAMLMap();
        value.flow = c.flow;
        const score = new Scalar(c.score);
        if (c.trailing !== null && !c.flow) score.comment = c.trailing;
        value.add(document.createPair("score", score));
        if (c.commentary) {
          const text = new Scalar(c.commentary.text);
          text.type = c.commentary.style;
          value.add(document.createPair("commentary", text));
        }
        criteria.add(document.createPair(key, value));
      });
      yearMap.add(document.createPair("criteria", criteria));
      const key = new Scalar(year);
      if (y > 0 && shape.blankBetweenYears) key.spaceBefore = true;
      if (shape.yearComments[y]) key.commentBefore = ` ${year}: as published`;
      yearsMap.add(document.createPair(key, yearMap));
    });
    document.set("years", yearsMap);
    let text = document.toString({ indent: shape.indent, lineWidth: shape.lineWidth, minContentWidth: 20 });
    if (!shape.finalNewline) text = text.replace(/\n$/, "");
    text = text.replace(/\n/g, shape.eol);
    return { text: `${shape.bom ? "\uFEFF" : ""}${text}`, years, criteria: shape.criteria.map((c) => CRITERIA.slice(0, c.length)), eol: shape.eol };
  })
  // The yaml package writes a few plain texts it cannot read back (`action:` ending a line of a multi-line plain
  // text): such a file is not one a person could have saved.
  .filter((file) => parseDocument(file.text, { uniqueKeys: false }).errors.length === 0);

/** A year of the file and one of its criteria. */
const target = (file: { years: number[]; criteria: string[][] }, pick: number, which: number) => {
  const y = pick % file.years.length;
  const ids = file.criteria[y]!;
  return { year: file.years[y]!, criterion: ids[which % ids.length]! };
};

describe("editing a file in place", () => {
  it("sets a score: the file reads as before with that one score changed, and only the score's line differs", () => {
    fc.assert(
      fc.property(fileArbitrary, fc.nat(), fc.nat(), fc.option(fc.integer({ min: 0, max: 10 }), { freq: 10 }), (file, pick, which, score) => {
        const { year, criterion } = target(file, pick, which);
        const result = setScore(file.text, year, criterion, score === null ? null : String(score));
        expect(result.problem).toBeUndefined();
        const expected = plain(file.text);
        expected.years[year]!.criteria[criterion]!.score = score;
        expect(plain(result.text!)).toEqual(expected);
        const changed = changedLines(file.text, result.text!);
        expect(changed.to - changed.from).toBeLessThanOrEqual(1);
        expect(changed.inserted.length).toBe(changed.to - changed.from);
        const [first, last] = criterionLines(file.text, year, criterion);
        if (changed.inserted.length > 0) expect(changed.from >= first && changed.to - 1 <= last).toBe(true);
        for (const line of changed.inserted) expect(line.endsWith(file.eol) || !line.endsWith("\n")).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("sets a commentary: the file reads as before with that one commentary changed, and only the criterion's lines differ", () => {
    fc.assert(
      fc.property(fileArbitrary, fc.nat(), fc.nat(), commentaryText, (file, pick, which, commentary) => {
        const { year, criterion } = target(file, pick, which);
        const result = setCommentary(file.text, year, criterion, commentary);
        expect(result.problem).toBeUndefined();
        const expected = plain(file.text);
        expected.years[year]!.criteria[criterion]!.commentary = commentary;
        expect(plain(result.text!)).toEqual(expected);
        const changed = changedLines(file.text, result.text!);
        const [first, last] = criterionLines(file.text, year, criterion);
        if (changed.to > changed.from || changed.inserted.length > 0) {
          expect(changed.from).toBeGreaterThanOrEqual(first);
          expect(changed.to - 1).toBeLessThanOrEqual(last);
        }
        expect(result.text!.startsWith("\uFEFF")).toBe(file.text.startsWith("\uFEFF"));
        for (const line of changed.inserted) expect(line.endsWith(file.eol) || !line.endsWith("\n")).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("adds a year: the file reads as before with that year added, carrying the scores, and only its lines are new", () => {
    fc.assert(
      fc.property(fileArbitrary, fc.nat(), fc.integer({ min: 2000, max: 2040 }), (file, pick, year) => {
        fc.pre(!file.years.includes(year));
        const from = file.years[pick % file.years.length]!;
        const result = addYear(file.text, year, from);
        expect(result.problem).toBeUndefined();
        const expected = plain(file.text);
        const source = expected.years[from]!;
        expected.years[year] = {
          ...(source.framework !== undefined && { framework: source.framework }),
          criteria: Object.fromEntries(Object.entries(source.criteria).map(([id, c]) => [id, { score: c.score, commentary: "" }])),
        };
        expect(plain(result.text!)).toEqual(expected);
        // Nothing but lines put in, in one place, in the file's order of years (a last line without a line break
        // gets the file's, when the year goes after it).
        const appended = !file.text.endsWith("\n") && result.text!.startsWith(file.text + file.eol);
        const changed = changedLines(appended ? file.text + file.eol : file.text, result.text!);
        expect(changed.to).toBe(changed.from);
        for (const line of changed.inserted) expect(line.endsWith(file.eol) || !line.endsWith("\n")).toBe(true);
        const order = yearsInOrder(result.text!);
        const sorted = [...order].sort((a, b) => a - b);
        if (file.years.length > 1) expect(order).toEqual(file.years[0]! < file.years[1]! ? sorted : sorted.reverse());
      }),
      { numRuns: RUNS },
    );
  });
});

/** The years of a text in the order written. */
function yearsInOrder(text: string): number[] {
  const years = (parseDocument(text).contents as YAMLMap).get("years", true) as unknown as YAMLMap;
  return years.items.filter(isPair).map((p) => Number((p.key as Scalar).value));
}

describe("editing the bundled record", () => {
  const cambodia = readFileSync("assessments/mines/cambodia.yaml", "utf8");

  it("changes Cambodia's 2024 land release outputs score on exactly one line", () => {
    const result = setScore(cambodia, 2024, "land-release-outputs", "8");
    expect(changedLines(cambodia, result.text!)).toEqual({ from: 56, to: 57, inserted: ["        score: 8\n"] });
  });

  it("rewrites a folded commentary folded, wrapped at the file's width, and nothing else", () => {
    const text = "The CMAA introduced a national standard on gender and diversity: the first country to do so, establishing requirements for operators and reinforcing a commitment to promoting inclusion.";
    const result = setCommentary(cambodia, 2024, "gender", text);
    const changed = changedLines(cambodia, result.text!);
    expect(changed).toMatchObject({ from: 27, to: 30 });
    expect(changed.inserted).toEqual([
      "          The CMAA introduced a national standard on gender and diversity: the first country to do so,\n",
      "          establishing requirements for operators and reinforcing a commitment to promoting inclusion.\n",
    ]);
  });

  it("gives a one-line criterion a folded commentary as a block, as the file writes its commentaries", () => {
    const result = setCommentary(cambodia, 2023, "gender", "Unchanged.");
    expect(changedLines(cambodia, result.text!)).toEqual({
      from: 69,
      to: 70,
      inserted: ["      gender:\n", "        score: 9\n", "        commentary: >-\n", "          Unchanged.\n"],
    });
  });

  it("keeps a commentary written in double quotes in quotes, and one in a flow mapping in it", () => {
    const text = 'years:\n  2024:\n    criteria:\n      a: { score: 7, commentary: "Old." }  # kept\n      b:\n        score: 6\n        commentary: "Old."\n';
    expect(setCommentary(text, 2024, "a", "New: text.").text).toBe(text.replace('"Old." }', '"New: text." }'));
    expect(setCommentary(text, 2024, "b", "New.").text).toBe(text.replace('commentary: "Old."\n', 'commentary: "New."\n'));
  });

  it("keeps a literal block literal and a plain text plain, where they can hold the text", () => {
    const text = "years:\n  2024:\n    criteria:\n      a:\n        score: 7\n        commentary: |\n          Line one.\n          Line two.\n      b:\n        score: 6\n        commentary: Plain old text.\n";
    expect(setCommentary(text, 2024, "a", "One.\nTwo.\n").text).toBe(text.replace("Line one.\n          Line two.", "One.\n          Two."));
    expect(setCommentary(text, 2024, "b", "Plain new text.").text).toBe(text.replace("Plain old text.", "Plain new text."));
    // Plain text cannot hold ": " without quotes.
    expect(setCommentary(text, 2024, "b", "Work plan: published").text).toBe(text.replace("Plain old text.", '"Work plan: published"'));
  });

  it("fills in an empty score, keeping the comment after it", () => {
    const text = "years:\n  2024:\n    criteria:\n      a:\n        score:  # to do\n";
    expect(setScore(text, 2024, "a", "7").text).toBe("years:\n  2024:\n    criteria:\n      a:\n        score: 7 # to do\n");
  });

  it("writes over a value given as an alias on its line; an anchored value others repeat is left alone", () => {
    const text = "years:\n  2024:\n    criteria:\n      a:\n        score: &same 7 # both\n        commentary: &said Seen.\n      b: { score: *same, commentary: *said }\n";
    expect(setScore(text, 2024, "b", "3").text).toBe(text.replace("score: *same", "score: 3"));
    expect(setCommentary(text, 2024, "b", "Not seen.").text).toBe(text.replace("commentary: *said", "commentary: Not seen."));
    expect(setScore(text, 2024, "a", "3").problem).toMatch(/could not be set without changing other lines/);
  });

  it("says why it cannot edit, and changes nothing", () => {
    expect(setScore(cambodia, 2031, "gender", "7").problem).toBe("the file has no year 2031");
    expect(setScore(cambodia, 2024, "gendr", "7").problem).toBe("2024 has no criterion 'gendr'");
    expect(setScore(cambodia, 2024, "gender", "1e1").problem).toBe("a score is a plain number such as 7 or 7.5, not '1e1'");
    expect(setScore("years: [\n", 2024, "gender", "7").problem).toMatch(/not well-formed YAML/);
    expect(addYear(cambodia, 2024, 2023).problem).toBe("the file already has 2024");
  });
});
