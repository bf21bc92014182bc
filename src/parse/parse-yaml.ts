import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { diagnostic, type Diagnostic, type DiagnosticCode, type DiagnosticPath, type Position } from "../diagnostics/diagnostic.js";

/** A source file's text, as read by the load stage. */
export interface SourceText {
  file: string;
  text: string;
}

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
}

/** Aliases beyond this many expanded nodes are treated as an alias bomb, not data. */
const MAX_ALIAS_COUNT = 100;

const YAML_CODES: Partial<Record<string, DiagnosticCode>> = {
  DUPLICATE_KEY: "duplicate-key",
  TAG_RESOLVE_FAILED: "unsupported-tag",
  RESOURCE_EXHAUSTION: "yaml-alias-limit",
};

export function parseYaml({ file, text }: SourceText): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (path: DiagnosticPath, target: "key" | "value" = "value"): Position =>
    at(offsetOf(document, path, target));

  const diagnostics: Diagnostic[] = [];
  // Syntax problems and unresolvable tags are errors; yaml's other warnings (unusual but legal YAML) are not ours.
  // Only the first syntax error is reported: the ones after it are nearly always its echoes.
  for (const problem of [...document.errors, ...document.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED")]) {
    const code = YAML_CODES[problem.code] ?? "yaml-syntax";
    if (code === "yaml-syntax" && diagnostics.some((d) => d.code === "yaml-syntax")) continue;
    diagnostics.push(diagnostic(code, describeYamlProblem(problem.code, problem.message), { file, ...at(problem.pos[0]) }));
  }

  let value: unknown;
  if (document.contents === null) {
    if (diagnostics.length === 0) {
      diagnostics.push(diagnostic("empty-file", "the file is empty: it holds no YAML document, only whitespace or comments", { file }));
    }
  } else if (!diagnostics.some((d) => d.code !== "duplicate-key")) {
    // A duplicate key alone still leaves a usable value (the later key wins), so later checks can report more.
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      diagnostics.push(
        diagnostic("yaml-alias-limit", `aliases expand to too many nodes (${(error as Error).message}); write the values out instead`, { file, ...at(0) }),
      );
    }
  }
  return { file, text, document, value, diagnostics, locate };
}

function describeYamlProblem(code: string, message: string): string {
  // yaml's messages are clear already; drop a trailing period and position so ours reads consistently.
  const plain = message.replace(/ at line \d+, column \d+.*$/s, "").replace(/\.$/, "");
  const text = plain.charAt(0).toLowerCase() + plain.slice(1);
  if (code === "DUPLICATE_KEY") return `${text}; remove one of them (YAML keeps only one value per key)`;
  if (code === "TAB_AS_INDENT") return `${text}; indent with spaces, not tabs`;
  if (code === "TAG_RESOLVE_FAILED") {
    const tag = /tag:yaml\.org,2002:(\S+)/.exec(text)?.[1];
    return `the tag ${tag ? `!!${tag}` : text.replace(/^unresolved tag: /, "")} is not supported; write a plain value (text, number, list or mapping)`;
  }
  return text;
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
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
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
