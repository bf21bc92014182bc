import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { packageRoot } from "../load/paths.js";
import { renderNewAssessment } from "../render/render-new-assessment.js";
import { didYouMean } from "../validate/suggest.js";
import { protectedInputs } from "./output-options.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, usageProblem, type TaskResult } from "./task-result.js";

export interface InitOptions {
  framework: string;
  /** The assessed year; by default last year, the year a report published now assesses. */
  year?: number;
  /** A new file; an existing one is never overwritten. */
  output?: string;
}

/** `assess init`: a new assessment listing every criterion of a framework, to fill in. */
export async function initTask(programme: string, options: InitOptions, context: TaskContext): Promise<TaskResult> {
  if (programme.trim() === "") return usageProblem("give the programme's name, e.g. assess init 'Sri Lanka' --framework ctm-2024");
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(programme)) {
    return usageProblem("the programme's name must be one line of text, without line breaks, tabs or control characters");
  }
  const frameworks = await context.frameworks();
  const base = { diagnostics: frameworks.diagnostics, sources: frameworks.sources, inputs: options.output === undefined ? [] : protectedInputs(context.options, []) };
  // A criteria folder with errors is fixed first, as for every other command: nothing is written meanwhile.
  if (hasErrors(frameworks.diagnostics)) return taskResult(base);
  const framework = frameworks.byId.get(options.framework);
  if (!framework) {
    const known = [...frameworks.byId.keys()].sort();
    return usageProblem(`no framework with id '${options.framework}'${didYouMean(options.framework, known)} (known: ${known.join(", ")})`, base);
  }
  if (options.output !== undefined && existsSync(options.output)) {
    return usageProblem(`${options.output} exists already; init never overwrites a file (add years to it with an editor or assess import)`, base);
  }
  const year = options.year ?? new Date().getFullYear() - 1;
  const schema = join(packageRoot(), "schemas", "assessment.schema.json");
  const schemaPath = relative(options.output === undefined ? process.cwd() : dirname(resolve(options.output)), schema).split(sep).join("/");
  const text = renderNewAssessment(programme, framework, year, schemaPath);
  return taskResult({ ...base, ...(options.output === undefined ? { stdout: text } : { outputs: [{ path: options.output, text }] }) });
}
