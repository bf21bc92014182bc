import { hasErrors } from "../diagnostics/diagnostic.js";
import { readEditable } from "../load/read-source.js";
import { defaultYears } from "../render/render-assessment.js";
import { renderWorkspace } from "../render/render-workspace.js";
import { TemplateError } from "../render/templates.js";
import { buildProgrammeView, diagnosticViews, type ProgrammeSelection } from "../render/workspace-view.js";
import { scoreAssessment } from "../score/score-assessment.js";
import type { Weighting } from "../score/what-if.js";
import { parseWeights } from "./parse-weights.js";
import { scoreTask } from "./score-task.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, type TaskResult } from "./task-result.js";
import { whatIfTask } from "./what-if-task.js";
import { pageOfPath, workspacePage, type ServedFile, type WorkspaceSession } from "./workspace-session.js";

/** What a programme page is asked to show; whatever is left out (or not on file) takes its default. */
export interface ProgrammeQuery {
  /** The table's years (default: the two latest, as published). */
  years?: readonly number[];
  /** The years compared (default: the latest and the one before it). */
  from?: number;
  to?: number;
  /** The year the editor edits (default: the latest). */
  edit?: number;
  /** What-if weights by criterion id, as typed. */
  weights?: ReadonlyMap<string, string>;
  /** What-if: a weight set of the framework. */
  weightSet?: string;
}

/**
 * A programme's page in the workspace: its table for the years asked, the comparison of two years, its history,
 * what it takes to change band, what if the weights were other, and an editor for a year's scores and commentary.
 * The file is read once, and its version (see readEditable) goes into the page, so that an edit made from the page
 * is refused if the file changes meanwhile. An invalid file gives the page of its problems, shown over the page.
 */
export async function workspaceProgrammeTask(session: WorkspaceSession, served: ServedFile, query: ProgrammeQuery, context: TaskContext): Promise<TaskResult> {
  const { source, diagnostics: unreadable } = readEditable(served.path);
  const version = source?.version ?? "";
  const frameworks = await context.frameworks();
  // The text as loading reads it (without a byte-order mark), so that every part of the page is of one version.
  const read = source ? { source: { file: served.path, text: source.text.replace(/^\uFEFF/, "") }, diagnostics: [] } : undefined;
  const loaded = read ? await context.assessment(served.path, read) : { diagnostics: unreadable, sources: new Map<string, string>() };
  // The frameworks' own errors stop the page too: the file cannot be scored without them.
  const frameworkErrors = frameworks.diagnostics.filter((d) => d.severity === "error");
  const all = [...frameworkErrors, ...loaded.diagnostics];
  const sources = new Map([...frameworks.sources, ...loaded.sources]);
  const views = diagnosticViews(all, sources, pageOfPath(session));
  const assessment = "assessment" in loaded && !hasErrors(all) ? loaded.assessment : undefined;
  const scored = assessment && scoreAssessment(assessment);

  const onFile = (year: number | undefined) => (year !== undefined && assessment?.years.some((y) => y.year === year) ? year : undefined);
  const asked = (query.years ?? []).filter((year) => onFile(year) !== undefined);
  const years = asked.length > 0 ? asked : assessment ? defaultYears(assessment) : [];
  const to = onFile(query.to) ?? assessment?.years[0]?.year;
  const from = onFile(query.from) ?? assessment?.years.find((y) => to !== undefined && y.year < to)?.year;
  const edit = onFile(query.edit) ?? assessment?.years[0]?.year ?? 0;
  const selection: ProgrammeSelection = {
    years,
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    edit,
    ...(query.weights && { weights: query.weights }),
    ...(query.weightSet !== undefined && { weightSet: query.weightSet }),
  };
  let texts = { whatItTakes: "", whatIf: "" };
  if (assessment) {
    const takes = await scoreTask(served.path, { year: edit, format: "text" }, context, read);
    texts = { whatItTakes: takes.stdout, whatIf: await whatIfText(served.path, query, context, read) };
  }
  try {
    const page = workspacePage(session, "programme", `${assessment?.programme ?? served.name}: assess serve`, served.name, version);
    const view = buildProgrammeView(
      page,
      { ...(scored && { scored }), problems: views.filter((v) => v.severity === "error"), warnings: views.filter((v) => v.severity === "warning") },
      selection,
      texts,
      session.links,
    );
    return taskResult({ stdout: renderWorkspace(view, context.templates()), inputs: [served.path] });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return taskResult({ diagnostics: [error.diagnostic] });
  }
}

/** The what-if text for the weights or weight set asked, or why it cannot be made; "" when none was asked. */
async function whatIfText(file: string, query: ProgrammeQuery, context: TaskContext, read: Parameters<TaskContext["assessment"]>[1]): Promise<string> {
  let weighting: Weighting;
  if (query.weightSet !== undefined) {
    weighting = { kind: "set", id: query.weightSet };
  } else if (query.weights && query.weights.size > 0) {
    try {
      weighting = { kind: "weights", weights: parseWeights([...query.weights].map(([id, value]) => `${id}=${value}`).join(",")) };
    } catch (error) {
      return `The weights cannot be read: ${(error as Error).message}.`;
    }
  } else {
    return "";
  }
  const result = await whatIfTask(file, { weighting, format: "text" }, context, read);
  return result.usage !== undefined ? `Not recomputed: ${result.usage}.` : result.stdout;
}
