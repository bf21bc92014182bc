import { taskResult, type TaskResult } from "./task-result.js";
import { plural, summariseCounts } from "./wording.js";
import type { SourceOptions } from "./output-options.js";

/**
 * `assess validate`: every problem of every assessment and framework file under `paths`, and a summary line
 * counting the files checked and naming those with errors.
 */
export async function validateTask(paths: readonly string[], options: SourceOptions = {}): Promise<TaskResult> {
  const { validateFiles } = await import("./load-files.js");
  const result = validateFiles(paths, options.criteria ? { criteriaDir: options.criteria } : {});
  const failed = result.files.filter((file) => file.errors > 0);
  // Files of the criteria folder are checked too; those with errors are named, though they were not given.
  const given = new Set(result.files.map((file) => file.file));
  const criteriaFailed = [...new Set(result.diagnostics.filter((d) => d.severity === "error" && !given.has(d.file)).map((d) => d.file))];
  const kinds = (kind: string) => result.files.filter((file) => file.kind === kind).length;
  const checked = `${plural(result.files.length, "file")} checked (${plural(kinds("assessment"), "assessment")}, ${plural(kinds("framework"), "framework")})`;
  const outcome = result.diagnostics.length === 0 ? "no problems" : summariseCounts(result.diagnostics);
  return taskResult({
    diagnostics: result.diagnostics,
    sources: result.sources,
    notes: [
      `${checked}: ${outcome}${failed.length ? `; with errors: ${failed.map((f) => f.file).join(", ")}` : ""}` +
        (criteriaFailed.length ? `; errors in the criteria folder: ${criteriaFailed.join(", ")}` : ""),
    ],
    inputs: result.files.map((file) => file.file),
  });
}
