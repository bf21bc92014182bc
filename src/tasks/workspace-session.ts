import type { WorkspaceLinks, WorkspacePage } from "../render/workspace-view.js";

/** A file of the folder served: its name under the folder (what addresses use) and its path (what messages use). */
export interface ServedFile {
  name: string;
  path: string;
}

/**
 * What the workspace tasks (`assess serve`'s pages) need from the front end serving them: the folder and the files
 * it serves (it alone decides which: inside the folder, never through a symlink out of it), the token a write
 * must send, and its addresses.
 */
export interface WorkspaceSession {
  /** The folder served, as given. */
  folder: string;
  files: readonly ServedFile[];
  token: string;
  links: WorkspaceLinks;
}

/** The parts every page has. */
export function workspacePage(session: WorkspaceSession, page: "home" | "problems" | "programme" | "message", title: string, file = "", version = "", inOutput = false): WorkspacePage {
  const { links } = session;
  return { title, folder: session.folder, token: session.token, homeHref: links.home, problemsHref: links.problems, scriptHref: links.script, page, file, version, inOutput };
}

/** The page of a file by its path, or "" for a file that is not served. */
export function pageOfPath(session: WorkspaceSession): (path: string) => string {
  const byPath = new Map(session.files.map((file) => [file.path, file.name]));
  return (path) => {
    const name = byPath.get(path);
    return name === undefined ? "" : session.links.programme(name);
  };
}
