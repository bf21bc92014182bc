import type { z } from "zod";
import { diagnostic, type Diagnostic, type DiagnosticPath } from "../diagnostics/diagnostic.js";
import type { ParsedYaml } from "../parse/parse-yaml.js";
import { closest, didYouMean, listOfQuoted } from "./suggest.js";

/**
 * Checks a parsed YAML value against a zod schema and turns every issue into a diagnostic positioned at the
 * offending node (the key itself for unknown keys). Returns the parsed output only when there were no issues.
 */
export function checkSchema<S extends z.ZodType>(
  parsed: ParsedYaml,
  schema: S,
): { data?: z.output<S>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(parsed.value, { reportInput: true });
  if (result.success) return { data: result.data, diagnostics: [] };
  const issues = result.error.issues;
  // A misspelt key is reported once, as unknown-key with its suggestion, not also as the key it should be missing.
  const misspelt = new Set(
    issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => pathKey([...issue.path, closest(key, allowedKeys(schema, plainPath(issue.path))) ?? ""]))
        : [],
    ),
  );
  const diagnostics = issues
    .filter((issue) => !(issue.code === "invalid_type" && issue.input === undefined && misspelt.has(pathKey(issue.path))))
    .flatMap((issue) => issueToDiagnostics(parsed, schema, issue));
  return { diagnostics };
}

function plainPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.filter((p): p is string | number => typeof p !== "symbol");
}

function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(plainPath(path).map(String));
}

function issueToDiagnostics(parsed: ParsedYaml, root: z.ZodType, issue: z.core.$ZodIssue): Diagnostic[] {
  const path = plainPath(issue.path);
  const at = (where: DiagnosticPath, target: "key" | "value" = "value") => ({
    file: parsed.file,
    path: where,
    ...parsed.locate(where, target),
  });
  const name = describePath(path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(root, path);
      return issue.keys.map((key) =>
        diagnostic(
          "unknown-key",
          `unknown key '${key}'${name ? ` in ${name}` : ""}${didYouMean(key, allowed)}` +
            (allowed.length ? ` (allowed here: ${allowed.join(", ")})` : ""),
          at([...path, key], "key"),
        ),
      );
    }
    case "invalid_type": {
      if (issue.input === undefined) {
        const key = path.at(-1);
        return [diagnostic("missing-key", `missing required key '${String(key)}'${path.length > 1 ? ` in ${describePath(path.slice(0, -1))}` : ""}`, at(path))];
      }
      return [
        diagnostic("wrong-type", `${name || "the document"} must be ${article(issue.expected)}, not ${describeValue(issue.input)}${typeHint(issue.expected, issue.input)}`, at(path)),
      ];
    }
    case "invalid_value":
      return [diagnostic("invalid-value", `${name} must be ${listOfQuoted(issue.values.map(String))}, not ${describeValue(issue.input)}`, at(path))];
    case "too_small":
    case "too_big":
      return [diagnostic("invalid-value", `${name} ${sizeProblem(issue)}`, at(path))];
    case "invalid_format":
      return [diagnostic("invalid-value", `${name} ${describeValue(issue.input)} is not allowed: ${issue.message}`, at(path))];
    default:
      return [diagnostic("invalid-value", `${name}: ${issue.message}`, at(path))];
  }
}

/** "years › 2024 › criteria › gender › score" */
export function describePath(path: DiagnosticPath): string {
  return path.map(String).join(" › ");
}

function article(expected: string): string {
  const words: Record<string, string> = {
    object: "a mapping of keys to values",
    record: "a mapping of keys to values",
    array: "a list",
    string: "text",
    number: "a number",
    int: "a whole number",
    nan: "NaN",
  };
  return words[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : Number.isFinite(value) ? `the number ${value}` : "infinity";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}

function typeHint(expected: string, input: unknown): string {
  if ((expected === "number" || expected === "int") && typeof input === "string" && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(input)) {
    return "; write the number without quotes";
  }
  if (expected === "object" && input === null) return "; add its entries below it, indented";
  return typingSlipHint(expected, input);
}

/** What a mapping or a number written as text most likely was meant to be: `score:7`, `score 7`, `- …`, `8/10`, `7,5`. */
function typingSlipHint(expected: string, input: unknown): string {
  const mapping = expected === "object" || expected === "record";
  if (mapping && Array.isArray(input)) return "; remove the '- ' in front of its entries (a dash makes a list item)";
  if (mapping && typeof input === "string") {
    const glued = /^([\w-]+):(\S.*)$/.exec(input);
    if (glued) return `; put a space after the colon: '${glued[1]}: ${glued[2]}'`;
    const spaced = /^([\w-]+) +([^\s:]+)$/.exec(input);
    if (spaced) return `; if '${spaced[1]}' is a key, put a colon after it: '${spaced[1]}: ${spaced[2]}'`;
  }
  if ((expected === "number" || expected === "int") && typeof input === "string") {
    const unit = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*\d+|out of \d+|points?|pts?|%)\s*$/i.exec(input);
    if (unit) return `; write the number alone: ${unit[1]}`;
    const comma = /^\s*(\d+),(\d+)\s*$/.exec(input);
    if (comma) return `; write decimals with a point: ${comma[1]}.${comma[2]}`;
  }
  return "";
}

function sizeProblem(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  switch (issue.origin) {
    case "string":
      return small && Number(limit) <= 1 ? "must not be empty" : `must be ${small ? "at least" : "at most"} ${limit} characters long`;
    case "array":
      return small && Number(limit) <= 1 ? "must list at least one entry" : `must have ${small ? "at least" : "at most"} ${limit} entries`;
    default: {
      const inclusive = issue.inclusive !== false;
      const relation = small ? (inclusive ? "at least" : "greater than") : inclusive ? "at most" : "less than";
      return `must be ${relation} ${limit}, not ${describeValue(issue.input)}`;
    }
  }
}

/** The keys a strict object schema accepts at `path`, found by walking the schema alongside the data path. */
function allowedKeys(schema: z.ZodType, path: DiagnosticPath): string[] {
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    current = unwrap(current);
    const def = (current as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (segment === undefined) return def.type === "object" ? Object.keys(def.shape as object) : [];
    if (def.type === "object") current = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return [];
    if (current === undefined) return [];
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { _zod: { def: { type: string; innerType?: unknown } } };
  while (["optional", "nullable", "default", "prefault", "readonly"].includes(current._zod.def.type) && current._zod.def.innerType) {
    current = current._zod.def.innerType as typeof current;
  }
  return current;
}
