import { CORE_SCHEMA, load } from "js-yaml";
import type { DiagnosticPath } from "../diagnostics/diagnostic.js";
import { INVISIBLE_AT_LINE_START } from "./explain-yaml-mistake.js";
import { parseYaml, tooDeepBracket, type ParsedYaml, type SourceText } from "./parse-yaml.js";

// js-yaml 4.3 has it; @types/js-yaml, written for 4.0, does not list it yet.
declare module "js-yaml" {
  interface LoadOptions {
    /** Deeper collections are an error. */
    maxDepth?: number;
  }
}

/**
 * The quick reading of a YAML file, for the common case of a plain, valid file in a large batch.
 *
 * The full parser (`parseYaml`, on the `yaml` library) keeps every node with its position and its text, which
 * diagnostics need; building that costs about 1.5 ms for a ten-year assessment, most of a batch's time. js-yaml
 * reads the same file into plain values several times faster, without positions. The loaders read each file
 * quickly first and keep that reading only when the file turns out to have no problem at all: a file with any
 * diagnostic is read again by the full parser and checked again, so every message, position and code frame comes
 * from the full parser. Positions and the document, when asked for, come from the full parser too.
 *
 * The quick reading is declined (undefined) wherever the two parsers could read a file differently:
 * - whatever js-yaml rejects (syntax errors, duplicate keys, tags outside the core schema, several documents);
 * - an empty document, or one that is not a mapping or a list;
 * - tags, anchors and aliases, explicit keys (`? key`), keys that are collections or null, `__proto__` keys,
 *   implicit keys longer than the full parser allows;
 * - a plain value on a line of its own after a comment line (the full parser joins it with the next line);
 * - scalars and flow collections that span lines (js-yaml is laxer about how continuation lines are indented),
 *   except block scalars (| and >) without an indentation digit or lines of nothing but spaces; block
 *   collections with a line indented less than their first entry;
 * - empty nodes other than a mapping's value at the end of a line (`score:`), as in `[1, , 2]` or `- -`; a
 *   comment glued to what it follows (`{ }#`);
 * - numbers not written as plain decimals (`0x7`, `+7`, `1e1`, `.5`), and plain texts the full parser would read
 *   as something else (`-.5`);
 * - odd text anywhere (see hasUnusualText: lone carriage returns, directives, tabs in indentation, ...), and
 *   nesting deeper than QUICK_MAX_DEPTH.
 * test/parse-yaml-quickly.test.ts checks, over every YAML file of the project and thousands of generated ones,
 * that whatever the quick reading accepts the full parser reads without a problem, to the same value.
 */
export function parseYamlQuickly(
  source: SourceText,
  /**
   * "full": positions and the document, when asked for, come from the full parser. "none": asking for a position
   * throws PositionNeeded, for a caller that keeps the quick reading only when nothing needs a position (no
   * diagnostic at all) and stops checking at the first that does.
   */
  positions: "full" | "none" = "full",
): ParsedYaml | undefined {
  const { text } = source;
  if (hasUnusualText(text)) return undefined;
  const starts: number[] = [];
  // The nodes read so far inside the nodes still open, each as two entries: its value, and the text it was written
  // as when it is a number (a mapping's keys and values alternate); `opened` holds where each open node's begin.
  // When a collection closes, its numbers' spellings are noted under their keys. (One flat list: a file has
  // thousands of nodes, and most are not collections.)
  const read: unknown[] = [];
  const opened: number[] = [];
  const spellings: Spellings = new WeakMap();
  let declined = false;
  let value: unknown;
  try {
    value = load(text, {
      schema: CORE_SCHEMA,
      maxDepth: QUICK_MAX_DEPTH,
      // Each node is looked at as it closes, with the text it was written as.
      listener: (event, state) => {
        if (event === "open") {
          starts.push(state.position);
          opened.push(read.length);
        } else {
          const start = starts.pop()!;
          const from = opened.pop()!;
          if (declined) return;
          let spelling: string | undefined;
          declined =
            !isPlainNode(text, start, state.position, state.kind, state.result, (written) => (spelling = written)) ||
            isFlowKeyWithoutColon(text, start, starts.at(-1), state.result);
          if (read.length > from) noteSpellings(state.result, read, from, spellings);
          read.length = from;
          read.push(state.result, spelling);
        }
      },
    });
  } catch {
    return undefined;
  }
  if (declined || typeof value !== "object" || value === null || !isPlainTree(value)) return undefined;
  let full: ParsedYaml | undefined;
  const fully = (): ParsedYaml => (full ??= parseYaml(source));
  const positioned = (): ParsedYaml => {
    if (positions === "none") throw new PositionNeeded();
    return fully();
  };
  return {
    file: source.file,
    text,
    value,
    diagnostics: [],
    get document() {
      return positioned().document;
    },
    locate: (path, target) => positioned().locate(path, target),
    // How each number was written is noted as it is read. Keys are as written: a key that is a number written any
    // other way than in plain digits is declined above.
    sourceOf: (path, target) => {
      if (target === "key") return path.length > 0 && valueAt(value, path) !== undefined ? String(path.at(-1)) : undefined;
      if (path.length === 0) return fully().sourceOf(path);
      const container = valueAt(value, path.slice(0, -1));
      const spelling = typeof container === "object" && container !== null ? spellings.get(container)?.get(String(path.at(-1))) : undefined;
      return spelling ?? fully().sourceOf(path);
    },
  };
}

/** Thrown by a quick reading made with `positions: "none"` when a position is asked for: a diagnostic is coming. */
export class PositionNeeded extends Error {
  constructor() {
    super("a position was asked of a quick reading made without positions");
  }
}

/** For each mapping and list read, the text each of its numbers was written as, by key (a list's by index). */
type Spellings = WeakMap<object, Map<string, string>>;

/**
 * Notes how the numbers of a collection just read were written: `read` holds, from `from` on, the nodes read inside
 * it in order, each as its value and its spelling (a mapping's keys and values alternating). Nothing is noted unless
 * they match the collection entry for entry (a merge key `<<` would not): a spelling not noted is asked of the full
 * parser.
 */
function noteSpellings(collection: unknown, read: readonly unknown[], from: number, spellings: Spellings): void {
  if (typeof collection !== "object" || collection === null) return;
  const nodes = (read.length - from) / 2;
  let noted: Map<string, string> | undefined;
  if (Array.isArray(collection)) {
    if (nodes !== collection.length) return;
    for (let index = 0; index < nodes; index++) {
      const spelling = read[from + 2 * index + 1] as string | undefined;
      if (spelling !== undefined) (noted ??= new Map()).set(String(index), spelling);
    }
  } else {
    if (nodes !== 2 * Object.keys(collection).length) return;
    for (let i = from; i < read.length; i += 4) {
      const key = String(read[i]);
      if (!Object.hasOwn(collection, key) || (collection as Record<string, unknown>)[key] !== read[i + 2]) return;
      const spelling = read[i + 3] as string | undefined;
      if (spelling !== undefined) (noted ??= new Map()).set(key, spelling);
    }
  }
  if (noted) spellings.set(collection, noted);
}

/**
 * Whether the text has anything, whatever its place, that the quick reading declines: a carriage return alone as a
 * line end; an explicit key (`? key`, or a text that merely looks like one); a document marker glued to text
 * (`---x`) or followed by content on its line; a directive (`%YAML 1.1` changes the schema); a byte-order mark
 * inside the text; a space-like character (a non-breaking space, …) starting a line, which the full parser reports
 * (see findUnreportedMistake); a tab in a line's indentation; a `\U` escape beyond Unicode; brackets nested deeper than the full
 * parser's limit (counted as it counts them, even in texts). Each pattern is tried only where its telling
 * character occurs at all.
 */
function hasUnusualText(text: string): boolean {
  return (
    (text.includes("\r") && /\r(?!\n)/.test(text)) ||
    (text.includes("?") && /(?:^|[\s[{,])\?(?:\s|$)/.test(text)) ||
    ((text.includes("---") || text.includes("...")) && /^(?:---|\.\.\.)(?:[^ \t\r\n]|[ \t]+[^ \t\r\n#])/m.test(text)) ||
    (text.includes("%") && /^%/m.test(text)) ||
    text.includes("\ufeff") ||
    (/[\u00a0\u2007\u202f\u200b]/.test(text) && INVISIBLE_AT_LINE_START.test(text)) ||
    (text.includes("\t") && /^ *\t/m.test(text)) ||
    (text.includes("\\U") && /\\U(?!000[0-9a-fA-F]|0010)/.test(text)) ||
    tooDeepBracket(text) !== undefined
  );
}

/** Far deeper than any assessment or framework (about six levels), and well within the full parser's limit. */
const QUICK_MAX_DEPTH = 32;
/** Both parsers read these as the same number. */
const PLAIN_DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
/** What YAML 1.2's core schema, as the full parser has it, reads as a null, a boolean or a number. */
const CORE_NOT_TEXT =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;
/** A block scalar's header without an indentation digit: `|`, `>-`, `|+  # comment`. */
const BLOCK_HEADER = /^[|>][-+]?[ \t]*(?:#[^\n]*)?$/;

const [TAB, LF, CR, SPACE, BANG, QUOTE, HASH, AMPERSAND, APOSTROPHE, ASTERISK, COMMA, COLON, GREATER, BRACKET, BRACE, PIPE] = [
  9, 10, 13, 32, 33, 34, 35, 38, 39, 42, 44, 58, 62, 91, 123, 124,
];

/**
 * Whether the node written at text[start, end), which js-yaml read as `value` of `kind`, is one both parsers read
 * alike (see the list above). Notes the spelling of a number. `start` may sit before the spaces, line breaks and
 * comments that precede the node. Tells `noteSpelling` the text a number was written as.
 */
function isPlainNode(text: string, start: number, end: number, kind: string | null, value: unknown, noteSpelling: (spelling: string) => void): boolean {
  if (kind === null) {
    // Nothing but spaces and comments, not even a tag or an anchor, right after a mapping's colon.
    const afterColon = text.charCodeAt(skipSpacesBack(text, start) - 1) === COLON;
    return afterColon && atLineEnd(text, skipSpaces(text, start)) && skipSeparation(text, start, end) >= end;
  }
  // A comment glued to what it follows (`{ }#`, `"text"#`) is an error to the full parser only.
  if (text.charCodeAt(end) === HASH && !isBlank(text.charCodeAt(end - 1))) return false;
  const afterEnd = skipSpaces(text, end);
  const isKey = text.charCodeAt(afterEnd) === COLON;
  if (isKey && (value === null || typeof value === "object")) return false;
  // A number or boolean key is a text key to JavaScript: `2024.0:` and `0x7E8:` would both be "2024", `True:` "true".
  if (isKey && (typeof value === "number" || typeof value === "boolean") && text.slice(skipSeparation(text, start, end), end).trimEnd() !== String(value)) return false;
  const at = skipSeparation(text, start, end);
  const first = text.charCodeAt(at);
  if (first === BANG || first === AMPERSAND || first === ASTERISK) return false;
  let last = end;
  while (last > at && isBlank(text.charCodeAt(last - 1))) last--;
  // The full parser refuses implicit keys longer than 1,024 characters, counted up to the colon.
  if (isKey && afterEnd - at > 1000) return false;
  if (kind !== "scalar") return first === BRACKET || first === BRACE ? isOneLine(text, at, last) : isIndentedUnder(text, at, last);
  if (first === PIPE || first === GREATER) {
    const headerEnd = text.indexOf("\n", at);
    const header = text.slice(at, headerEnd < 0 ? end : headerEnd).trimEnd();
    return BLOCK_HEADER.test(header) && !hasLineOfSpaces(text, at, end);
  }
  if (!isOneLine(text, at, last)) return false;
  // The full parser joins a plain value on a line of its own, after a comment line, with the line that follows.
  if (!isKey && first !== QUOTE && first !== APOSTROPHE && followsCommentLine(text, at)) return false;
  if (typeof value === "number") {
    const spelling = text.slice(at, last);
    if (!PLAIN_DECIMAL.test(spelling) || (value === 0 && spelling.startsWith("-"))) return false;
    noteSpelling(spelling);
    return true;
  }
  // A plain text is exactly what was written; quoted ones are texts to both parsers.
  return !(typeof value === "string" && first !== QUOTE && first !== APOSTROPHE && CORE_NOT_TEXT.test(value));
}

/**
 * Whether every line of the block collection starting at `at` is indented at least as far as its first entry (blank
 * lines and comments apart): js-yaml lets a sequence go on with an entry indented less than the others.
 */
function isIndentedUnder(text: string, at: number, last: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const column = at - lineStart;
  if (column === 0) return true;
  for (let line = text.indexOf("\n", at) + 1; line > 0 && line < last; line = text.indexOf("\n", line) + 1) {
    const content = skipSpaces(text, line);
    if (content - line < column && !atLineEnd(text, content)) return false;
  }
  return true;
}

/**
 * Whether the node at `at` begins its line (only spaces before it) and a comment line comes between it and the
 * nearest line above with anything else on it (blank lines apart).
 */
function followsCommentLine(text: string, at: number): boolean {
  let lineStart = text.lastIndexOf("\n", at - 1) + 1;
  if (skipSpaces(text, lineStart) !== at) return false;
  // Each step moves to the start of the line above, strictly earlier, until the first line has been looked at.
  while (lineStart > 0) {
    const previousEnd = lineStart - 1;
    lineStart = previousEnd === 0 ? 0 : text.lastIndexOf("\n", previousEnd - 1) + 1;
    const c = text.charCodeAt(skipSpaces(text, lineStart));
    if (c === HASH) return true;
    if (c !== LF && c !== CR) return false;
  }
  return false;
}

/**
 * Whether a line of nothing but spaces or tabs starts after `at` and before `end`, or is the line where `end` falls
 * (a line of spaces at the very end of the file included).
 */
function hasLineOfSpaces(text: string, at: number, end: number): boolean {
  for (let line = text.indexOf("\n", at) + 1; line > 0 && line <= end; line = text.indexOf("\n", line) + 1) {
    const content = skipSpaces(text, line);
    if (content > line && (content >= text.length || text.charCodeAt(content) === LF || text.charCodeAt(content) === CR)) return true;
  }
  return false;
}

/**
 * Whether the node starting at `start`, inside the node starting at `parentStart`, is a null or collection key of a
 * flow mapping written without a colon (`{~}`, `{[a, b]}`): the two parsers make different texts of such keys.
 */
function isFlowKeyWithoutColon(text: string, start: number, parentStart: number | undefined, value: unknown): boolean {
  if (parentStart === undefined || !(value === null || typeof value === "object")) return false;
  if (text.charCodeAt(skipSeparation(text, parentStart, text.length)) !== BRACE) return false;
  const before = text.charCodeAt(skipBlanksBack(text, skipSeparation(text, start, text.length)) - 1);
  return before === BRACE || before === COMMA;
}

function skipBlanksBack(text: string, at: number): number {
  while (at > 0 && isBlank(text.charCodeAt(at - 1))) at--;
  return at;
}

function skipSpaces(text: string, at: number): number {
  while (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB) at++;
  return at;
}

/** Past spaces, line breaks and comments, up to `end`. */
function skipSeparation(text: string, at: number, end: number): number {
  for (let c = text.charCodeAt(at); at < end; c = text.charCodeAt(++at)) {
    if (c === HASH) {
      const lineEnd = text.indexOf("\n", at);
      at = lineEnd < 0 ? end : lineEnd;
    } else if (!isBlank(c)) {
      break;
    }
  }
  return at;
}

function skipSpacesBack(text: string, at: number): number {
  while (at > 0 && (text.charCodeAt(at - 1) === SPACE || text.charCodeAt(at - 1) === TAB)) at--;
  return at;
}

function atLineEnd(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return at >= text.length || c === LF || c === CR || c === HASH;
}

function isOneLine(text: string, from: number, to: number): boolean {
  const lineBreak = text.indexOf("\n", from);
  return lineBreak < 0 || lineBreak >= to;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}

/** No object reached twice (an alias of a collection) and no `__proto__` key; walked without recursion. */
function isPlainTree(root: object): boolean {
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) return false;
    seen.add(node);
    if (!Array.isArray(node) && Object.hasOwn(node, "__proto__")) return false;
    for (const child of Object.values(node)) if (typeof child === "object" && child !== null) stack.push(child);
  }
  return true;
}

function valueAt(root: unknown, path: DiagnosticPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
