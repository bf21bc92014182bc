import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Assessment, AssessmentYear, Framework } from "../model/model.js";
import { listTemplateFolder, type CompiledTemplates } from "./template-files.js";
import { packageRoot } from "./paths.js";
import { Fraction } from "../model/fraction.js";
import { readTextBytes } from "./read-source.js";
import { walkFiles, YAML_FILE } from "./walk-files.js";

/**
 * A cache of validated documents keyed by content, so that a file that has not changed is not parsed and checked
 * again: the CLI then starts without loading the YAML parser or zod at all. Keys hash the build of this tool, the
 * framework files and the input's bytes and path; a miss, or an unreadable entry, just means doing the work.
 * Set ASSESS_CACHE_DIR to choose the folder, ASSESS_NO_CACHE=1 to turn it off.
 */
declare const __BUILD_ID__: string | undefined;

/** Only a built tool caches: while the sources are being edited (tests run from them), nothing is kept. */
const BUILD_ID = typeof __BUILD_ID__ === "string" ? __BUILD_ID__ : undefined;

function cacheDir(): string | undefined {
  if (!BUILD_ID || process.env.ASSESS_NO_CACHE) return undefined;
  return process.env.ASSESS_CACHE_DIR ?? join(packageRoot(), "node_modules", ".cache", "programme-assessment");
}

export function cacheKey(...parts: (string | Uint8Array)[]): string {
  return cacheKeyOf(parts);
}

/** cacheKey of a list of parts however long (a folder's every file), which no call's arguments could hold. */
function cacheKeyOf(parts: readonly (string | Uint8Array)[]): string {
  // The working folder is part of every key: stored messages name files relative to it.
  const hash = createHash("sha256").update(BUILD_ID ?? "").update("\0").update(process.cwd());
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

export function readCache<T>(key: string): T | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8")) as T;
  } catch {
    return undefined;
  }
}

/**
 * Stores a result. Only in the package's own folder (or ASSESS_CACHE_DIR), never in a shared temporary folder:
 * entries include compiled templates, which another user must not be able to plant. Where that folder is not
 * writable (a global install), there is no cache and every run does the work.
 */
export function writeCache(key: string, value: unknown): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = join(dir, `.${key}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(value));
    renameSync(temporary, join(dir, `${key}.json`));
  } catch {
    // Not writable: do without.
  }
}

/** Compiled templates in the content cache, keyed (with the build) by each template's text and compile options. */
export function compiledTemplateCache(): CompiledTemplates {
  return {
    get: (key) => readCache<string>(cacheKey("template", key)),
    set: (key, spec) => writeCache(cacheKey("template", key), spec),
  };
}

/**
 * Every file a loader would read under `paths` (the same walk: walkFiles), by path and bytes, as one hash: what a
 * cached result depends on besides its input. A path may be a folder or a single file (`--criteria FILE`). A file
 * that cannot be read (a fifo, a dangling symlink, one over the size limit) counts by its problem, never waited on.
 */
export function filesFingerprint(paths: readonly string[], pattern: RegExp = YAML_FILE): string {
  const parts: (string | Uint8Array)[] = [];
  const { files, diagnostics } = walkFiles(paths, pattern);
  // Whole, message included: a loader passes them on, and a skipped symlink's message names where it leads.
  for (const d of diagnostics) parts.push(JSON.stringify(d));
  for (const file of files) {
    const read = readTextBytes(file);
    parts.push(resolve(file), read.bytes ?? `unreadable:${read.problem.message}`);
  }
  return cacheKeyOf(parts);
}

/**
 * The template folders as the renderer reads them (the same listing: listTemplateFolder), as one hash: each
 * folder's listing, or why it cannot be read, and each entry listed by name and bytes, or by why it cannot be read
 * (a folder or a fifo named like a template).
 */
export function templatesFingerprint(folders: readonly string[]): string {
  const parts: (string | Uint8Array)[] = [];
  for (const { folder, entries, problem } of folders.map(listTemplateFolder)) {
    parts.push(resolve(folder), problem ? JSON.stringify(problem) : "");
    for (const [name, file] of entries) {
      const read = readTextBytes(file);
      parts.push(name, read.bytes ?? `unreadable:${read.problem.message}`);
    }
  }
  return cacheKeyOf(parts);
}

/* Serialisation: fractions as "num/den" text, frameworks by id. */

type Plain = Record<string, unknown>;
const f = (x: Fraction): string => x.toRatio();
const F = (text: string): Fraction => {
  const [num, den = "1"] = text.split("/");
  return Fraction.of(BigInt(num!), BigInt(den));
};

export function serialiseFramework(framework: Framework): Plain {
  return {
    ...framework,
    scale: { min: f(framework.scale.min), max: f(framework.scale.max), step: f(framework.scale.step) },
    criteria: framework.criteria.map((c) => ({ ...c, weight: f(c.weight) })),
    bands: framework.bands.map((b) => ({ ...b, min: f(b.min) })),
    weightSets: framework.weightSets.map((set) => ({ ...set, weights: [...set.weights].map(([id, w]) => [id, f(w)]) })),
  };
}

export function deserialiseFramework(plain: any): Framework {
  return {
    ...plain,
    scale: { min: F(plain.scale.min), max: F(plain.scale.max), step: F(plain.scale.step) },
    criteria: plain.criteria.map((c: any) => ({ ...c, weight: F(c.weight) })),
    bands: plain.bands.map((b: any) => ({ ...b, min: F(b.min) })),
    weightSets: plain.weightSets.map((set: any) => ({ ...set, weights: new Map(set.weights.map(([id, w]: [string, string]) => [id, F(w)])) })),
  };
}

export function serialiseAssessment(assessment: Assessment): Plain {
  return {
    ...assessment,
    years: assessment.years.map((year) => ({
      ...year,
      framework: year.framework.id,
      ...(year.published && {
        published: { ...year.published, ...(year.published.average && { average: f(year.published.average) }) },
      }),
      entries: year.entries.map((e) => ({ ...e, score: e.score && f(e.score) })),
    })),
  };
}

export function deserialiseAssessment(plain: any, frameworks: ReadonlyMap<string, Framework>): Assessment | undefined {
  const years: AssessmentYear[] = [];
  for (const year of plain.years) {
    const framework = frameworks.get(year.framework);
    if (!framework) return undefined;
    years.push({
      ...year,
      framework,
      ...(year.published && { published: { ...year.published, ...(year.published.average && { average: F(year.published.average) }) } }),
      entries: year.entries.map((e: any) => ({ ...e, score: e.score === null ? null : F(e.score) })),
    });
  }
  return { ...plain, years };
}
