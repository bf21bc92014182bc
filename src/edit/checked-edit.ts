import { parseDocument } from "yaml";

/** An edited file's text, or why the edit was not made (the text is then unchanged). */
export type EditResult = { text: string; problem?: undefined } | { text?: undefined; problem: string };

/** A change to the file's data: the value at `path` (keys from the root) becomes `value`. */
export interface ValueChange {
  path: readonly string[];
  value: unknown;
}

/** The plain data of a YAML text, or undefined when it does not parse cleanly. */
export function plainValue(text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: false, strict: true, prettyErrors: false });
  if (document.errors.length > 0) return undefined;
  return document.toJS({ maxAliasCount: 100 });
}

/**
 * Whether `after` holds exactly the data of `before` with `change` made, and nothing else changed: every edit of
 * this stage is checked so before it is handed back, so that a text the YAML parser reads otherwise than meant (an
 * unusual file, a style that cannot hold the text) is never written.
 */
export function holdsChange(before: unknown, after: string, change: ValueChange): boolean {
  const expected = withValue(before, change.path, change.value);
  return expected !== undefined && sameData(expected, plainValue(after));
}

function withValue(data: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  if (!isRecord(data)) return undefined;
  const [key, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(data) as object | null) as Record<string, unknown>;
  for (const own of Object.keys(data)) Object.defineProperty(copy, own, { value: data[own], enumerable: true, writable: true, configurable: true });
  const inner = withValue(Object.hasOwn(data, key) ? data[key] : {}, rest, value);
  if (inner === undefined && rest.length > 0) return undefined;
  Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true, configurable: true });
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep equality of plain data (what YAML parses to): numbers, text, booleans, null, lists, mappings. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameData(a[key], b[key]));
}
