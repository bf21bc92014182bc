import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { readAsset } from "../load/assets.js";
import { filesInside, isInside, type FileInside } from "../load/files-inside.js";
import { bundledCriteriaDir, bundledTemplatesDir, displayPath } from "../load/paths.js";
import { readEditable, versionOf } from "../load/read-source.js";
import type { WorkspaceLinks } from "../render/workspace-view.js";
import { compareTask } from "../tasks/compare-task.js";
import { editTask } from "../tasks/edit-task.js";
import { historyTask } from "../tasks/history-task.js";
import { nextYearTask } from "../tasks/next-year-task.js";
import { renderTask } from "../tasks/render-task.js";
import { reportTask } from "../tasks/report-task.js";
import { TaskContext } from "../tasks/task-context.js";
import type { TaskResult } from "../tasks/task-result.js";
import { workspaceHomeTask } from "../tasks/workspace-home-task.js";
import { workspaceMessageTask } from "../tasks/workspace-message-task.js";
import { workspaceProblemsTask } from "../tasks/workspace-problems-task.js";
import { workspaceProgrammeTask, type ProgrammeQuery } from "../tasks/workspace-programme-task.js";
import type { WorkspaceSession } from "../tasks/workspace-session.js";
import { OutputError, writeOutput } from "../write/write-output.js";
import { parseEditRequest, parseNextYearRequest } from "./edit-request.js";
import { LiveUpdates } from "./live-updates.js";
import { checkHost, checkWrite, OUTPUT_POLICY, PAGE_POLICY, readBody, Refusal, secureHeaders } from "./security.js";

/** The port tried first; when it is taken, the next ones are. */
export const DEFAULT_PORT = 4848;
/** How many ports after the one asked for are tried. */
const PORTS_TRIED = 20;

export interface WorkspaceServerOptions {
  /** The folder served: its assessments are the workspace's programmes. */
  folder: string;
  /** The port to listen on (the next free one when taken); 0 for any free port. Default DEFAULT_PORT. */
  port?: number;
  criteria?: string;
  templates?: string;
  /** Where the server says what went wrong inside it (a bug: the request gets a 500, the server goes on). */
  log?: (text: string) => void;
}

export interface WorkspaceServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  /** The token the pages carry; a write without it is refused. */
  token: string;
  /** Stops listening, ends the pages' streams and stops watching; resolves when every connection is closed. */
  close(): Promise<void>;
}

/**
 * `assess serve`: the workspace, a local web server over a folder of assessments. Every page and output is made by
 * the tasks (so it is exactly what `render`, `compare`, `history` and `report` write), every edit by the edit task
 * (so only the lines of the values changed are written, atomically, and an edit that would make the file invalid,
 * or that was made against a version of the file that is no longer on disk, is refused). It listens on the
 * loopback address only, answers only to its own host name, and takes a write only from its own pages (their
 * origin and token); only the files inside the folder are read or written.
 */
export async function startWorkspaceServer(options: WorkspaceServerOptions): Promise<WorkspaceServer> {
  const folder = displayPath(options.folder);
  const sourceOptions = { ...(options.criteria !== undefined && { criteria: options.criteria }), ...(options.templates !== undefined && { templates: options.templates }) };
  /** A file checked once serves every part of its page; frameworks and templates are kept until they change. */
  const newContext = () => new TaskContext(sourceOptions, 1000);
  let context = newContext();
  const token = randomBytes(24).toString("hex");
  const log = options.log ?? (() => undefined);
  const script = readAsset("workspace.js");
  const links = workspaceLinks();
  // The files served, listed again after any change in the folder (a file added, removed, or made a symlink).
  let listed: FileInside[] | undefined;
  const served = () => (listed ??= filesInside(folder));
  const session = (): WorkspaceSession => ({ folder: options.folder, files: served(), token, links });

  const sockets = new Set<Socket>();
  const server = createServer({ requestTimeout: 60_000 }, (request, response) => {
    void handle(request, response).catch((error: unknown) => {
      log(`assess serve: internal error answering ${request.method} ${String(request.url).slice(0, 200)}: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!response.headersSent) sendText(response, 500, "internal error: the server goes on; the request was not carried out\n");
      else response.end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A request the HTTP parser cannot read gets a 400, never an exception.
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  const port = await listen(server, options.port ?? DEFAULT_PORT);
  const live = new LiveUpdates(
    folder,
    { criteria: options.criteria ?? bundledCriteriaDir(), templates: [...(options.templates ? [options.templates] : []), bundledTemplatesDir()] },
    (change) => {
      listed = undefined;
      if (change.all) context = newContext();
    },
  );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let host: string;
    try {
      host = checkHost(request, port);
    } catch (error) {
      return refuse(response, error);
    }
    const raw = request.url ?? "/";
    const question = raw.indexOf("?");
    const path = question < 0 ? raw : raw.slice(0, question);
    const query = new URLSearchParams(question < 0 ? "" : raw.slice(question + 1));
    const method = request.method ?? "GET";
    try {
      if (path.startsWith("/api/")) {
        if (method !== "POST") throw new Refusal(405, "changes are sent with POST");
        checkWrite(request, host, token);
        const body = await readBody(request);
        if (path === "/api/edit") return await edit(response, body);
        if (path === "/api/next-year") return await nextYear(response, body);
        throw new Refusal(404, "no such action");
      }
      if (method !== "GET" && method !== "HEAD") throw new Refusal(405, "pages are read with GET");
      if (path === "/") return sendResult(response, await workspaceHomeTask(session(), context), "page");
      if (path === "/problems") return sendResult(response, await workspaceProblemsTask(session(), context), "page");
      if (path === "/workspace.js") return send(response, 200, "text/javascript; charset=utf-8", script, PAGE_POLICY);
      if (path === "/events") return live.connect(secured(response, PAGE_POLICY));
      const report = /^\/report\/(\d{4})$/.exec(path);
      if (report) {
        const files = session().files.map((f) => f.path);
        return sendResult(response, await reportTask(files, { year: Number(report[1]), format: "html" }, context), "output");
      }
      const route = /^\/(programme|table|comparison|history)\/(.+)$/.exec(path);
      if (route) {
        const served = servedFile(route[2]!);
        switch (route[1]) {
          case "programme":
            return sendResult(response, await workspaceProgrammeTask(session(), served, programmeQuery(query), context), "page");
          case "table":
            return sendResult(response, await renderTask(served.path, { format: "html", ...yearsOf(query.get("years")) }, context), "output");
          case "comparison":
            return sendResult(response, await compareTask(served.path, { format: "html", ...yearOf("from", query.get("from")), ...yearOf("to", query.get("to")) }, context), "output");
          default:
            return sendResult(response, await historyTask(served.path, { format: "html" }, context), "output");
        }
      }
      throw new Refusal(404, "there is no such page");
    } catch (error) {
      if (error instanceof Refusal && error.status === 413) {
        // The rest of the body is not read: the connection ends with the answer.
        response.setHeader("Connection", "close");
        response.once("finish", () => request.destroy());
      }
      return refuse(response, error, path.startsWith("/api/") || path === "/events" ? "json" : /^\/(?:report|table|comparison|history)\//.test(path) ? "output" : "page");
    }
  }

  /** The served file a name under the folder names; only files inside the folder are (no `..`, no symlink out). */
  function servedFile(encoded: string): FileInside {
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      throw new Refusal(400, "the address is not well formed");
    }
    const found = name.split("/").every((part) => part !== "" && part !== "." && part !== ".." && !/[\\\0]/.test(part)) ? served().find((f) => f.name === name) : undefined;
    if (!found) throw new Refusal(404, `${name.slice(0, 200)} is not an assessment of ${options.folder}`);
    return found;
  }

  /** The served file a write names; for one not there, the refusal says it may have gone since the page showed it. */
  function writtenFile(name: string): FileInside {
    try {
      return servedFile(name);
    } catch (error) {
      if (error instanceof Refusal && error.status === 404) {
        throw new Refusal(404, `${name.slice(0, 200)} is not, or no longer, an assessment of ${options.folder} (was it deleted or moved?); nothing was written`);
      }
      throw error;
    }
  }

  async function edit(response: ServerResponse, body: string): Promise<void> {
    const request = parseEditRequest(body);
    const served = writtenFile(request.file);
    const result = await editTask(served.path, request.edits, { version: request.version }, context);
    return written(response, served, request.version, result);
  }

  async function nextYear(response: ServerResponse, body: string): Promise<void> {
    const request = parseNextYearRequest(body);
    const served = writtenFile(request.file);
    const result = await nextYearTask(served.path, { version: request.version, ...(request.year !== undefined && { year: request.year }) }, context);
    return written(response, served, request.version, result);
  }

  /** Writes an edit task's output over the file (atomically), or says why it was not. */
  function written(response: ServerResponse, served: FileInside, version: string, result: TaskResult): void {
    const problems = result.diagnostics.map((d) => ({ where: `${d.file}:${d.line}:${d.column}`, code: d.code, severity: d.severity, message: d.message }));
    const warnings = problems.filter((p) => p.severity === "warning");
    if (result.conflict !== undefined) return sendJson(response, 409, { error: result.conflict, conflict: true });
    const reason = result.usage ?? result.problem;
    if (reason !== undefined) return sendJson(response, 422, { error: reason, diagnostics: problems });
    const output = result.outputs[0];
    if (!output) {
      return sendJson(response, 422, { error: `the change would leave ${served.name} with errors, so it was not written; ${problems.filter((p) => p.severity === "error").map((p) => p.message).join("; ")}`, diagnostics: problems });
    }
    // Once more just before writing: the file is still inside the folder, and a save by someone else since the
    // task read it is not overwritten.
    if (!isInside(folder, served.path)) return sendJson(response, 404, { error: `${served.name} is no longer inside ${options.folder}; nothing was written` });
    if (readEditable(served.path).source?.version !== version) {
      return sendJson(response, 409, { error: `${served.path} has changed on disk since it was read for this edit; nothing was written`, conflict: true });
    }
    try {
      writeOutput(output.path, output.text, result.inputs);
    } catch (error) {
      if (!(error instanceof OutputError)) throw error;
      return sendJson(response, 500, { error: error.message });
    }
    sendJson(response, 200, { version: versionOf(output.text), notes: result.closingNotes, diagnostics: warnings });
  }

  /** A task's page or output; where it cannot be made, a page saying why, in its place (an output's runs no script). */
  function sendResult(response: ServerResponse, result: TaskResult, place: "page" | "output"): void {
    const policy = place === "output" ? OUTPUT_POLICY : PAGE_POLICY;
    if (result.stdout !== "") return send(response, 200, "text/html; charset=utf-8", result.stdout, policy);
    const lines = [
      ...(result.usage !== undefined ? [result.usage] : []),
      ...(result.problem !== undefined ? [result.problem] : []),
      ...result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`),
    ];
    const status = result.usage !== undefined ? 404 : 422;
    const page = workspaceMessageTask(session(), "This cannot be shown", lines.length > 0 ? lines : ["nothing to show"], context, place === "output");
    if (page.stdout !== "") return send(response, status, "text/html; charset=utf-8", page.stdout, policy);
    sendText(response, status, `${lines.join("\n")}\n`);
  }

  function refuse(response: ServerResponse, error: unknown, as: "json" | "page" | "output" = "json"): void {
    if (!(error instanceof Refusal)) throw error;
    if (as === "json") return sendJson(response, error.status, { error: error.message });
    const page = workspaceMessageTask(session(), error.status === 404 ? "Not found" : "Refused", [error.message], context, as === "output");
    if (page.stdout !== "") return send(response, error.status, "text/html; charset=utf-8", page.stdout, as === "output" ? OUTPUT_POLICY : PAGE_POLICY);
    sendText(response, error.status, `${error.message}\n`);
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        live.close();
        server.close(() => resolveClose());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Listens on the loopback address at `port`, or the next free port after it. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    let attempt = 0;
    const tryPort = () => {
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code === "EADDRINUSE" && port !== 0 && attempt < PORTS_TRIED && port + attempt < 65535) {
          attempt++;
          tryPort();
        } else if (error.code === "EADDRINUSE" && port !== 0 && port + attempt >= 65535) {
          reject(new Error(`port ${port + attempt} is taken, and there is no port after it; give a lower --port, or 0 for any free one`));
        } else {
          reject(error);
        }
      };
      server.once("error", onError);
      server.listen(port === 0 ? 0 : port + attempt, "127.0.0.1", () => {
        server.off("error", onError);
        const address = server.address();
        resolveListen(typeof address === "object" && address ? address.port : port);
      });
    };
    tryPort();
  });
}

/** The workspace's addresses, for the pages' links. */
function workspaceLinks(): WorkspaceLinks {
  const path = (name: string) => name.split("/").map(encodeURIComponent).join("/");
  return {
    home: "/",
    problems: "/problems",
    script: "/workspace.js",
    programme: (file, query) => `/programme/${path(file)}${query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query as Record<string, string>)}` : ""}`,
    table: (file, years, version) => `/table/${path(file)}?years=${years.join(",")}&v=${version}`,
    comparison: (file, from, to, version) => `/comparison/${path(file)}?from=${from}&to=${to}&v=${version}`,
    history: (file, version) => `/history/${path(file)}?v=${version}`,
    report: (year) => `/report/${year}`,
  };
}

/** What a programme page's address asks for: `?year=2024&year=2023&from=2023&to=2024&edit=2024&w.gender=15&set=equal`. */
function programmeQuery(query: URLSearchParams): ProgrammeQuery {
  const year = (text: string | null) => (text !== null && /^\d{4}$/.test(text) ? Number(text) : undefined);
  const years = query.getAll("year").flatMap((text) => year(text) ?? []);
  const weights = new Map([...query].filter(([key, value]) => key.startsWith("w.") && value.trim() !== "").map(([key, value]) => [key.slice(2), value.trim()]));
  const from = year(query.get("from"));
  const to = year(query.get("to"));
  const edit = year(query.get("edit"));
  const set = query.get("set");
  return {
    ...(years.length > 0 && { years }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(edit !== undefined && { edit }),
    ...(weights.size > 0 && { weights }),
    ...(set !== null && set !== "" && { weightSet: set }),
  };
}

function yearsOf(text: string | null): { years?: number[] } {
  const years = (text ?? "").split(",").filter((part) => /^\d{4}$/.test(part)).map(Number);
  return years.length > 0 ? { years: [...new Set(years)] } : {};
}

function yearOf<K extends string>(key: K, text: string | null): Partial<Record<K, number>> {
  return text !== null && /^\d{4}$/.test(text) ? ({ [key]: Number(text) } as Record<K, number>) : {};
}

function secured(response: ServerResponse, policy: string): ServerResponse {
  secureHeaders(response, policy);
  return response;
}

function send(response: ServerResponse, status: number, type: string, body: string, policy: string): void {
  secureHeaders(response, policy);
  response.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, "application/json; charset=utf-8", `${JSON.stringify(value)}\n`, "default-src 'none'; frame-ancestors 'none'");
}

function sendText(response: ServerResponse, status: number, text: string): void {
  send(response, status, "text/plain; charset=utf-8", text, "default-src 'none'; frame-ancestors 'none'");
}
