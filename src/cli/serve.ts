import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { DEFAULT_PORT, startWorkspaceServer } from "../server/workspace-server.js";
import { UsageError, type Io } from "./commands.js";
import { ExitCode } from "./exit-codes.js";
import { untilStopped } from "./until-stopped.js";

export interface ServeOptions {
  port?: number;
  open?: boolean;
  criteria?: string;
  templates?: string;
}

/**
 * `assess serve`: starts the workspace over a folder (by default `assessments/` where there is one, else the current
 * folder), says its address, and serves until Ctrl-C (or `signal`), then stops cleanly: the pages' streams end,
 * the watches stop, every connection is closed.
 */
export async function serveCommand(folder: string | undefined, options: ServeOptions, io: Io, signal: AbortSignal): Promise<number> {
  const served = folder ?? (existsSync("assessments") ? "assessments" : ".");
  if (!statSync(served, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${served} is not a folder; give the folder of assessments to serve`);
  const port = options.port ?? DEFAULT_PORT;
  let server;
  try {
    server = await startWorkspaceServer({
      folder: served,
      port,
      ...(options.criteria !== undefined && { criteria: options.criteria }),
      ...(options.templates !== undefined && { templates: options.templates }),
      log: io.stderr,
    });
  } catch (error) {
    io.stderr(`assess: error: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`);
    return ExitCode.outputFailed;
  }
  if (port !== 0 && server.port !== port) io.stderr(`port ${port} is taken; using ${server.port}\n`);
  io.stderr(`serving ${served} at ${server.url} (Ctrl-C to stop)\n`);
  if (options.open) openBrowser(server.url, io);

  await untilStopped(signal);
  await server.close();
  io.stderr("stopped\n");
  return ExitCode.ok;
}

/** Opens the address in the desktop's browser; where there is none, says so (the address is printed anyway). */
function openBrowser(url: string, io: Io): void {
  const [command, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  try {
    const child = spawn(command, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => io.stderr(`could not open a browser (${command}); open ${url} yourself\n`));
    child.unref();
  } catch {
    io.stderr(`could not open a browser; open ${url} yourself\n`);
  }
}
