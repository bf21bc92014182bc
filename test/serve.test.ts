import { spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { versionOf } from "../src/load/read-source.js";
import { startWorkspaceServer, type WorkspaceServer } from "../src/server/workspace-server.js";
import { compareTask } from "../src/tasks/compare-task.js";
import { editTask } from "../src/tasks/edit-task.js";
import { historyTask } from "../src/tasks/history-task.js";
import { renderTask } from "../src/tasks/render-task.js";
import { reportTask } from "../src/tasks/report-task.js";
import { TaskContext } from "../src/tasks/task-context.js";

/**
 * The workspace server over HTTP, without a browser: what each address answers, that its outputs are exactly the
 * commands', and that nothing but a write from its own page, with its token, about a file inside its folder,
 * changes a file, and then only the lines of the values changed. tests/serve-browser.test.ts drives it in Chromium.
 */
const original = readFileSync("assessments/mines/cambodia.yaml", "utf8");

/** A copy of the record to serve, and a file outside it that a symlink inside points to. */
function workspace(): { folder: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), "serve-"));
  const folder = join(root, "record");
  cpSync("assessments", folder, { recursive: true });
  const outside = join(root, "outside.yaml");
  writeFileSync(outside, original);
  return { folder, outside };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly the headers given (fetch would add its own Origin and Host). */
function ask(server: WorkspaceServer, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: server.port, path, method: options.method ?? "GET", headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A write as the workspace's own page sends it. */
function write(server: WorkspaceServer, action: string, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return ask(server, action, {
    method: "POST",
    headers: { origin: `http://127.0.0.1:${server.port}`, "content-type": "application/json", "x-assess-token": server.token, ...headers },
    body: JSON.stringify(payload),
  });
}

const changedLines = (before: string, after: string) => {
  const a = before.split("\n");
  const b = after.split("\n");
  return b.length === a.length ? a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]])) : "lines added or removed";
};

describe("assess serve, over HTTP", () => {
  let server: WorkspaceServer;
  let folder: string;
  let outside: string;
  let cambodia: string;
  const logged: string[] = [];

  beforeAll(async () => {
    ({ folder, outside } = workspace());
    cambodia = join(folder, "mines", "cambodia.yaml");
    server = await startWorkspaceServer({ folder, port: 0, log: (text) => logged.push(text) });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => writeFileSync(cambodia, original));

  it("serves the pages, with a policy that lets nothing be loaded from elsewhere", async () => {
    const home = await ask(server, "/");
    expect(home.status).toBe(200);
    expect(home.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(home.headers["content-security-policy"]).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(home.body).toContain("Anti-personnel mines");
    expect(home.body).toContain("Cluster munitions");
    expect(home.body).toContain('href="/report/2024"');
    const programme = await ask(server, "/programme/mines/cambodia.yaml");
    expect(programme.status).toBe(200);
    expect(programme.body).toContain(`<meta name="assess-token" content="${server.token}">`);
    expect(programme.body).toContain(`data-version="${versionOf(readFileSync(cambodia))}"`);
    expect((await ask(server, "/problems")).body).toContain("published-mismatch");
    expect((await ask(server, "/workspace.js")).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    // Nothing on any page names another host.
    for (const page of [home.body, programme.body]) expect(page.match(/(?:src|href)="(?!\/|#|data:)[^"]*"/g)).toBeNull();
  });

  it("shows exactly what render, compare, history and report write", async () => {
    const context = new TaskContext();
    const file = join(folder, "mines", "cambodia.yaml");
    expect((await ask(server, "/table/mines/cambodia.yaml?years=2024,2020")).body).toBe((await renderTask(file, { format: "html", years: [2024, 2020] }, context)).stdout);
    expect((await ask(server, "/comparison/mines/cambodia.yaml?from=2019&to=2024")).body).toBe((await compareTask(file, { format: "html", from: 2019, to: 2024 }, context)).stdout);
    expect((await ask(server, "/history/mines/cambodia.yaml")).body).toBe((await historyTask(file, { format: "html" }, context)).stdout);
    const report = await ask(server, "/report/2022");
    expect(report.body).toBe((await reportTask([folder], { year: 2022, format: "html" }, context)).stdout);
    expect(report.headers["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
  });

  it("puts, in place of an output that cannot be made, a page saying why that runs no script", async () => {
    writeFileSync(cambodia, original.replace("      gender:\n        score: 9", "      gender:\n        score: 11"));
    for (const path of ["/table/mines/cambodia.yaml", "/comparison/mines/cambodia.yaml", "/history/mines/cambodia.yaml", "/table/mines/no-such.yaml"]) {
      const answer = await ask(server, path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.headers["content-security-policy"], path).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
      expect(answer.body, path).not.toContain("<script");
      expect(answer.body, path).not.toContain(server.token);
    }
    expect((await ask(server, "/table/mines/cambodia.yaml")).body).toContain("score 11 for &#x27;gender&#x27; is outside the scale 0–10");
    // The programme's own page shows the problems over it, with its script.
    const page = await ask(server, "/programme/mines/cambodia.yaml");
    expect(page.body).toContain('id="overlay"');
    expect(page.body).toContain('<script src="/workspace.js" defer></script>');
  });

  it("answers only to its own host name: another (DNS rebinding) gets nothing, the token least of all", async () => {
    for (const host of ["evil.example:80", `attacker.test:${server.port}`, "127.0.0.1", `127.0.0.1:${server.port + 1}`]) {
      const answer = await ask(server, "/", { headers: { host } });
      expect(answer.status).toBe(421);
      expect(answer.body).not.toContain(server.token);
    }
    expect((await ask(server, "/", { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
    // No Host at all (HTTP/1.0).
    const bare = await new Promise<string>((resolve) => {
      const socket = connect(server.port, "127.0.0.1", () => socket.write("GET / HTTP/1.0\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
    });
    expect(bare).toMatch(/^HTTP\/1\.1 421/);
    expect(bare).not.toContain(server.token);
  });

  it("edits a score on its one line, atomically, and answers with the file's new version", async () => {
    const answer = await write(server, "/api/edit", { file: "mines/cambodia.yaml", version: versionOf(original), year: 2024, changes: [{ criterion: "land-release-outputs", score: "8" }] });
    expect(answer.status).toBe(200);
    const after = readFileSync(cambodia, "utf8");
    expect(JSON.parse(answer.body).version).toBe(versionOf(after));
    expect(changedLines(original, after)).toEqual([["        score: 7", "        score: 8"]]);
  });

  it("refuses a write from another origin, without the token, or not as JSON; nothing is written", async () => {
    const payload = { file: "mines/cambodia.yaml", version: versionOf(original), year: 2024, changes: [{ criterion: "gender", score: "1" }] };
    const refused = [
      await write(server, "/api/edit", payload, { origin: "http://evil.example" }),
      await write(server, "/api/edit", payload, { origin: "null" }),
      await ask(server, "/api/edit", { method: "POST", headers: { "content-type": "application/json", "x-assess-token": server.token }, body: JSON.stringify(payload) }),
      await write(server, "/api/edit", payload, { "x-assess-token": "0".repeat(48) }),
      await write(server, "/api/edit", payload, { "x-assess-token": "" }),
      await write(server, "/api/edit", payload, { "sec-fetch-site": "cross-site" }),
    ];
    expect(refused.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect((await write(server, "/api/edit", payload, { "content-type": "text/plain" })).status).toBe(415);
    expect(readFileSync(cambodia, "utf8")).toBe(original);
  });

  it("gives malformed requests a 4xx and goes on", async () => {
    const version = versionOf(original);
    const bad = async (body: string) => (await ask(server, "/api/edit", { method: "POST", headers: { origin: `http://127.0.0.1:${server.port}`, "content-type": "application/json", "x-assess-token": server.token }, body })).status;
    expect(await bad("{")).toBe(400);
    expect(await bad("[]")).toBe(400);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version, year: 2024, changes: [] }))).toBe(400);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version, year: "24", changes: [{ criterion: "gender", score: "1" }] }))).toBe(400);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version, year: 2024, changes: [{ criterion: "gender", score: 1 }] }))).toBe(400);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version, year: 2024, changes: [{ criterion: "gender", source: "x" }] }))).toBe(400);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version: "../x", year: 2024, changes: [{ criterion: "gender", score: "1" }] }))).toBe(400);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version, year: 2024, changes: [{ criterion: "gender", commentary: "x".repeat(300_000) }] }))).toBe(413);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version, year: 2024, changes: [{ criterion: "no-such-criterion", score: "1" }] }))).toBe(422);
    expect(await bad(JSON.stringify({ file: "mines/cambodia.yaml", version, year: 2024, changes: [{ criterion: "gender", score: "1e1" }] }))).toBe(422);
    expect((await ask(server, "/api/edit")).status).toBe(405);
    expect((await ask(server, "/", { method: "DELETE" })).status).toBe(405);
    expect((await ask(server, "/programme/%E0%A4%A")).status).toBe(400);
    expect((await ask(server, "/no/such/page")).status).toBe(404);
    // Not even HTTP.
    const garbage = await new Promise<string>((resolve) => {
      const socket = connect(server.port, "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(readFileSync(cambodia, "utf8")).toBe(original);
    expect((await ask(server, "/")).status).toBe(200);
    expect(logged).toEqual([]);
  });

  it("reads and writes only the files inside its folder: no '..', no symlink out", async () => {
    symlinkSync(outside, join(folder, "mines", "escape.yaml"));
    onTestFinished(() => rmSync(join(folder, "mines", "escape.yaml")));
    for (const path of ["/programme/../package.json", "/programme/..%2F..%2Fpackage.json", "/programme/mines/escape.yaml", "/table/%2Fetc%2Fpasswd", "/history/mines/./cambodia.yaml"]) {
      expect((await ask(server, path)).status).toBe(404);
    }
    const payload = (file: string) => ({ file, version: versionOf(original), year: 2024, changes: [{ criterion: "gender", score: "1" }] });
    expect((await write(server, "/api/edit", payload("mines/escape.yaml"))).status).toBe(404);
    expect((await write(server, "/api/edit", payload("../outside.yaml"))).status).toBe(404);
    expect((await write(server, "/api/edit", payload("mines/../mines/cambodia.yaml"))).status).toBe(404);
    expect(readFileSync(outside, "utf8")).toBe(original);
    expect((await ask(server, "/")).body).not.toContain("escape.yaml");
  });

  it("refuses an edit made against a version of the file no longer on disk, writing nothing", async () => {
    const theirs = original.replace("        score: 9\n", "        score: 8\n");
    writeFileSync(cambodia, theirs);
    const answer = await write(server, "/api/edit", { file: "mines/cambodia.yaml", version: versionOf(original), year: 2024, changes: [{ criterion: "planning", commentary: "Mine." }] });
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body)).toMatchObject({ conflict: true, error: expect.stringContaining("has changed on disk since it was read for this edit; nothing was written") });
    expect(readFileSync(cambodia, "utf8")).toBe(theirs);
  });

  it("refuses an edit of a file deleted or made a folder since the page showed it, saying so, the page's text kept", async () => {
    for (const replace of [() => rmSync(cambodia), () => (rmSync(cambodia), mkdirSync(cambodia))]) {
      replace();
      try {
        // The task itself (the server's list of files may not have heard of the change yet) ...
        const result = await editTask(cambodia, [{ kind: "score", year: 2024, criterion: "gender", score: "1" }], { version: versionOf(original) }, new TaskContext());
        expect(result.conflict).toMatch(/cambodia\.yaml can no longer be read \((?:no such file or folder|this is a folder; give a YAML file here)\) since it was shown; nothing was written$/);
        // ... and the server once it has.
        await new Promise((wait) => setTimeout(wait, 100));
        const answer = await write(server, "/api/edit", { file: "mines/cambodia.yaml", version: versionOf(original), year: 2024, changes: [{ criterion: "gender", score: "1" }] });
        expect(answer.status).toBe(404);
        expect(JSON.parse(answer.body).error).toMatch(/^mines\/cambodia\.yaml is not, or no longer, an assessment of .* \(was it deleted or moved\?\); nothing was written$/);
      } finally {
        rmSync(cambodia, { recursive: true, force: true });
        writeFileSync(cambodia, original);
        await new Promise((wait) => setTimeout(wait, 100));
      }
    }
  });

  it("refuses an edit that would make the file invalid, with the diagnostic validate gives", async () => {
    const answer = await write(server, "/api/edit", { file: "mines/cambodia.yaml", version: versionOf(original), year: 2024, changes: [{ criterion: "gender", score: "11" }] });
    expect(answer.status).toBe(422);
    const { diagnostics } = JSON.parse(answer.body) as { diagnostics: { where: string; code: string; message: string }[] };
    expect(diagnostics).toContainEqual({
      where: expect.stringMatching(/mines\/cambodia\.yaml:26:16$/),
      code: "score-out-of-range",
      severity: "error",
      message: "score 11 for 'gender' is outside the scale 0–10 of framework 'ctm-2024'",
    });
    expect(readFileSync(cambodia, "utf8")).toBe(original);
  });

  it("adds the next year, and refuses a year on file", async () => {
    const added = await write(server, "/api/next-year", { file: "mines/cambodia.yaml", version: versionOf(original) });
    expect(added.status).toBe(200);
    expect(JSON.parse(added.body).notes[0]).toMatch(/^added 2025 to .*cambodia\.yaml: 8 criteria of ctm-2024 with their 2024 scores/);
    const after = readFileSync(cambodia, "utf8");
    expect(after.replace(/  2025:\n(?: {4,}.*\n)*/, "")).toBe(original);
    const again = await write(server, "/api/next-year", { file: "mines/cambodia.yaml", version: versionOf(after), year: 2024 });
    expect(again.status).toBe(422);
    expect(JSON.parse(again.body).error).toMatch(/already has 2024; nothing was written$/);
  });

  it("tells open pages which file was saved, as server-sent events", async () => {
    const events = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: server.port, path: "/events", headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
        expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes("cambodia")) {
            req.destroy();
            resolve(text);
          }
        });
        setTimeout(() => writeFileSync(cambodia, `${original}\n`), 300);
      });
      req.on("error", reject);
      req.end();
    });
    expect(events).toContain('data: {"files":["mines/cambodia.yaml"],"all":false}');
  });

  it("tells open pages that a template changed, and serves what the changed template makes", async () => {
    const templates = mkdtempSync(join(tmpdir(), "serve-templates-"));
    const own = join(templates, "history.html.hbs");
    writeFileSync(own, readFileSync("templates/history.html.hbs", "utf8"));
    const second = await startWorkspaceServer({ folder, port: 0, templates });
    try {
      const history = async () => (await ask(second, "/history/mines/cambodia.yaml")).body;
      expect(await history()).not.toContain("Changed while served");
      const events = await new Promise<string>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port: second.port, path: "/events", headers: { host: `127.0.0.1:${second.port}` } }, (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('"all":true')) {
              req.destroy();
              resolve(text);
            }
          });
          setTimeout(() => writeFileSync(own, readFileSync("templates/history.html.hbs", "utf8").replace("<body>", "<body><p>Changed while served</p>")), 300);
        });
        req.on("error", reject);
        req.end();
      });
      expect(events).toContain('data: {"files":[],"all":true}');
      expect(await history()).toContain("<p>Changed while served</p>");
    } finally {
      await second.close();
      rmSync(templates, { recursive: true, force: true });
    }
  });

  it("keeps the file's permissions when it writes the edit", async () => {
    chmodSync(cambodia, 0o750);
    try {
      const answer = await write(server, "/api/edit", { file: "mines/cambodia.yaml", version: versionOf(original), year: 2024, changes: [{ criterion: "gender", score: "8" }] });
      expect(answer.status).toBe(200);
      expect(statSync(cambodia).mode & 0o777).toBe(0o750);
    } finally {
      chmodSync(cambodia, 0o644);
    }
  });

  it("counts a group of one programme in the singular", async () => {
    const single = join(mkdtempSync(join(tmpdir(), "serve-one-")), "record");
    mkdirSync(join(single, "mines"), { recursive: true });
    writeFileSync(join(single, "mines", "cambodia.yaml"), original);
    const second = await startWorkspaceServer({ folder: single, port: 0 });
    try {
      const home = await ask(second, "/");
      expect(home.body).toContain("<caption>Anti-personnel mines: 1 programme</caption>");
      expect((await ask(server, "/")).body).toContain("<caption>Cluster munitions: 9 programmes</caption>");
    } finally {
      await second.close();
      rmSync(single, { recursive: true, force: true });
    }
  });

  it("takes the next free port when its port is taken", async () => {
    const second = await startWorkspaceServer({ folder, port: server.port });
    try {
      expect(second.port).toBe(server.port + 1);
      expect(second.token).not.toBe(server.token);
    } finally {
      await second.close();
    }
  });

  it("says so, rather than crashing, when the port taken is the last there is", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer();
    // Taken by this test, or already by something else: either way, taken.
    await new Promise<void>((resolveListen) => {
      blocker.once("error", () => resolveListen());
      blocker.listen(65535, "127.0.0.1", () => resolveListen());
    });
    onTestFinished(() => void blocker.close());
    await expect(startWorkspaceServer({ folder, port: 65535 })).rejects.toThrow(/65535 is taken, and there is no port after it/);
  });
});

describe("assess serve, the command", () => {
  it("prints its address, serves, and stops cleanly on Ctrl-C", async () => {
    const { folder } = workspace();
    const child = spawn(process.execPath, ["bin/assess.js", "serve", folder, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    // A failed expectation must not leave the server running.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve) => {
      const look = () => {
        const found = /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/.exec(stderr);
        if (found) resolve(found[1]!);
        else setTimeout(look, 20);
      };
      look();
    });
    expect((await fetch(url)).status).toBe(200);
    // An open page's stream must not keep the server from stopping.
    const stream = await fetch(`${url}events`);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(stderr).toMatch(/serving .* at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)\nstopped\n$/);
    await stream.body?.cancel().catch(() => undefined);
  });
});
