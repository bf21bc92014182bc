import { renderWorkspace } from "../render/render-workspace.js";
import { TemplateError } from "../render/templates.js";
import { buildHomeView, type HomeFile } from "../render/workspace-view.js";
import { scoreAssessment } from "../score/score-assessment.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, type TaskResult } from "./task-result.js";
import { workspacePage, type WorkspaceSession } from "./workspace-session.js";

/**
 * The workspace's home page: every programme of the folder served, grouped as the record is (by the folder each is
 * in: anti-personnel mines, cluster munitions), with its latest average and rating, its years (each linking to
 * that year's edition report) and what `validate` says of it.
 */
export async function workspaceHomeTask(session: WorkspaceSession, context: TaskContext): Promise<TaskResult> {
  const { validateFiles } = await import("./load-files.js");
  const checked = validateFiles(session.files.map((f) => f.path), context.options.criteria ? { criteriaDir: context.options.criteria } : {});
  const byPath = new Map(checked.files.map((f) => [f.file, f]));
  const files: HomeFile[] = [];
  for (const served of session.files) {
    const state = byPath.get(served.path);
    const entry: HomeFile = {
      file: served.name,
      group: served.name.includes("/") ? served.name.slice(0, served.name.indexOf("/")) : "",
      kind: state?.kind ?? null,
      errors: state?.errors ?? 0,
      warnings: state?.warnings ?? 0,
    };
    if (entry.kind === "assessment" && entry.errors === 0) {
      const loaded = await context.assessment(served.path);
      if (loaded.assessment) entry.scored = scoreAssessment(loaded.assessment);
    }
    files.push(entry);
  }
  try {
    const view = buildHomeView(workspacePage(session, "home", `Programmes: ${session.folder}`), files, session.links);
    return taskResult({ stdout: renderWorkspace(view, context.templates()), inputs: session.files.map((f) => f.path) });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return taskResult({ diagnostics: [error.diagnostic] });
  }
}
