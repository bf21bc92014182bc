import { renderWorkspace } from "../render/render-workspace.js";
import { TemplateError } from "../render/templates.js";
import { buildMessageView } from "../render/workspace-view.js";
import type { TaskContext } from "./task-context.js";
import { taskResult, type TaskResult } from "./task-result.js";
import { workspacePage, type WorkspaceSession } from "./workspace-session.js";

/**
 * A page of the workspace that only says something: a page not found, an output that cannot be made. `inOutput`:
 * it stands where an output would (a frame of a programme's page, an edition report), so it runs no script.
 */
export function workspaceMessageTask(session: WorkspaceSession, heading: string, lines: readonly string[], context: TaskContext, inOutput = false): TaskResult {
  try {
    const page = workspacePage(session, "message", heading, "", "", inOutput);
    return taskResult({ stdout: renderWorkspace(buildMessageView(page, heading, lines), context.templates()) });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return taskResult({ diagnostics: [error.diagnostic] });
  }
}
