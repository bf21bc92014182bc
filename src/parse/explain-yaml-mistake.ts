import { isAlias, isMap, isScalar, isSeq, type Document } from "yaml";
import type { DiagnosticPath } from "../diagnostics/diagnostic.js";

/**
 * Plain words for the mistakes people make while editing YAML by hand.
 *
 * The yaml library says what it could not parse in its own terms ("nested mappings are not allowed in compact
 * mappings") and where it noticed, which is often after the mistake: a criterion indented too little is noticed at
 * the next criterion. Here each of its errors (by its stable code) is matched, by looking at the lines around it,
 * with the mistake that usually causes it: a colon inside unquoted text, a line indented less than what it belongs
 * to, a continued text that does not start far enough right, a dash among keys, a quote that ends mid-line. The
 * explanation says what happened and what to do, in terms of keys, lines and columns, points at what caused it,
 * and ends with the parser's own words. Whatever matches no known mistake keeps the parser's words.
 *
 * Cost: each explanation looks at a few lines around the error and walks back through the lines above it at most a
 * few times, so it is linear in the file; nothing splits the whole text. Only the first syntax error of a file is
 * explained (the others are nearly always its echoes), and duplicate keys share one walk of the document.
 */

/** The text and where its lines start (yaml's LineCounter.lineStarts: lines end at "\n", a "\r" before it is dropped). */
export interface YamlSource {
  text: string;
  lineStarts: readonly number[];
}

/** An error of the yaml library: its code (BAD_INDENT, MISSING_CHAR, …), the offset it points at, and its message. */
export interface YamlProblem {
  code: string;
  offset: number;
  message: string;
}

/** A mistake in the user's terms: what happened and what to do, at the offset of what caused it. */
export interface ExplainedMistake {
  message: string;
  offset: number;
  /** Where in the document, as keys from the root, when known (a duplicate key). */
  path?: DiagnosticPath;
}

export function explainYamlMistake(source: YamlSource, problem: YamlProblem, document?: Document.Parsed): ExplainedMistake {
  const lines = new Lines(source);
  const detail = parserWords(problem.message);
  if (problem.code === "DUPLICATE_KEY" && document) {
    const duplicate = duplicateKeys(document).get(problem.offset);
    if (duplicate) return explainDuplicate(lines, duplicate);
  }
  const explained = NOT_SYNTAX.has(problem.code) || /call stack/i.test(problem.message) ? undefined : explainSyntax(lines, problem);
  if (!explained) return { message: plainParserWords(problem.code, detail), offset: problem.offset };
  return { message: `${explained.message} (in YAML's terms: ${detail})`, offset: explained.offset };
}

/**
 * Mistakes the yaml library reads without an error but which garble the file: a carriage return alone as a line
 * end (the lines around it run together), and an invisible character at the start of a line (a non-breaking space
 * or a byte-order mark pasted in), which YAML takes as text, not indentation. `before`, the offset of the parser's
 * first error, limits the search to what could have caused it.
 */
export function findUnreportedMistake(source: YamlSource, before?: number): ExplainedMistake | undefined {
  const lines = new Lines(source);
  const lastLine = before === undefined ? Infinity : lines.indexAt(before);
  const loneReturn = source.text.includes("\r") ? /\r(?!\n)/.exec(source.text)?.index : undefined;
  if (loneReturn !== undefined && lines.indexAt(loneReturn) <= lastLine) {
    return {
      message:
        "this line ends with a carriage return alone (the line end of old Mac files), which YAML does not read as a " +
        "line end, so this line and the next run together; save the file with ordinary line ends (LF, or CRLF as on Windows)",
      offset: loneReturn,
    };
  }
  if (!INVISIBLE.test(source.text)) return undefined;
  const errorLine = lastLine === Infinity ? undefined : lines.significantBefore(lastLine + 1);
  const lineBefore = errorLine === undefined ? undefined : lines.significantBefore(errorLine);
  for (const match of source.text.matchAll(new RegExp(INVISIBLE_AT_LINE_START.source, "gm"))) {
    const offset = match.index + match[0].length - 1;
    if (offset === 0) continue; // a byte-order mark that starts the file is allowed
    const line = lines.indexAt(offset);
    if (line > lastLine) break;
    // Inside a block of text it is only text; elsewhere it turns a line into a key YAML cannot place, or a key no
    // one can see is misspelt.
    const matters = line === errorLine || line === lineBefore || (KEY.test(lines.raw(line).replace(/^[\s\u200b]+/, "")) && lines.blockHeader(line) === undefined);
    if (!matters) continue;
    const name = INVISIBLE_NAMES[source.text[offset]!]!;
    return {
      message: `this line begins with an invisible character (${name}), which YAML reads as text, not as indentation; delete it and indent with ordinary spaces`,
      offset,
    };
  }
  return undefined;
}

/**
 * An alias (`*name`) with no anchor (`&name`) before it, which the yaml library reports only when the value is
 * built: nearly always a text that starts with an asterisk, such as Markdown emphasis.
 */
export function explainUnresolvedAlias(document: Document.Parsed): ExplainedMistake | undefined {
  const anchors = new Set<string>();
  // In document order (keys before values), as anchors must come before their aliases.
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        return {
          message: `'*${node.source}' is read by YAML as a reference to an anchor named '${node.source}', and there is none; if it is text, put the whole text in quotes`,
          offset: node.range?.[0] ?? 0,
        };
      }
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) anchors.add(node.anchor);
    if (isMap(node)) for (const pair of [...node.items].reverse()) stack.push(pair.value, pair.key);
    else if (isSeq(node)) for (const item of [...node.items].reverse()) stack.push(item);
  }
  return undefined;
}

/** Characters that look like a space or nothing, and are neither to YAML. */
const INVISIBLE_NAMES: Record<string, string> = {
  "\u00a0": "a non-breaking space, U+00A0, as pasted from web pages and word processors",
  "\u2007": "a figure space, U+2007",
  "\u202f": "a narrow non-breaking space, U+202F",
  "\u200b": "a zero-width space, U+200B",
  "\ufeff": "a byte-order mark, U+FEFF, which belongs only at the very start of a file",
};
const INVISIBLE = /[\u00a0\u2007\u202f\u200b\ufeff]/;
/** An invisible character before anything else on a line (after ordinary spaces and tabs, if any). */
export const INVISIBLE_AT_LINE_START = /^[ \t]*[\u00a0\u2007\u202f\u200b\ufeff]/m;

// ---------------------------------------------------------------------------------------------------------------
// Syntax errors

/** Errors that are about what the text says, not how it is written: their own words say it. */
const NOT_SYNTAX = new Set(["DUPLICATE_KEY", "TAG_RESOLVE_FAILED", "RESOURCE_EXHAUSTION"]);

function explainSyntax(lines: Lines, problem: YamlProblem): { message: string; offset: number } | undefined {
  const { code, message } = problem;
  const offset = Math.min(Math.max(problem.offset, 0), lines.text.length);
  const line = lines.indexAt(offset);
  const shape = lines.shape(line);

  // A tab in a line's indentation is the cause of whatever the parser says about that line.
  const tab = lines.leading(line).indexOf("\t");
  if (code === "TAB_AS_INDENT" || tab >= 0) {
    return {
      message: "this line is indented with a tab; YAML allows only spaces there: replace the tab with spaces (and set your editor to indent with spaces)",
      offset: tab >= 0 ? lines.start(line) + tab : offset,
    };
  }
  switch (code) {
    case "MULTIPLE_DOCS":
      return {
        message:
          "a line of three dashes ('---') starts a second document here, and a file holds one assessment or one framework; " +
          "remove this line (and what follows, if it is a copy), or move what follows to a file of its own",
        offset: lines.start(line) + shape.indent,
      };
    case "BAD_DQ_ESCAPE": {
      const escape = lines.text.slice(offset, offset + 2);
      return {
        message:
          `inside double quotes a backslash starts an escape (such as \\n or \\"), and '${escape}' is not one; ` +
          `put the text in single quotes instead, or write the backslash twice (\\\\)`,
        offset,
      };
    }
    case "BAD_SCALAR_START":
    case "BAD_ALIAS":
      return reservedStart(lines, line, offset);
    case "MISSING_CHAR":
      if (/quote/i.test(message)) return unclosedQuote(lines, offset, message.includes('"') ? '"' : "'");
      if (/map values/i.test(message)) return lineWithoutKey(lines, line);
      if (/sequence item/i.test(message)) return misaligned(lines, line);
      return undefined;
    case "MULTILINE_IMPLICIT_KEY":
      return missingSpaceAfterColon(lines, line) ?? lineWithoutKey(lines, line);
    case "BLOCK_AS_IMPLICIT_KEY":
      if (/sequence/i.test(message)) return dashAmongKeys(lines, line);
      return reservedStart(lines, line, offset) ?? colonAfterValue(lines, line, offset);
    case "BAD_INDENT":
      if (/flow (map|sequence)/i.test(message)) return unclosedBracket(lines, offset, /map/i.test(message) ? "{" : "[");
      if (/block scalar/i.test(message)) return lineWithoutKey(lines, line);
      return misaligned(lines, line);
    case "BLOCK_IN_FLOW":
      return missingComma(lines, offset);
    case "UNEXPECTED_TOKEN":
      return unexpected(lines, line, offset, message);
    default:
      return undefined;
  }
}

/** `commentary: Work plan: published` (a colon in text), `contamination: score: 7` (two keys), or keys out of line. */
function colonAfterValue(lines: Lines, line: number, offset: number) {
  const shape = lines.shape(line);
  const keyName = shape.key ?? "the key";
  const onLine = colonIn(lines.text.slice(offset, lines.end(line)));
  if (onLine !== undefined) {
    const colon = offset + onLine;
    const before = lines.text.slice(offset, colon).trim();
    // `contamination: score: 7` is two keys; after a key whose value is text (`commentary: Note: …`), it is text.
    if (!TEXT_KEYS.includes(keyName) && (lines.isKnownKey(before) || /^[a-z0-9][a-z0-9_.-]*$/.test(before))) {
      const rest = lines.text.slice(offset, lines.end(line)).trim();
      return {
        message:
          `'${before}:' follows '${keyName}:' on the same line, where YAML allows one key; put '${rest}' on a line of its own, ` +
          `indented under '${keyName}:', or write '${keyName}: { ${rest} }' (if it is text, put it in quotes)`,
        offset,
      };
    }
    return { message: colonInText(lines, colon, `the text after '${keyName}:'`, keyName), offset: colon };
  }
  // The colon is on a line below, which continues this one because it starts further right than this key.
  const below = lines.significantAfter(line);
  if (below === undefined || lines.shape(below).indent <= shape.indent) return undefined;
  const next = lines.shape(below);
  // A key below, rather than text that goes on: a key of these files, or this line's value is not prose.
  const isProse = /\s/.test(shape.value ?? "") && lines.textOwner(line) === line;
  if (next.key !== undefined && isWord(next.key) && (lines.isKnownKey(next.key, below) || !isProse)) {
    const parent = lines.parentOf(line);
    return {
      message:
        `'${next.key}:' on line ${below + 1} starts at column ${next.indent + 1}, right of '${keyName}:' here (column ${shape.keyColumn + 1}), ` +
        `so YAML reads it as part of the value of '${keyName}:'; ` +
        `the keys ${parent === undefined ? "of one mapping" : `under ${lines.nameOf(parent)}`} must start at the same column: line them up`,
      offset: lines.start(line) + shape.keyColumn,
    };
  }
  const colon = colonIn(lines.content(below));
  if (colon === undefined) return undefined;
  const at = lines.start(below) + next.indent + colon;
  return { message: colonInText(lines, at, `line ${below + 1}, which continues the text of '${keyName}:',`, keyName), offset: at };
}

function colonInText(lines: Lines, colon: number, what: string, keyName: string, inFlow = false): string {
  // At most two words before the colon, and the word after it.
  const snippet = /(?:[^\s{[,:]+[ \t]+)?[^\s{[,]*:$/.exec(lines.text.slice(lines.start(lines.indexAt(colon)), colon + 1))?.[0] ?? ":";
  const next = /^\s*\S*/.exec(lines.text.slice(colon + 1, lines.end(lines.indexAt(colon))))?.[0] ?? "";
  const colonAt = next === "" ? "a colon at the end of a line" : "a colon followed by a space";
  return (
    `${what} has ${colonAt} ('${snippet}${next.replace(/[,}\]]+$/, "")}'), which YAML reads as the start of another key; ` +
    (inFlow ? "put that text in quotes" : `put the whole text in quotes, or write '>-' after '${keyName}:' and the text on the lines below it, indented further`)
  );
}

/** A line starting with "- " among keys: a list item where a key belongs. */
function dashAmongKeys(lines: Lines, line: number) {
  const shape = lines.shape(line);
  const dash = lines.start(line) + shape.indent;
  const sibling = lines.previousAt(line, shape.indent);
  const around = sibling !== undefined && lines.shape(sibling).key !== undefined && lines.shape(sibling).dash === undefined
    ? ` (${lines.nameOf(sibling)} on line ${sibling + 1})`
    : "";
  return {
    message: `this line starts with a dash, which makes a list item, but the lines around it are keys without one${around}; remove the '- ' (keys of a mapping have no dash)`,
    offset: dash,
  };
}

/**
 * "All mapping items must start at the same column": a key that lines up with nothing above it, or a key further
 * up indented too little, so that the lines after it no longer line up with anything; or a continued text.
 */
function misaligned(lines: Lines, line: number) {
  const shape = lines.shape(line);
  if (shape.key === undefined) return lineWithoutKey(lines, line);
  const column = shape.indent;
  const name = lines.nameOf(line);
  // A dash above at this very column made what is under its key a list: a mistake, unless other entries have one.
  const level = lines.previousAt(line, column);
  if (level !== undefined && lines.shape(level).dash !== undefined && lines.parentOf(line) === lines.parentOf(level)) {
    const under = lines.parentOf(level);
    const others = [lines.previousAt(level, column), lines.nextAt(line, column)];
    if (others.some((other) => other !== undefined && lines.shape(other).dash !== undefined)) {
      const entry = lines.shape(level);
      return {
        message:
          `${name} starts at column ${column + 1}, in line with the '- ' of line ${level + 1}, not with the keys of that entry ` +
          `(${lines.nameOf(level)}, column ${entry.keyColumn + 1}); start it at column ${entry.keyColumn + 1}`,
        offset: lines.start(line) + shape.keyColumn,
      };
    }
    return {
      message:
        `this line starts with a dash, which makes a list of what is under ${under === undefined ? "its key" : lines.nameOf(under)}, ` +
        `so ${name} on line ${line + 1} fits nowhere; remove the '- ' (keys of a mapping have no dash)`,
      offset: lines.start(level) + lines.shape(level).indent,
    };
  }
  // A line above, indented less than this one, closed the mapping this line lines up with: that line is the mistake.
  const closer = lines.lessIndentedBefore(line, column);
  const sibling = closer === undefined ? undefined : lines.previousAt(closer, column);
  if (closer !== undefined && sibling !== undefined && lines.shape(sibling).dash === undefined) {
    const closing = lines.shape(closer);
    const parent = lines.lessIndentedBefore(sibling, column);
    const of = parent === undefined ? "the keys around it" : `the other entries of ${lines.nameOf(parent)}`;
    return {
      message:
        `${lines.nameOf(closer)} starts at column ${closing.keyColumn + 1}, left of ${of} ` +
        `(column ${column + 1}, as ${lines.nameOf(sibling)} on line ${sibling + 1} and ${name} on line ${line + 1}), ` +
        `so it no longer belongs with them and line ${line + 1} fits nowhere; move it to column ${column + 1}, in line with them`,
      offset: lines.start(closer) + closing.keyColumn,
    };
  }
  // This line lies between two levels: right of its parent, left of the keys above it.
  const right = lines.nearestRightOf(line, column);
  const left = closer;
  if (right === undefined) return undefined;
  const r = lines.shape(right);
  const rightName = lines.nameOf(right);
  const l = left === undefined ? undefined : lines.shape(left);
  const between =
    left === undefined || l === undefined
      ? ""
      : l.dash !== undefined && column < l.keyColumn
        ? ` and the '- ' that starts line ${left + 1} (column ${l.indent + 1})`
        : ` and ${lines.nameOf(left)} on line ${left + 1} (column ${l.keyColumn + 1})`;
  return {
    message:
      `${name} starts at column ${column + 1}, between ${rightName} on line ${right + 1} (column ${r.keyColumn + 1})${between}, ` +
      `so YAML cannot tell what it belongs to; start it at column ${r.keyColumn + 1}, in line with ${rightName}`,
    offset: lines.start(line) + shape.keyColumn,
  };
}

/**
 * A line that is not `key: value` where YAML expects a key: the continuation of a text that does not start far
 * enough right, or a key without its colon.
 */
function lineWithoutKey(lines: Lines, line: number) {
  const shape = lines.shape(line);
  const start = lines.start(line) + shape.indent;
  const column = shape.indent + 1;
  const words = lines.content(line);
  const firstWord = /^[\w-]+/.exec(words)?.[0];
  const keyLike = firstWord !== undefined && lines.isKnownKey(firstWord);
  const above = lines.significantBefore(line);

  // A key's name followed by one word or number (`score 7`) is a key without its colon even where text goes on.
  const keyWithValue = keyLike && /^[\w-]+[ \t]+[^\s:]+$/.test(words);

  // Text of a block (`>-` or `|`) that starts left of the block's first line.
  const header = above === undefined ? undefined : (lines.blockHeader(above) ?? (lines.isBlockHeader(above) ? above : undefined));
  if (header !== undefined && !keyWithValue) {
    const first = lines.significantAfter(header);
    const textColumn = first === undefined || first >= line ? undefined : lines.shape(first).indent + 1;
    const owner = lines.shape(header);
    const indicator = (owner.value ?? ">").trim().split(/\s/)[0];
    return {
      message:
        `this line seems to continue the '${indicator}' text of '${owner.key ?? "the key"}:' on line ${header + 1}, but it starts at column ${column}, ` +
        (textColumn === undefined
          ? `not right of '${owner.key}:' (column ${owner.keyColumn + 1}), so the text ends before it; indent the text further than '${owner.key}:'`
          : `left of the text's first line (column ${textColumn}), so the text ends before it; indent every line of the text at least as far as its first line`),
      offset: start,
    };
  }
  // Text continued from `key: text` (or a `key:` with its text below) that does not start right of the key.
  const owner = above === undefined || keyWithValue ? undefined : lines.textOwner(above);
  const o = owner === undefined ? undefined : lines.shape(owner);
  if (owner !== undefined && o !== undefined && shape.indent <= o.keyColumn) {
    const where = shape.indent < o.keyColumn ? `left of '${o.key}:'` : `at the same column as '${o.key}:'`;
    const continues = o.value === "" ? `be the text of '${o.key}:' on line ${owner + 1}` : `continue the text of '${o.key}:' on line ${owner + 1}`;
    return {
      message:
        `this line seems to ${continues}, but it starts at column ${column}, ${where}, so YAML reads it as a new key and finds no colon; ` +
        `indent it further than '${o.key}:', or write '>-' after '${o.key}:' and the whole text on the lines below it, indented further`,
      offset: start,
    };
  }
  // A key without its colon: `score 7`, or `contamination` with its entries below, or the first line under a key.
  const firstUnder = above !== undefined && lines.shape(above).value === "" && lines.shape(above).keyColumn < shape.indent;
  if (firstWord !== undefined && (keyLike || words === firstWord || (firstUnder && /^[\w-]+ +[^\s:]+$/.test(words)))) {
    const rest = words.slice(firstWord.length).trim();
    return {
      message:
        rest === ""
          ? `'${firstWord}' has no colon after it; write '${firstWord}:' (with what belongs to it on the lines below, indented further)`
          : `'${firstWord}' has no colon after it; write '${firstWord}: ${rest}' (a key, a colon, a space, then the value)`,
      offset: start + firstWord.length,
    };
  }
  return undefined;
}

/** `score:7`: without the space, YAML reads a key, its colon and its value as one text. */
function missingSpaceAfterColon(lines: Lines, line: number) {
  const content = lines.content(line);
  const match = /^(?:- +)?([\w.-]+):(?=[^\s:])(\S*)/.exec(content);
  if (!match) return undefined;
  const start = lines.start(line) + lines.shape(line).indent + match[0].indexOf(":");
  const written = `${match[1]}:${match[2]}`;
  return {
    message: `there is no space after the colon in '${written}', so YAML reads it as text, not as a key and its value; write '${match[1]}: ${match[2]}'`,
    offset: start + 1,
  };
}

/** A text that starts with a character YAML reserves (`@`, `` ` ``, `&`, `*`, `!`, `%`, `- `, `? `). */
function reservedStart(lines: Lines, line: number, offset: number) {
  const value = lines.shape(line).value;
  const at = value === undefined ? offset : lines.start(line) + lines.shape(line).valueColumn;
  const first = lines.text[at];
  if (first === undefined || !/[@`&*!%?-]/.test(first)) return undefined;
  if ((first === "-" || first === "?") && !/\s/.test(lines.text[at + 1] ?? " ")) return undefined;
  return {
    message: `a text cannot start with '${first}' unless it is in quotes (YAML gives '${first}' a meaning of its own); put the whole text in quotes`,
    offset: at,
  };
}

/** A quote that is never closed: YAML runs the text to the end of the file and notices there. */
function unclosedQuote(lines: Lines, offset: number, quote: '"' | "'") {
  // Inside a quoted text, a quote can only appear escaped (\" or ''), so the last one before the end opened it.
  let at = offset;
  while ((at = lines.text.lastIndexOf(quote, at - 1)) >= 0) {
    if (quote === '"') {
      let backslashes = 0;
      while (lines.text[at - 1 - backslashes] === "\\") backslashes++;
      if (backslashes % 2 === 0) break;
    } else if (lines.text[at - 1] === "'") {
      at--;
    } else {
      break;
    }
  }
  if (at < 0) return undefined;
  return {
    message: `this quote is never closed, so the text runs on to the end of the file; add the closing ${quote} where the text ends`,
    offset: at,
  };
}

/** `{ score: 7` or `[7, 8`, noticed on the next line. */
function unclosedBracket(lines: Lines, offset: number, opener: "{" | "[") {
  const closer = opener === "{" ? "}" : "]";
  let depth = 0;
  for (let at = offset - 1; at >= 0; at--) {
    const c = lines.text[at];
    if (c === closer) depth++;
    else if (c === opener && depth-- === 0) {
      return { message: `this '${opener}' is never closed; add '${closer}' where its entries end`, offset: at };
    }
  }
  return undefined;
}

/** `{ score: 7 commentary: "x" }`: entries between braces are separated by commas. */
function missingComma(lines: Lines, offset: number) {
  const rest = lines.text.slice(offset, lines.end(lines.indexAt(offset)));
  const colon = colonIn(rest);
  if (colon === undefined) return undefined;
  const key = /(\S+)\s*$/.exec(rest.slice(0, colon));
  if (!key) return undefined;
  if (key.index === 0) {
    // The value itself has a colon in it: `{ title: Understanding: of contamination }`.
    const owner = /([^\s{},[\]]+)[ \t]*:[ \t]*$/.exec(lines.text.slice(lines.start(lines.indexAt(offset)), offset))?.[1];
    const what = owner === undefined ? "the text between braces" : `the text after '${owner}:'`;
    return { message: colonInText(lines, offset + colon, what, owner ?? "the key", true), offset: offset + colon };
  }
  return {
    message: `between '{' and '}' the entries are separated by commas, and one seems to be missing before '${key[1]}:'; write ', ${key[1]}:'`,
    offset: offset + key.index,
  };
}

function unexpected(lines: Lines, line: number, offset: number, message: string) {
  const shape = lines.shape(line);
  if (/flow-map-end|flow-seq-end/.test(message)) {
    const c = lines.text[offset];
    return { message: `this '${c}' closes nothing (there is no '${c === "}" ? "{" : "["}' open before it); remove it`, offset };
  }
  if (/block-seq-ind/.test(message)) return reservedStart(lines, line, offset);
  if (/Not a YAML token/.test(message) && shape.value !== undefined && /^[|>]/.test(shape.value)) {
    const indicator = shape.value.split(/\s/)[0];
    return {
      message: `text cannot follow '${indicator}' on its line: the text of '${shape.key}: ${indicator}' starts on the next line; move it there, indented further than '${shape.key}:'`,
      offset,
    };
  }
  if (/scalar at node end/.test(message)) {
    // A value that starts with a quote or a bracket ends where it closes; more text after it is the mistake.
    let closed = offset - 1;
    while (closed >= 0 && (lines.text[closed] === " " || lines.text[closed] === "\t")) closed--;
    const close = lines.text[closed];
    const start = close === '"' || close === "'" ? openingQuote(lines.text, closed, close) : close === "]" || close === "}" ? openingBracket(lines.text, closed) : undefined;
    if (start === undefined) return reservedStart(lines, line, offset);
    const written = lines.text.slice(start, closed + 1);
    const key = /([^\s{},[\]]+)[ \t]*:[ \t]*$/.exec(lines.text.slice(lines.start(lines.indexAt(start)), start))?.[1] ?? "the key";
    if (close === '"' || close === "'") {
      return {
        message:
          `the value starts with a quote, so YAML reads ${written} as the whole value and finds more text after it; ` +
          `write '>-' after '${key}:' and the text on the lines below it (quotes then need no care), or put the whole text in quotes, ` +
          `writing each ${close} inside it as ${close === '"' ? '\\"' : "''"}`,
        offset: start,
      };
    }
    return {
      message: `the value starts with '${lines.text[start]}', which YAML reads as the start of a ${close === "]" ? "list" : "mapping"} (${written}), and finds more text after it; put the whole text in quotes`,
      offset: start,
    };
  }
  return undefined;
}

/** The offset of the quote that opens the quoted text closed at `close`. */
function openingQuote(text: string, close: number, quote: string): number | undefined {
  for (let at = close - 1; at >= 0 && text[at] !== "\n"; at--) {
    if (text[at] !== quote) continue;
    if (quote === "'" && text[at - 1] === "'") {
      at--;
      continue;
    }
    if (quote === '"' && text[at - 1] === "\\") continue;
    return at;
  }
  return undefined;
}

/** The offset of the bracket that the bracket at `close` closes, on the same line. */
function openingBracket(text: string, close: number): number | undefined {
  const opener = text[close] === "]" ? "[" : "{";
  let depth = 0;
  for (let at = close - 1; at >= 0 && text[at] !== "\n"; at--) {
    if (text[at] === text[close]) depth++;
    else if (text[at] === opener && depth-- === 0) return at;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Duplicate keys

interface DuplicateKey {
  key: string;
  /** Offsets of the key where it first appears, and again. */
  first: number;
  again: number;
  /** The mapping the key is in, as keys from the root. */
  path: string[];
}

/**
 * Every key that repeats an earlier key of its mapping, explained, in document order. parseYaml finds duplicate keys
 * here, in one walk, rather than through the parser's own check, which compares each key with every earlier one.
 */
export function explainDuplicateKeys(source: YamlSource, document: Document.Parsed): ExplainedMistake[] {
  const lines = new Lines(source);
  return [...duplicateKeys(document).values()].sort((a, b) => a.again - b.again).map((duplicate) => explainDuplicate(lines, duplicate));
}

const duplicatesByDocument = new WeakMap<Document.Parsed, Map<number, DuplicateKey>>();

/** Every key that repeats an earlier key of its mapping, by the offset of the repetition; one walk per document. */
function duplicateKeys(document: Document.Parsed): Map<number, DuplicateKey> {
  let found = duplicatesByDocument.get(document);
  if (found) return found;
  found = new Map();
  const stack: [unknown, string[]][] = [[document.contents, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (isSeq(node)) node.items.forEach((item, index) => stack.push([item, [...path, String(index)]]));
    if (!isMap(node)) continue;
    const seen = new Map<string, number>();
    for (const { key, value } of node.items) {
      if (!isScalar(key)) continue;
      // Compared as text, as parseYaml's uniqueKeys does: 2024 and "2024" are one year.
      const text = String(key.value);
      const at = key.range?.[0] ?? 0;
      const first = seen.get(text);
      if (first === undefined) seen.set(text, at);
      else found.set(at, { key: text, first, again: at, path });
      stack.push([value, [...path, text]]);
    }
  }
  duplicatesByDocument.set(document, found);
  return found;
}

function explainDuplicate(lines: Lines, duplicate: DuplicateKey): ExplainedMistake {
  const { key, path } = duplicate;
  const firstLine = lines.indexAt(duplicate.first);
  const sameLine = firstLine === lines.indexAt(duplicate.again);
  const first = `first at line ${firstLine + 1}${sameLine ? `, column ${duplicate.first - lines.start(firstLine) + 1}` : ""}, and again here`;
  const keeps = "YAML would keep only this one";
  let message: string;
  if (path.length === 1 && path[0] === "years") {
    message = `${key} is entered twice: ${first}; ${keeps}, so merge the two, or correct the year of one of them`;
  } else if (path.length === 3 && path[0] === "years" && path[2] === "criteria") {
    message = `criterion '${key}' is entered twice in ${path[1]}: ${first}; ${keeps}, so keep one of them (or correct the other's name)`;
  } else {
    const where = path.length === 0 ? "" : ` in ${path.join(" › ")}`;
    message = `'${key}' is entered twice${where}: ${first}; ${keeps}, so remove one of them`;
  }
  return { message, offset: duplicate.again, path: [...path, key] };
}

// ---------------------------------------------------------------------------------------------------------------
// The parser's own words

/** yaml's message without its position and final period, starting in lower case. */
function parserWords(message: string): string {
  // "please use YAML.parseAllDocuments()" is advice for programmers, not for the person editing the file.
  let plain = message.replace(/ at line \d+, column \d+.*$/s, "").split("\n")[0]!.replace(/; please use .*$/, "").trim().replace(/[.:]$/, "").trim();
  if (plain.length > 100) plain = `${plain.slice(0, 100)}…`; // some quote the text they stopped at
  return plain.charAt(0).toLowerCase() + plain.slice(1);
}

/** The parser's words, for an error that matches no known mistake, with what to do where that is clear. */
function plainParserWords(code: string, text: string): string {
  if (/call stack/i.test(text)) return `the data nests too deeply to read (deeper than any assessment or framework needs)`;
  if (code === "DUPLICATE_KEY") return `${text}; remove one of them (YAML keeps only one value per key)`;
  if (code === "TAG_RESOLVE_FAILED") {
    const tag = /tag:yaml\.org,2002:(\S+)/.exec(text)?.[1];
    return `the tag ${tag ? `!!${tag}` : text.replace(/^unresolved tag: /, "")} is not supported; write a plain value (text, number, list or mapping)`;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines

/** The offset of the first colon that YAML would take as a key's (followed by a space or the line's end), if any. */
function colonIn(text: string): number | undefined {
  const match = /:(?=\s|$)/.exec(text);
  return match?.index;
}

function isWord(text: string): boolean {
  return /^[\w.-]+$/.test(text);
}

/** How a line is written: `indent`, an optional `- `, then `key: value` or just text. Columns are 0-based. */
interface LineShape {
  indent: number;
  /** The column of a leading "- ", if any. */
  dash?: number;
  /** Where the key (or the text) starts, after the indentation and any dashes. */
  keyColumn: number;
  key?: string;
  /** What follows `key:` without a trailing comment, trimmed; "" when nothing does. */
  value?: string;
  valueColumn: number;
}

/** Keys of assessments and frameworks whose values are text. */
const TEXT_KEYS = ["programme", "source", "commentary", "title", "guidance", "label"];
/** Keys of assessments and frameworks, which a line starting with one of them most likely means. */
const FORMAT_KEYS = ["programme", "framework", "years", "source", "published", "average", "rating", "criteria", "score", "commentary", "title", "weight", "guidance", "continues", "bands"];

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'{}[\],&*!|>%@`][^\n]*?)[ \t]*:(?=[ \t]|$)/;

/** The text seen as lines, through yaml's line starts; each line is looked at only when asked for. */
class Lines {
  readonly text: string;
  private readonly starts: readonly number[];
  private readonly shapes = new Map<number, LineShape>();
  private keyCounts: Map<string, number> | undefined;
  /** For each line looked at so far, the header line of the block of text it is in, or -1. */
  private readonly blockOf: number[] = [];
  private openBlock: { header: number; column: number } | undefined;

  constructor({ text, lineStarts }: YamlSource) {
    this.text = text;
    this.starts = lineStarts.length > 0 ? lineStarts : [0];
  }

  get count(): number {
    return this.starts.length;
  }

  indexAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  start(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** The offset of the line's end, before its "\r\n" or "\n". */
  end(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    if (this.text[end - 1] === "\r") end--;
    return Math.max(end, this.start(line));
  }

  raw(line: number): string {
    return this.text.slice(this.start(line), this.end(line));
  }

  /** The line's whitespace before its first other character. */
  leading(line: number): string {
    return /^[ \t]*/.exec(this.raw(line))![0];
  }

  /** The line without its indentation. */
  content(line: number): string {
    return this.raw(line).slice(this.shape(line).indent).trimEnd();
  }

  /** How a message names a line: its key with the colon, or the start of its text, in quotes. */
  nameOf(line: number): string {
    const { key } = this.shape(line);
    if (key !== undefined) return `'${key}:'`;
    const content = this.content(line);
    return `'${content.length > 30 ? `${content.slice(0, 30)}…` : content}'`;
  }

  isSignificant(line: number): boolean {
    const content = this.raw(line).trim();
    return content !== "" && !content.startsWith("#");
  }

  significantBefore(line: number): number | undefined {
    for (let i = line - 1; i >= 0; i--) if (this.isSignificant(i)) return i;
    return undefined;
  }

  significantAfter(line: number): number | undefined {
    for (let i = line + 1; i < this.count; i++) if (this.isSignificant(i)) return i;
    return undefined;
  }

  shape(line: number): LineShape {
    let shape = this.shapes.get(line);
    if (shape) return shape;
    const raw = this.raw(line);
    const indent = /^ */.exec(raw)![0].length;
    const dashes = /^(?:-[ \t]+)*/.exec(raw.slice(indent))![0];
    const keyColumn = indent + dashes.length;
    const rest = raw.slice(keyColumn);
    const key = KEY.exec(rest);
    shape = { indent, keyColumn, valueColumn: keyColumn, ...(dashes && { dash: indent }) };
    if (key) {
      const after = rest.slice(key[0].length);
      const valueStart = after.length - after.trimStart().length;
      const value = after.trimStart();
      shape.key = key[1]!.replace(/^(["'])(.*)\1$/, "$2");
      shape.valueColumn = keyColumn + key[0].length + valueStart;
      shape.value = /^["']/.test(value) ? value.trimEnd() : value.replace(/(^|\s)#.*$/, "").trimEnd();
    }
    this.shapes.set(line, shape);
    return shape;
  }

  /**
   * Whether `word` is a key of these files: one of the formats' keys, or written as a key somewhere in the file
   * other than on `line` (the file's keys are counted in one pass over the text, on first use).
   */
  isKnownKey(word: string, line?: number): boolean {
    if (FORMAT_KEYS.includes(word)) return true;
    if (!this.keyCounts) {
      this.keyCounts = new Map();
      for (const match of this.text.matchAll(/(?:^[ \t]*(?:- +)?|[{,][ \t]*)([\w-]+)[ \t]*:(?=[ \t\r\n]|$)/gm)) {
        this.keyCounts.set(match[1]!, (this.keyCounts.get(match[1]!) ?? 0) + 1);
      }
    }
    const own = line !== undefined && this.shape(line).key === word ? 1 : 0;
    return (this.keyCounts.get(word) ?? 0) - own > 0;
  }

  /** The nearest line above with exactly this indentation, stopping at a line indented less. */
  previousAt(line: number, indent: number): number | undefined {
    for (let i = line - 1; i >= 0; i--) {
      if (!this.isSignificant(i) || this.blockHeader(i) !== undefined) continue;
      const at = this.shape(i).indent;
      if (at === indent) return i;
      if (at < indent) return undefined;
    }
    return undefined;
  }

  /** The nearest line below with exactly this indentation, stopping at a line indented less. */
  nextAt(line: number, indent: number): number | undefined {
    for (let i = line + 1; i < this.count; i++) {
      if (!this.isSignificant(i)) continue;
      const at = this.shape(i).indent;
      if (at === indent) return i;
      if (at < indent) return undefined;
    }
    return undefined;
  }

  /** The nearest key line above indented less than `indent` (text inside blocks is skipped). */
  lessIndentedBefore(line: number, indent: number): number | undefined {
    for (let i = line - 1; i >= 0; i--) {
      if (!this.isSignificant(i) || this.shape(i).indent >= indent) continue;
      if (this.blockHeader(i) === undefined) return i;
    }
    return undefined;
  }

  /** The line a key line belongs under: the nearest line above indented less. */
  parentOf(line: number): number | undefined {
    return this.lessIndentedBefore(line, this.shape(line).indent);
  }

  /** The key line nearest above whose key starts right of `indent`, among the lines this one could belong with. */
  nearestRightOf(line: number, indent: number): number | undefined {
    let best: number | undefined;
    let limit = Infinity;
    for (let i = line - 1; i >= 0; i--) {
      if (!this.isSignificant(i) || this.blockHeader(i) !== undefined) continue;
      const shape = this.shape(i);
      if (shape.indent >= limit) continue;
      limit = shape.indent;
      if (shape.indent <= indent) break;
      if (shape.key !== undefined) best = i;
    }
    return best;
  }

  isBlockHeader(line: number): boolean {
    const value = this.shape(line).value;
    return value !== undefined && /^[|>][-+0-9]*$/.test(value);
  }

  /**
   * The line of the `key: >-` (or `|`) whose text this line is part of, if it is. Worked out for every line down to
   * this one in one pass, on first use: the text of a block is every line after it indented further than its key.
   */
  blockHeader(line: number): number | undefined {
    for (let i = this.blockOf.length; i <= line && i < this.count; i++) {
      const raw = this.raw(i);
      const indent = /^ */.exec(raw)![0].length;
      if (raw.trim() === "" || (this.openBlock !== undefined && indent > this.openBlock.column)) {
        this.blockOf.push(raw.trim() === "" || this.openBlock === undefined ? -1 : this.openBlock.header);
        continue;
      }
      this.blockOf.push(-1);
      this.openBlock = undefined;
      if (this.isSignificant(i) && this.isBlockHeader(i)) {
        const shape = this.shape(i);
        this.openBlock = { header: i, column: shape.dash !== undefined && shape.key !== undefined ? shape.keyColumn : shape.indent };
      }
    }
    const header = this.blockOf[line] ?? -1;
    return header >= 0 ? header : undefined;
  }

  /**
   * The `key: text` (or `key:` with nothing after it) whose plain text the line after `line` would continue: `line`
   * itself, or the key line its own text continues.
   */
  textOwner(line: number): number | undefined {
    for (let i = line; i >= 0; i--) {
      if (!this.isSignificant(i)) continue;
      const shape = this.shape(i);
      if (shape.key === undefined) continue; // a continued line of the same text
      const value = shape.value ?? "";
      if (value === "" && i !== line) return undefined;
      // Text, not a number, a quoted text, a list or a mapping.
      const isText = value === "" || (!/^["'[{|>&*!]/.test(value) && !/^[-+]?\d+(\.\d+)?$/.test(value) && !/^(~|null|true|false)$/i.test(value));
      return isText ? i : undefined;
    }
    return undefined;
  }
}
