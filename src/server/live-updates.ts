import type { ServerResponse } from "node:http";
import { relative, sep } from "node:path";
import { TEMPLATE_FILE, YAML_FILE } from "../load/walk-files.js";
import { FolderWatch } from "../load/watch-folders.js";

/** What changed, as the pages hear it: the files under the folder served, or everything (a framework, a template). */
export interface Change {
  files: string[];
  all: boolean;
}

/** Saves arrive as several events (an editor writes, renames, touches): a file is reported once they settle. */
const SETTLE_MS = 10;
/** A comment line now and then keeps proxies and browsers from closing a quiet stream. */
const KEEP_ALIVE_MS = 20_000;
/** More open pages than anyone has: beyond it, new streams are refused rather than held. */
const MAX_STREAMS = 100;

/**
 * The pages' live updates: server-sent events, one stream per open page, each told which files changed. The
 * folder served is watched (FolderWatch: a folder removed and created again is watched again when it is back),
 * and so are the frameworks and templates, whose change concerns every page.
 */
export class LiveUpdates {
  private readonly streams = new Set<ServerResponse>();
  private readonly watches: FolderWatch[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly folder: string,
    sources: { criteria: string; templates: readonly string[] },
    /** Told of each change before the pages are, so that the server drops what it keeps of what changed. */
    private readonly onChange: (change: Change) => void,
  ) {
    const events = (changed: (file: string) => void) => ({ changed, lost: () => this.settle("*", () => this.everything()), restored: () => this.settle("*", () => this.everything()) });
    this.watches.push(new FolderWatch([folder], YAML_FILE, events((file) => this.settle(file, () => this.send({ files: [this.nameOf(file)], all: false })))));
    this.watches.push(new FolderWatch([sources.criteria], YAML_FILE, events(() => this.settle("*", () => this.everything()))));
    if (sources.templates.length > 0) this.watches.push(new FolderWatch(sources.templates, TEMPLATE_FILE, events(() => this.settle("*", () => this.everything()))));
    this.keepAlive = setInterval(() => {
      for (const stream of this.streams) stream.write(": still here\n\n");
    }, KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /** Opens a page's stream. */
  connect(response: ServerResponse): void {
    if (this.streams.size >= MAX_STREAMS) {
      response.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" }).end("too many open pages\n");
      return;
    }
    response.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive" });
    // A page that lost the stream (the server restarted) tries again after a second.
    response.write("retry: 1000\n\n");
    this.streams.add(response);
    response.on("close", () => this.streams.delete(response));
  }

  /** Tells every open page that `change` happened. */
  send(change: Change): void {
    this.onChange(change);
    const message = `data: ${JSON.stringify(change)}\n\n`;
    for (const stream of this.streams) stream.write(message);
  }

  /** Ends every stream and stops watching. */
  close(): void {
    for (const watch of this.watches) watch.close();
    for (const timer of this.pending.values()) clearTimeout(timer);
    clearInterval(this.keepAlive);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  private everything(): void {
    this.send({ files: [], all: true });
  }

  private settle(key: string, action: () => void): void {
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        action();
      }, SETTLE_MS),
    );
  }

  private nameOf(file: string): string {
    return relative(this.folder, file).split(sep).join("/");
  }
}
