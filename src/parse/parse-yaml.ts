import { Composer, CST, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, Parser, visit, YAMLParseError, type Document, type Node, type Pair, type YAMLError, type YAMLMap } from "yaml";
import { diagnostic, type Diagnostic, type DiagnosticCode, type DiagnosticPath, type Locator, type Position } from "../diagnostics/diagnostic.js";
import type { SourceText } from "../load/read-source.js";
import { explainDuplicateKeys, explainUnresolvedAlias, explainYamlMistake, findUnreportedMistake } from "./explain-yaml-mistake.js";

export type { SourceText };

/**
 * One parsed YAML file: the document with its node ranges, the plain JavaScript value it holds (when it could be
 * built), and what went wrong while parsing. `locate` turns a path into the file:line:col of that node.
 */
export interface ParsedYaml {
  file: string;
  text: string;
  document: Document.Parsed;
  /** Undefined when the file is empty or could not be turned into a value. */
  value: unknown;
  diagnostics: Diagnostic[];
  locate(path: DiagnosticPath, target?: "key" | "value"): Position;
  /**
   * The text a scalar at `path` was written as (`0x7`, `7.0`; a quoted one's text without its quotes), or undefined
   * for a missing or non-scalar node. With `target` "key", the text of the key that `path` ends at (`0x7E8:`).
   */
  sourceOf(path: DiagnosticPath, target?: "key" | "value"): string | undefined;
}

/** The positions and spellings of a parsed file, for diagnostics found after validation. */
export function locatorOf(parsed: ParsedYaml): Locator {
  return {
    at: (path, target = "value") => ({ file: parsed.file, path, ...parsed.locate(path, target) }),
    written: (path) => parsed.sourceOf(path),
  };
}

/** Deeper nesting than this is refused: no assessment needs it, and it can exhaust the stack. */
export const MAX_DEPTH = 64;

/** Aliases beyond this many expanded nodes are treated as an alias bomb, not data. */
const MAX_ALIAS_COUNT = 100;

/**
 * The parser is stopped when it has this many collections open at once. Its stack overflows somewhere past a
 * thousand (1,800 compact mappings `: : :` on one line, 5,000 dashes `- - -`, 2,500 lines each indented one more
 * space), where exactly depends on the machine; nothing legitimate comes near MAX_DEPTH. Between the two, the data is
 * built and refused at its deepest node instead (see deepestNode).
 */
const MAX_PARSER_DEPTH = 2 * MAX_DEPTH;

/**
 * yaml's errors past this many in one file are dropped, and the parser stops after this many stray tokens: only the
 * first syntax error is reported, and a megabyte of `]` would otherwise cost a million errors, each an Error with a
 * stack trace, which takes longer than parsing the file.
 */
const MAX_YAML_PROBLEMS = 1000;

const YAML_OPTIONS = {
  // Duplicate keys are found in parseYaml, in one pass (the parser's own check compares every key with every
  // earlier one of its mapping, which costs minutes on a file of many thousand keys).
  uniqueKeys: false,
  strict: true,
  // yaml's warnings would go to process.emitWarning, onto standard error; every problem is a diagnostic instead.
  logLevel: "error",
} as const;

const YAML_CODES: Partial<Record<string, DiagnosticCode>> = {
  DUPLICATE_KEY: "duplicate-key",
  TAG_RESOLVE_FAILED: "unsupported-tag",
  RESOURCE_EXHAUSTION: "yaml-alias-limit",
};

export function parseYaml({ file, text }: SourceText): ParsedYaml {
  const lineCounter = new LineCounter();
  // Absurdly nested brackets would exhaust the parser's stack at a depth that varies from machine to machine;
  // they are refused first, at the bracket that goes too deep, before any parsing. Other nesting (indentation,
  // compact collections on one line, explicit keys) is refused while parsing, once too many collections are open.
  const tooDeepBrackets = tooDeepBracket(text);
  const composed = tooDeepBrackets === undefined ? composeDocument(text, lineCounter) : undefined;
  const tooDeep = tooDeepBrackets ?? composed!.tooDeep;
  const document = composed?.document ?? parseDocument("", YAML_OPTIONS);
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (path: DiagnosticPath, target: "key" | "value" = "value"): Position =>
    at(offsetOf(document, path, target));
  const sourceOf = (path: DiagnosticPath, target: "key" | "value" = "value"): string | undefined => {
    const node = target === "key" ? keyNodeAt(document, path) : nodeAt(document, path);
    return isScalar(node) && typeof node.source === "string" ? node.source : undefined;
  };

  const diagnostics: Diagnostic[] = [];
  if (tooDeep !== undefined) {
    const lines = text.slice(0, tooDeep).split("\n");
    const where = { file, line: lines.length, column: lines.at(-1)!.length + 1 };
    const message = `the data nests deeper than ${MAX_DEPTH} levels here; no assessment or framework needs that`;
    return { file, text, document, value: undefined, diagnostics: [diagnostic("yaml-too-deep", message, where)], locate: () => where, sourceOf: () => undefined };
  }
  // Syntax problems and unresolvable tags are errors; yaml's other warnings (unusual but legal YAML) are not ours.
  // Only the first syntax error is reported: the ones after it are nearly always its echoes. Each is explained in
  // the user's terms (see explainYamlMistake), at the line that caused it.
  const source = { text, lineStarts: lineCounter.lineStarts };
  const problems = [...document.errors, ...document.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED")];
  const firstSyntaxError = problems.find((problem) => yamlCode(problem) === "yaml-syntax");
  // A lone carriage return or an invisible character at a line's start garbles what follows it, whether the
  // parser notices or not; it is reported instead of the parser's first error when it comes before it.
  const unreported = findUnreportedMistake(source, firstSyntaxError?.pos[0]);
  if (unreported) diagnostics.push(diagnostic("yaml-syntax", unreported.message, { file, ...at(unreported.offset) }));
  for (const problem of problems) {
    const code = yamlCode(problem);
    if (code === "yaml-syntax" && (problem !== firstSyntaxError || unreported)) continue;
    const explained = explainYamlMistake(source, { code: problem.code, offset: problem.pos[0], message: problem.message }, document);
    diagnostics.push(diagnostic(code, explained.message, { file, ...at(explained.offset), ...(explained.path && { path: explained.path }) }));
  }
  // 2024 and "2024" are the same key to a reader (and to the year checks): keys are compared as text.
  for (const duplicate of explainDuplicateKeys(source, document)) {
    diagnostics.push(diagnostic("duplicate-key", duplicate.message, { file, ...at(duplicate.offset), ...(duplicate.path && { path: duplicate.path }) }));
  }

  let value: unknown;
  if (document.contents === null) {
    if (diagnostics.length === 0) {
      diagnostics.push(diagnostic("empty-file", "the file is empty: it holds no YAML document, only whitespace or comments", { file }));
    }
  } else if (!diagnostics.some((d) => d.code !== "duplicate-key")) {
    // A duplicate key alone still leaves a usable value (the later key wins), so later checks can report more.
    // The data can nest deeper than the parser's collections only in flow sequences of pairs (`[a: [b: …]]`), and
    // through aliases (each of which is as deep as what it names).
    const mightBeDeep = composed!.depth * 2 >= MAX_DEPTH || (text.includes("*") && text.includes("&"));
    const tooDeep = mightBeDeep ? deepestNode(document, MAX_DEPTH) : undefined;
    const collectionKey = tooDeep ? undefined : firstCollectionKey(document);
    if (tooDeep) {
      diagnostics.push(diagnostic("yaml-too-deep", `the data nests deeper than ${MAX_DEPTH} levels here; no assessment or framework needs that`, { file, ...at(tooDeep.range?.[0] ?? 0) }));
    } else if (collectionKey) {
      diagnostics.push(diagnostic("wrong-type", collectionKeyMessage(collectionKey, text), { file, ...at(collectionKey.range?.[0] ?? 0) }));
    } else {
      try {
        value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        // An alias with no anchor before it is nearly always text that starts with an asterisk.
        const unresolved = /unresolved alias/i.test((error as Error).message) ? explainUnresolvedAlias(document) : undefined;
        diagnostics.push(
          unresolved
            ? diagnostic("yaml-syntax", unresolved.message, { file, ...at(unresolved.offset) })
            : diagnostic("yaml-alias-limit", `aliases expand to too many nodes (${(error as Error).message}); write the values out instead`, { file, ...at(0) }),
        );
      }
    }
  }
  return { file, text, document, value, diagnostics, locate, sourceOf };
}

/**
 * The document in `text`, as yaml's parseDocument makes it, and the most collections the parser had open at once
 * (`depth`). Parsing stops where that passes MAX_PARSER_DEPTH, and `tooDeep` is then the offset where the data went
 * deeper than MAX_DEPTH (the document is then of the text before). It also stops after MAX_YAML_PROBLEMS stray tokens.
 */
function composeDocument(text: string, lineCounter: LineCounter): { document: Document.Parsed; depth: number; tooDeep?: number } {
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(YAML_OPTIONS);
  capProblems(composer);
  let depth = 0;
  let deeperThanAllowed: number | undefined;
  let tooDeep: number | undefined;
  function* tokens(): Generator<CST.Token> {
    let strays = 0;
    lineCounter.addNewLine(0);
    for (const lexeme of new Lexer().lex(text)) {
      for (const token of parser.next(lexeme)) {
        if (token.type === "error" && ++strays > MAX_YAML_PROBLEMS) break;
        yield token;
      }
      if (strays > MAX_YAML_PROBLEMS) break;
      // The parser's stack holds the document, each open collection, and at most a scalar besides, on top.
      const onTop = isCollectionToken(parser.stack.at(-1)) ? 1 : 2;
      const open = parser.stack.length - onTop;
      depth = Math.max(depth, open);
      if (open > MAX_DEPTH) deeperThanAllowed ??= (parser.stack.at(-onTop) as { offset: number }).offset;
      if (depth > MAX_PARSER_DEPTH) {
        tooDeep = deeperThanAllowed;
        return;
      }
    }
    yield* parser.end();
  }
  // As parseDocument does: the first document, and an error for a second one.
  let document: Document.Parsed | undefined;
  for (const next of composer.compose(tokens(), true, text.length)) {
    if (document) {
      document.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
      break;
    }
    document = next;
  }
  return { document: document!, depth, ...(tooDeep !== undefined && { tooDeep }) };
}

function isCollectionToken(token: CST.Token | undefined): boolean {
  return token?.type === "block-map" || token?.type === "block-seq" || token?.type === "flow-collection";
}

/**
 * Keeps the first MAX_YAML_PROBLEMS errors the composer reports (only the first is reported, see parseYaml) and
 * every unresolved tag (each is a diagnostic); the rest are dropped unmade, other warnings included. Each is made
 * without a stack trace: they are data, and capturing a trace for each of 100,000 unresolved tags takes a second.
 */
function capProblems(composer: Composer): void {
  const reporting = composer as unknown as { onError: (source: unknown, code: string, message: string, warning?: boolean) => void };
  const report = reporting.onError;
  let errors = 0;
  reporting.onError = (source, code, message, warning) => {
    if (warning ? code !== "TAG_RESOLVE_FAILED" : ++errors > MAX_YAML_PROBLEMS) return;
    const traceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      report(source, code, message, warning);
    } finally {
      Error.stackTraceLimit = traceLimit;
    }
  };
}

/**
 * The first key, in document order, that is a collection or an alias of one: JavaScript keys are text, and yaml
 * would write such a key out as YAML text, at a cost that grows with the power of its nesting (`? ? ? … x`), and
 * with a warning on standard error. Walked without recursion, in the order yaml resolves aliases in (an alias is
 * the last node anchored so before it), keeping the anchors as it goes.
 */
function firstCollectionKey(document: Document.Parsed): Node | undefined {
  const anchors = new Map<string, unknown>();
  const stack: { node: unknown; isKey: boolean }[] = [{ node: document.contents, isKey: false }];
  while (stack.length > 0) {
    const { node, isKey } = stack.pop()!;
    if (isKey) {
      const target = isAlias(node) ? anchors.get(node.source) : node;
      if (isMap(target) || isSeq(target)) return node as Node;
    }
    if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor) anchors.set(node.anchor, node);
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], isKey: false });
    } else if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const { key, value } = node.items[i] as Pair;
        stack.push({ node: value, isKey: false }, { node: key, isKey: true });
      }
    }
  }
  return undefined;
}

function collectionKeyMessage(key: Node, text: string): string {
  const target = isAlias(key) ? "an alias of a collection" : isSeq(key) ? "a list" : "a mapping";
  const written = text.slice(key.range?.[0] ?? 0, key.range?.[1] ?? 0).split("\n")[0]!.trim();
  const shown = written.length > 40 ? `${written.slice(0, 40)}…` : written;
  return `a key must be text, and this one is ${target} (${shown}); write one key per line, each a plain word or number with its own value`;
}

/** The diagnostic code for one of yaml's errors. */
function yamlCode(problem: YAMLError): DiagnosticCode {
  // yaml reports both an alias bomb and a stack overflow (absurd nesting) as resource exhaustion.
  return /call stack/i.test(problem.message) ? "yaml-too-deep" : (YAML_CODES[problem.code] ?? "yaml-syntax");
}

/**
 * The offset of the first flow bracket ([ or {) nested deeper than MAX_DEPTH, which parseYaml refuses before
 * parsing (see tooDeeplyBracketed); or undefined. Only a text with more brackets than that is scanned.
 */
export function tooDeepBracket(text: string): number | undefined {
  let count = 0;
  for (const bracket of ["[", "{"]) {
    for (let at = text.indexOf(bracket); at >= 0 && count <= MAX_DEPTH; at = text.indexOf(bracket, at + 1)) count++;
  }
  return count > MAX_DEPTH ? tooDeeplyBracketed(text, MAX_DEPTH) : undefined;
}

/**
 * The offset of the first flow bracket ([ or {) nested deeper than `limit`, or undefined. Read from yaml's lexer,
 * which keeps no stack (it counts flow levels), so that the parser never recurses that deep: a bracket in a block
 * scalar, a quoted scalar, a plain one or a comment is text, not nesting.
 */
function tooDeeplyBracketed(text: string, limit: number): number | undefined {
  let depth = 0;
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    switch (CST.tokenType(lexeme)) {
      // Markers the lexer puts between tokens, not text of the source.
      case "doc-mode":
      case "flow-error-end":
      case "scalar":
        continue;
      case "flow-map-start":
      case "flow-seq-start":
        if (++depth > limit) return offset;
        break;
      case "flow-map-end":
      case "flow-seq-end":
        depth = Math.max(0, depth - 1);
        break;
    }
    offset += lexeme.length;
  }
  return undefined;
}

/**
 * A node nested deeper than `limit` collections, found without recursion (the nesting may be huge), or undefined.
 * Aliases count as what they name, so that nesting built from aliases (a list of aliases of a deep list, repeated)
 * is found too; each node is measured once, however many aliases name it, so an alias bomb costs no more than its
 * text. Where the nesting goes through an alias, the last alias on the way is the node given: the place that made
 * it too deep.
 */
function deepestNode(document: Document.Parsed, limit: number): Node | undefined {
  // What each alias names: the latest node before it with that anchor (found in one pass, where yaml's own
  // Alias.resolve searches the document again for each alias).
  const named = new Map<unknown, unknown>();
  const anchors = new Map<string, unknown>();
  visit(document, {
    Node: (_, node) => {
      if (isAlias(node)) named.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  const childrenOf = (node: unknown): unknown[] => {
    if (isMap(node)) return (node.items as Pair[]).flatMap((pair) => [pair.key, pair.value]);
    if (isSeq(node)) return node.items as unknown[];
    if (isAlias(node)) return [named.get(node)];
    return [];
  };
  // How many collections deep each node goes, itself included (post-order, on a stack of its own).
  const heights = new Map<unknown, number>();
  const open = new Set<unknown>();
  const stack: [unknown, boolean][] = [[document.contents, false]];
  while (stack.length > 0) {
    const [node, childrenDone] = stack.pop()!;
    if (typeof node !== "object" || node === null || heights.has(node)) continue;
    const children = childrenOf(node);
    if (!childrenDone) {
      if (open.has(node)) continue; // an alias of its own ancestor: toJS reports it
      open.add(node);
      stack.push([node, true]);
      for (const child of children) if (!heights.has(child) && !open.has(child)) stack.push([child, false]);
      continue;
    }
    open.delete(node);
    const below = children.reduce<number>((most, child) => Math.max(most, heights.get(child) ?? 0), 0);
    heights.set(node, below + (isMap(node) || isSeq(node) ? 1 : 0));
  }
  if ((heights.get(document.contents) ?? 0) <= limit) return undefined;
  // Down the deepest way to the first collection past the limit.
  let node: unknown = document.contents;
  let depth = 0;
  let lastAlias: Node | undefined;
  for (;;) {
    if (isAlias(node)) lastAlias = node;
    if ((isMap(node) || isSeq(node)) && depth >= limit) return lastAlias ?? (node as Node);
    if (isMap(node) || isSeq(node)) depth++;
    const children = childrenOf(node);
    if (children.length === 0) return lastAlias ?? (node as Node);
    node = children.reduce((deepest, child) => ((heights.get(child) ?? 0) > (heights.get(deepest) ?? 0) ? child : deepest));
  }
}

/** The key node of the last step of `path` in its mapping, or undefined. */
function keyNodeAt(document: Document.Parsed, path: DiagnosticPath): Node | undefined {
  const parent = nodeAt(document, path.slice(0, -1));
  if (!isMap(parent) || path.length === 0) return undefined;
  return (pairOf(parent, path.at(-1)!)?.key ?? undefined) as Node | undefined;
}

const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * The first pair of a mapping whose key reads as `key` (as text: 2024 and "2024" are one key). Each mapping is
 * indexed the first time it is asked, so that positions for many diagnostics cost one pass, not one pass each.
 */
function pairOf(map: YAMLMap, key: string | number): Pair | undefined {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items as Pair[]) {
      const text = keyText(pair.key);
      if (text !== undefined && !index.has(text)) index.set(text, pair);
    }
    pairIndexes.set(map, index);
  }
  return index.get(String(key));
}

/** The node at `path`, or undefined when the path leaves the document. */
function nodeAt(document: Document.Parsed, path: DiagnosticPath): Node | undefined {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (isMap(node)) node = pairOf(node, segment)?.value;
    else if (isSeq(node) && typeof segment === "number") node = node.items[segment];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

/**
 * The character offset of the node at `path`: the value node, or its key when `target` is "key". Where the path
 * runs out of document (a missing key), the deepest key on the way is used, which names the mapping that lacks it.
 */
function offsetOf(document: Document.Parsed, path: DiagnosticPath, target: "key" | "value"): number {
  let node: Node | null = document.contents;
  let lastKey: Node | null = null;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index]!;
    const isLast = index === path.length - 1;
    if (isMap(node)) {
      const pair = pairOf(node, segment);
      if (!pair) return startOf(lastKey ?? node);
      if (isLast && target === "key") return startOf((pair.key as Node | null) ?? node);
      lastKey = (pair.key as Node | null) ?? lastKey;
      node = (pair.value as Node | null) ?? null;
      if (node === null) return startOf(lastKey ?? document.contents);
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment] as Node;
      lastKey = node;
    } else {
      return startOf(lastKey ?? node ?? document.contents);
    }
  }
  return startOf(node);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function startOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}
