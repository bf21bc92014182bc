import { Document, Scalar, YAMLMap, YAMLSeq, type Node, type ScalarTag } from "yaml";
import { Fraction } from "../model/fraction.js";
import type { ImportedYear } from "./read-tables.js";

export const STRINGIFY = { lineWidth: 110, minContentWidth: 40 } as const;

/**
 * Imported scores and averages are exact decimals, written with exactly their digits: YAML's own number tag would
 * write the double nearest to them, and a printed 5.80000000000000001 would be written, and then checked, as 5.8.
 * A scalar's `minFractionDigits` still pads (an average is written with one decimal at least: 5.0).
 */
const EXACT_DECIMAL: ScalarTag = {
  tag: "tag:yaml.org,2002:float",
  default: true,
  identify: (value) => value instanceof Fraction,
  // Only for writing: without a `test`, no plain scalar is ever read as this tag.
  resolve: (text) => Fraction.parse(text),
  stringify: ({ value, minFractionDigits = 0 }) => {
    const places = (value as Fraction).decimalPlaces();
    if (places === undefined) throw new RangeError(`${(value as Fraction).toRatio()} is not a decimal number`);
    return (value as Fraction).toFixed(Math.max(places, minFractionDigits));
  },
};

/** A document to write imported years in: numbers as exact decimals (see EXACT_DECIMAL). */
export function importDocument(): Document {
  return new Document(undefined, { customTags: [EXACT_DECIMAL] });
}

/** YAML for one year's value, keys in the order people read them. */
export function yearNode(document: Document, year: ImportedYear, defaultFramework: string): Node {
  const { data } = year;
  const node = new YAMLMap();
  if (year.framework.id !== defaultFramework) node.add(document.createPair("framework", year.framework.id));
  if (data.source !== undefined) node.add(document.createPair("source", data.source));
  // Lists of sources as block sequences: one source a line, however long, so each reads (and diffs) on its own.
  for (const key of ["confirmedBy", "supersedes"] as const) {
    const sources = data[key];
    if (sources === undefined) continue;
    const list = new YAMLSeq();
    for (const source of sources) list.add(document.createNode(source));
    node.add(document.createPair(key, list));
  }
  if (data.inferred !== undefined) node.add(document.createPair("inferred", data.inferred));
  if (data.published) {
    const published = document.createNode(data.published) as YAMLMap;
    published.flow = true;
    // An average is printed to one decimal, 5.0 included.
    const average = published.get("average", true) as Scalar | undefined;
    if (average) average.minFractionDigits = 1;
    node.add(document.createPair("published", published));
  }
  if (data.commentary !== undefined) node.add(document.createPair("commentary", data.commentary));
  const criteria = new YAMLMap();
  for (const [id, entry] of Object.entries(data.criteria)) {
    const value = new YAMLMap();
    value.add(document.createPair("score", entry.score));
    if (entry.commentary) {
      const text = new Scalar(entry.commentary);
      text.type = Scalar.BLOCK_FOLDED;
      value.add(document.createPair("commentary", text));
    } else {
      value.flow = true;
    }
    criteria.add(document.createPair(id, value));
  }
  node.add(document.createPair("criteria", criteria));
  return node;
}

export interface NewFileHeader {
  /** The tables' file names, named in the file's first comment. */
  files: string[];
  /** The path of the assessment JSON Schema from the new file, for the editor's first line. */
  schemaPath?: string;
}

/** A new assessment holding `years` (newest first); its default framework is the newest year's. */
export function newAssessmentText(programme: string, years: readonly ImportedYear[], header: NewFileHeader): string {
  const defaultFramework = years[0]!.framework.id;
  const document = importDocument();
  const root = new YAMLMap();
  root.add(document.createPair("programme", programme));
  root.add(document.createPair("framework", defaultFramework));
  const yearsMap = new YAMLMap();
  for (const year of years) yearsMap.add(document.createPair(year.year, yearNode(document, year, defaultFramework)));
  root.add(document.createPair("years", yearsMap));
  document.contents = root;
  const origin = wrap(`${programme}: imported by assess import from ${header.files.join(", ")}.`, STRINGIFY.lineWidth - 2);
  const schema = header.schemaPath === undefined ? [] : [`yaml-language-server: $schema=${header.schemaPath}`];
  document.commentBefore = [...schema, ...origin].map((line) => ` ${line}`).join("\n");
  return document.toString(STRINGIFY);
}

/** Words to lines of at most `width` characters (a longer word keeps a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}
