import { resolve } from "node:path";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Assessment, Framework } from "../model/model.js";
import { bundledCriteriaDir, displayPath } from "../load/paths.js";
import type { FrameworkSet } from "../validate/validate-frameworks.js";
import {
  cacheKey,
  deserialiseAssessment,
  deserialiseFramework,
  filesFingerprint,
  readCache,
  serialiseAssessment,
  serialiseFramework,
  writeCache,
} from "../load/cache.js";
import type { LoadOptions } from "./load-files.js";
import { readSource } from "../load/read-source.js";

interface CachedFrameworks {
  frameworks: unknown[];
  invalidIds: string[];
  diagnostics: Diagnostic[];
  sources: [string, string][];
}

interface CachedAssessment {
  assessment: unknown | null;
  diagnostics: Diagnostic[];
  source: string | null;
}

/**
 * loadAssessment, through the content cache: when neither the assessment nor any framework file changed since a
 * run that checked them, the stored result is used and neither the YAML parser nor zod is even loaded (they are
 * imported only on a miss). Same result, diagnostics included, as loadAssessment.
 */
export async function loadAssessmentCached(
  file: string,
  options: LoadOptions = {},
): Promise<{ assessment?: Assessment; diagnostics: Diagnostic[]; sources: Map<string, string>; frameworks: FrameworkSet }> {
  const criteriaDir = options.criteriaDir ?? bundledCriteriaDir();
  const frameworksKey = cacheKey("frameworks", resolve(criteriaDir), filesFingerprint([criteriaDir]));
  let cachedFrameworks = readCache<CachedFrameworks>(frameworksKey);
  const load = cachedFrameworks ? undefined : await import("./load-files.js");
  if (!cachedFrameworks) {
    const loaded = load!.loadFrameworks(options);
    cachedFrameworks = {
      frameworks: [...loaded.byId.values()].map(serialiseFramework),
      invalidIds: [...loaded.invalidIds],
      diagnostics: loaded.diagnostics,
      sources: [...loaded.sources].filter(([path]) => loaded.diagnostics.some((d) => d.file === path)),
    };
    writeCache(frameworksKey, cachedFrameworks);
  }
  const byId = new Map<string, Framework>(cachedFrameworks.frameworks.map((plain) => deserialiseFramework(plain)).map((fw) => [fw.id, fw]));
  const frameworks: FrameworkSet = { byId, invalidIds: new Set(cachedFrameworks.invalidIds) };
  const sources = new Map(cachedFrameworks.sources);

  const shown = displayPath(file);
  // Read once, with the same checks as ever (a regular file, within the size limit, UTF-8): the text hashed for the
  // key is the text checked, even if the file is saved again meanwhile.
  const read = readSource(shown);
  const key = read.source && cacheKey("assessment", frameworksKey, shown, read.source.text);
  const cached = key ? readCache<CachedAssessment>(key) : undefined;
  let entry: CachedAssessment;
  if (cached) {
    entry = cached;
  } else {
    const { loadAssessment } = load ?? (await import("./load-files.js"));
    const result = loadAssessment(shown, options, frameworks, read);
    entry = {
      assessment: result.assessment ? serialiseAssessment(result.assessment) : null,
      diagnostics: result.diagnostics,
      source: result.diagnostics.length > 0 ? (result.sources.get(shown) ?? null) : null,
    };
    if (key) writeCache(key, entry);
  }
  if (entry.source !== null) sources.set(shown, entry.source);
  const diagnostics = sortDiagnostics([...cachedFrameworks.diagnostics, ...entry.diagnostics]);
  const assessment = entry.assessment && !diagnostics.some((d) => d.severity === "error") ? deserialiseAssessment(entry.assessment, byId) : undefined;
  return { ...(assessment && { assessment }), diagnostics, sources, frameworks };
}
