import type { Templates } from "./templates.js";
import type { HomeView, MessageView, ProblemsView, ProgrammeView } from "./workspace-view.js";

/** A workspace page (`assess serve`) as HTML, from `workspace-home.html.hbs`, `-programme`, `-problems` or `-message`. */
export function renderWorkspace(view: HomeView | ProgrammeView | ProblemsView | MessageView, templates: Templates): string {
  return templates.render(`workspace-${view.page}`, "html", view);
}
