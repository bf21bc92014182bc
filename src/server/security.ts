import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { strictUtf8 } from "../load/read-source.js";

/** A request refused, with its status and the reason given to the user. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The largest request body a write may have: a year's commentary is a few kilobytes. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * What the workspace's own pages may do: scripts, styles and frames from this server only (the outputs' inline
 * styles and SVG allowed), requests to it only, nothing from anywhere else, and no framing by another site.
 */
export const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

/** What an output shown in a frame may do (a table, a comparison, a history, a report): no script at all. */
export const OUTPUT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** Headers every response carries. */
export function secureHeaders(response: ServerResponse, policy: string): void {
  response.setHeader("Content-Security-Policy", policy);
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "no-referrer");
  response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  response.setHeader("Cache-Control", "no-store");
}

/**
 * The `Host` a request must name: this server's loopback address and port, as 127.0.0.1 or localhost. Any other
 * name is a page of another site that had its name point at this machine (DNS rebinding), refused before it can
 * read a page and the token in it.
 */
export function checkHost(request: IncomingMessage, port: number): string {
  const host = request.headers.host ?? "";
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new Refusal(421, `this server answers only at http://127.0.0.1:${port}/ (the request named ${JSON.stringify(host.slice(0, 100))})`);
  }
  return host;
}

/**
 * A write must come from a page of this server: its `Origin` is this server's (a form or a script of another
 * site sends its own, or none), it carries the token the server put in its pages, and its body is JSON (which a
 * plain cross-site form cannot send).
 */
export function checkWrite(request: IncomingMessage, host: string, token: string): void {
  const origin = request.headers.origin;
  if (origin !== `http://${host}`) throw new Refusal(403, `a change must come from a page of this workspace (the request came from ${origin === undefined ? "no page" : JSON.stringify(origin.slice(0, 100))}); nothing was written`);
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") throw new Refusal(403, "a change must come from a page of this workspace; nothing was written");
  const given = Buffer.from(String(request.headers["x-assess-token"] ?? ""));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Refusal(403, "the page's token is not this server's (was the server restarted?); reload the page, nothing was written");
  }
  if (!/^application\/json(?:\s*;|$)/i.test(request.headers["content-type"] ?? "")) throw new Refusal(415, "a change is sent as JSON; nothing was written");
}

/** The body of a request, up to MAX_BODY_BYTES; a larger one is refused (413) without reading the rest. */
export function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(new Refusal(413, `a change may be at most ${MAX_BODY_BYTES / 1024} KiB; nothing was written`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners("data");
        request.pause();
        reject(new Refusal(413, `a change may be at most ${MAX_BODY_BYTES / 1024} KiB; nothing was written`));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      const text = strictUtf8(Buffer.concat(chunks));
      if (text === undefined) reject(new Refusal(400, "the request is not UTF-8 text"));
      else resolve(text);
    });
    request.on("error", () => reject(new Refusal(400, "the request was cut off")));
  });
}
