import { renderWorkspace } from "../render/render-workspace.js";
import { TemplateError } from "../render/templates.js";
import { buildProblemsView, diagnosticViews } from "../render/workspace-view.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, type TaskResult } from "./task-result.js";
import { pageOfPath, workspacePage, type WorkspaceSession } from "./workspace-session.js";

/** The workspace's problems page: every diagnostic `validate` gives for the folder, with its code frame. */
export async function workspaceProblemsTask(session: WorkspaceSession, context: TaskContext): Promise<TaskResult> {
  const { validateFiles } = await import("./load-files.js");
  const checked = validateFiles(session.files.map((f) => f.path), context.options.criteria ? { criteriaDir: context.options.criteria } : {});
  try {
    const problems = diagnosticViews(checked.diagnostics, checked.sources, pageOfPath(session));
    const view = buildProblemsView(workspacePage(session, "problems", `Problems: ${session.folder}`), problems, checked.files.length);
    return taskResult({ stdout: renderWorkspace(view, context.templates()), inputs: session.files.map((f) => f.path) });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return taskResult({ diagnostics: [error.diagnostic] });
  }
}
