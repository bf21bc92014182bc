/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWorkspaceServer, type WorkspaceServer } from "../src/server/workspace-server.js";
import { renderTask } from "../src/tasks/render-task.js";
import { reportTask } from "../src/tasks/report-task.js";
import { TaskContext } from "../src/tasks/task-context.js";
import { CHROMIUM, launchChromium } from "./chromium.js";

/** Screenshots land here for a person to look at (not committed). */
const SCREENSHOTS = "test/__output__";
const AXE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");
const original = readFileSync("assessments/mines/cambodia.yaml", "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core, run in the page the way publishers check theirs: every serious or critical violation of WCAG 2.x A
 * and AA and best practice, by rule, with where. The outputs framed in the workspace are checked as the standalone
 * pages they are (below), so the workspace's own frames are left out here.
 */
async function accessibilityProblems(target: Page | Frame): Promise<string[]> {
  await target.evaluate(AXE);
  const result = (await target.evaluate(() =>
    (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } }).axe.run(document, { iframes: false, resultTypes: ["violations"] }),
  )) as { violations: Violation[] };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const changedLines = (before: string, after: string) => {
  const a = before.split("\n");
  const b = after.split("\n");
  return b.length === a.length ? a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]])) : "lines added or removed";
};

describe.skipIf(!CHROMIUM)("assess serve in headless Chromium", () => {
  let server: WorkspaceServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cambodia: string;
  let folder: string;
  /** Requests to another machine, from any page. */
  const elsewhere: string[] = [];
  /** Requests from the workspace's pages to anything but the workspace. */
  const notWorkspace: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    folder = join(mkdtempSync(join(tmpdir(), "serve-browser-")), "assessments");
    cpSync("assessments", folder, { recursive: true });
    cambodia = join(folder, "mines", "cambodia.yaml");
    server = await startWorkspaceServer({ folder, port: 0 });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Every request any page makes is recorded: none may leave the machine.
    context.on("request", (request) => {
      if (!/^(?:https?:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?\/|data:|about:|file:)/.test(request.url())) elsewhere.push(request.url());
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    writeFileSync(cambodia, original);
    await page?.close();
    page = await context.newPage();
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(server.url) && !url.startsWith("data:") && url !== "about:blank") notWorkspace.push(url);
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
  });

  /** Opens a programme's page and waits for its frames to show their outputs and its live updates to be on. */
  async function openCambodia(query = ""): Promise<void> {
    await page.goto(`${server.url}programme/mines/cambodia.yaml${query}`);
    await page.waitForFunction(
      () => document.body.dataset.live === "open" && [...document.querySelectorAll("iframe")].every((f) => f.contentDocument?.readyState === "complete" && f.contentDocument.body?.childElementCount > 0),
    );
  }

  /** Resolves with the version the page shows next, once it has updated itself after a save. */
  function nextUpdate(): Promise<string> {
    return page.evaluate(() => new Promise<string>((resolveUpdate) => document.addEventListener("workspace:updated", (e) => resolveUpdate((e as CustomEvent<{ version: string }>).detail.version), { once: true })));
  }

  it("lists every programme, grouped as the record is, with its latest average, rating, years and checks", async () => {
    await page.goto(server.url);
    const groups = await page.locator("main h2").allTextContents();
    expect(groups).toEqual(["Anti-personnel mines", "Cluster munitions"]);
    const row = page.locator("tr", { has: page.getByRole("link", { name: "Cambodia", exact: true }) });
    expect(await row.locator("td").allTextContents()).toEqual(["2024", "7.2", "GOOD", "2024202320202019", "valid"]);
    expect(await row.getByRole("link", { name: "2020 edition report" }).getAttribute("href")).toBe("/report/2020");
    expect(await page.getByRole("link", { name: "1 warning" }).count()).toBe(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "serve-home.png") });
  });

  it("shows a programme: its table, comparison, history, what it takes and what if, accessibly", async () => {
    await openCambodia();
    const table = page.frameLocator('iframe[title^="Assessment table"]');
    await expect.poll(() => table.locator("tfoot").textContent()).toContain("7.2");
    expect(await page.frameLocator('iframe[title^="2023 compared with 2024"]').locator("p").first().textContent()).toContain("fell from 7.6 to 7.2");
    expect(await page.frameLocator('iframe[title^="Performance history"]').locator("svg").count()).toBe(1);
    expect(await page.locator("#takes-title + pre").textContent()).toContain("Up to VERY GOOD: at least 4 points");
    // What if, from the page's own form.
    await page.getByRole("button", { name: "Recompute with this set" }).click();
    await page.waitForURL(/set=equal/);
    expect(await page.locator("#what-if-title ~ pre").textContent()).toContain("what if: All eight criteria weighted equally");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "serve-programme.png"), fullPage: true });
  });

  it("changes a score from the keyboard alone: the file differs by that line, the average and rating follow", async () => {
    await openCambodia();
    const controls = await page.locator("#editor input, #editor textarea, #editor button, #next-year input, #next-year button").evaluateAll((all) =>
      all.map((el) => ({ id: el.id || (el as HTMLButtonElement).textContent!.trim(), named: el.tagName === "BUTTON" ? el.textContent!.trim() !== "" : (el as HTMLInputElement).labels!.length > 0 })),
    );
    expect(controls.filter((c) => !c.named)).toEqual([]);
    // Tab through the page until the score field; every editor control must be reached on the way or after.
    const reached = new Set<string>();
    for (let i = 0; i < 400 && !reached.has("Add the year"); i++) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ""));
    }
    expect(controls.map((c) => c.id).filter((id) => !reached.has(id))).toEqual([]);
    await page.focus("#score-land-release-outputs");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2");
    const updated = nextUpdate();
    await page.keyboard.press("Enter");
    await updated;
    expect(changedLines(original, readFileSync(cambodia, "utf8"))).toEqual([["        score: 7", "        score: 2"]]);
    expect(await page.locator("#summary").textContent()).toBe("2024: average 6.2, AVERAGE");
    await expect.poll(() => page.frameLocator('iframe[title^="Assessment table"]').locator("tfoot").textContent()).toContain("6.2");
    expect(await page.locator("#edit-status").textContent()).toContain("Saved to mines/cambodia.yaml.");
    // The table as published printed 7.2: validate's warning says the scores now give another average.
    expect(await page.locator("#warnings-title + .diagnostic").textContent()).toContain("2024: the printed average 7.2 differs from 6.2");
    await page.screenshot({ path: join(SCREENSHOTS, "serve-edited.png") });
  });

  it("shows the problems of a file saved invalid from outside over the page, until it is fixed", async () => {
    await openCambodia();
    let updated = nextUpdate();
    writeFileSync(cambodia, original.replace("      gender:\n        score: 9", "      gender:\n        score: 11"));
    await updated;
    const overlay = page.locator("#overlay");
    expect(await overlay.isVisible()).toBe(true);
    expect(await overlay.locator(".diagnostic").first().textContent()).toContain("score 11 for 'gender' is outside the scale 0–10 of framework 'ctm-2024'");
    expect(await overlay.locator("pre.frame").first().textContent()).toContain("        score: 11");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "serve-overlay.png") });
    updated = nextUpdate();
    writeFileSync(cambodia, original);
    await updated;
    expect(await overlay.count()).toBe(0);
    expect(await page.locator("#summary").textContent()).toBe("2024: average 7.2, GOOD");
    expect(await page.locator("#content").evaluate((content) => (content as HTMLElement).inert)).toBe(false);
  });

  it("says over the page that its file is gone when it is deleted, keeping the title and the text typed, until it is back", async () => {
    await openCambodia();
    const typed = "A commentary typed while the file was moved away.";
    await page.fill("#commentary-planning", typed);
    let updated = nextUpdate();
    rmSync(cambodia);
    await updated;
    const overlay = page.locator("#overlay");
    expect(await overlay.isVisible()).toBe(true);
    expect(await overlay.locator("h2").textContent()).toBe("mines/cambodia.yaml cannot be shown");
    expect(await overlay.textContent()).toContain("mines/cambodia.yaml is not an assessment of");
    expect(await page.locator("h1").allTextContents()).toEqual(["Cambodia"]);
    expect(await page.locator("#content").evaluate((content) => (content as HTMLElement).inert)).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    updated = nextUpdate();
    writeFileSync(cambodia, original);
    await updated;
    expect(await overlay.count()).toBe(0);
    expect(await page.locator("h1").allTextContents()).toEqual(["Cambodia"]);
    expect(await page.locator("#content").evaluate((content) => (content as HTMLElement).inert)).toBe(false);
    expect(await page.inputValue("#commentary-planning")).toBe(typed);
  });

  it("refuses an edit against a file changed on disk since the page showed it, keeping the text typed", async () => {
    await openCambodia();
    const typed = "A commentary typed while someone else saved the file.";
    await page.fill("#commentary-planning", typed);
    const theirs = original.replace("      land-release-system:\n        score: 7", "      land-release-system:\n        score: 6");
    const updated = nextUpdate();
    writeFileSync(cambodia, theirs);
    await updated;
    expect(await page.locator("#edit-status").textContent()).toContain("The file has changed on disk since you started editing");
    await page.getByRole("button", { name: "Save changes to 2024" }).click();
    await expect.poll(() => page.locator("#edit-status").textContent()).toContain("has changed on disk since it was read for this edit; nothing was written");
    expect(await page.locator("#edit-status").textContent()).toContain("Your text is kept here");
    expect(await page.inputValue("#commentary-planning")).toBe(typed);
    expect(readFileSync(cambodia, "utf8")).toBe(theirs);
    await page.screenshot({ path: join(SCREENSHOTS, "serve-conflict.png") });
  });

  it("refuses from the page an edit that would make the file invalid, with validate's diagnostic", async () => {
    await openCambodia();
    await page.fill("#score-gender", "11");
    await page.getByRole("button", { name: "Save changes to 2024" }).click();
    await expect.poll(() => page.locator("#edit-status").textContent()).toContain("score-out-of-range: score 11 for 'gender' is outside the scale 0–10 of framework 'ctm-2024'");
    expect(readFileSync(cambodia, "utf8")).toBe(original);
  });

  it("adds the next year from the page and opens it in the editor", async () => {
    await openCambodia();
    await page.getByRole("button", { name: "Add the year" }).click();
    await page.waitForURL(/edit=2025/);
    expect(await page.locator("#edit-title").textContent()).toBe("Edit 2025");
    expect(readFileSync(cambodia, "utf8").replace(/  2025:\n(?: {4,}.*\n)*/, "")).toBe(original);
  });

  it("refuses a write from another site, and one without the token", async () => {
    await openCambodia();
    const version = await page.evaluate(() => document.body.dataset.version);
    const payload = JSON.stringify({ file: "mines/cambodia.yaml", version, year: 2024, changes: [{ criterion: "gender", score: "1" }] });
    // Without the token, from the workspace's own page.
    const withoutToken = await page.evaluate(async (body) => (await fetch("/api/edit", { method: "POST", headers: { "content-type": "application/json" }, body })).status, payload);
    expect(withoutToken).toBe(403);
    // From a page of another site, which cannot read the token: a JSON request is stopped by the browser (no
    // CORS answer to its preflight), a simple one by the server (its Origin is not the workspace's).
    const other: Server = createServer((_request, response) => response.writeHead(200, { "Content-Type": "text/html" }).end("<!DOCTYPE html><title>elsewhere</title>"));
    await new Promise<void>((resolveListen) => other.listen(0, "127.0.0.1", () => resolveListen()));
    try {
      const otherPage = await context.newPage();
      const answers: number[] = [];
      otherPage.on("response", (response) => {
        if (response.url().startsWith(server.url)) answers.push(response.status());
      });
      await otherPage.goto(`http://127.0.0.1:${(other.address() as { port: number }).port}/`);
      const outcome = await otherPage.evaluate(
        async ({ url, body }) => {
          const json = await fetch(`${url}api/edit`, { method: "POST", headers: { "content-type": "application/json", "x-assess-token": "guessed" }, body }).then(
            (r) => `answered ${r.status}`,
            () => "blocked",
          );
          // Sent, refused, and its answer kept from the page (the server's resource policy).
          await fetch(`${url}api/edit`, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body }).catch(() => undefined);
          return json;
        },
        { url: server.url, body: payload },
      );
      expect(outcome).toBe("blocked");
      expect(answers.every((status) => status >= 400)).toBe(true);
      await otherPage.close();
    } finally {
      other.close();
    }
    expect(readFileSync(cambodia, "utf8")).toBe(original);
  });

  it("lists every problem with its place, code frame and what to do, accessibly", async () => {
    await page.goto(`${server.url}problems`);
    expect(await page.locator(".diagnostic").count()).toBe(3);
    expect(await page.locator(".diagnostic").first().textContent()).toContain("published-mismatch");
    expect(await page.locator("pre.frame").count()).toBe(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "serve-problems.png") });
  });

  it("has the standalone table and the edition report pass the same accessibility check", async () => {
    const tasks = new TaskContext();
    const output = resolve(SCREENSHOTS, "serve-axe");
    mkdirSync(output, { recursive: true });
    const table = join(output, "cambodia.html");
    writeFileSync(table, (await renderTask("assessments/mines/cambodia.yaml", { format: "html" }, tasks)).stdout);
    const report = join(output, "report-2022.html");
    writeFileSync(report, (await reportTask(["assessments"], { year: 2022, format: "html" }, tasks)).stdout);
    const standalone = await context.newPage();
    for (const file of [table, report]) {
      await standalone.goto(pathToFileURL(file).href);
      expect(await accessibilityProblems(standalone), file).toEqual([]);
      await standalone.screenshot({ path: join(SCREENSHOTS, `serve-axe-${file.endsWith("cambodia.html") ? "table" : "report"}.png`) });
    }
    await standalone.close();
  });

  it("made no request to anywhere but the workspace, and no page logged an error", () => {
    expect(elsewhere).toEqual([]);
    expect(notWorkspace).toEqual([]);
    // Refusals the tests ask for, and the 404s of a page whose file was deleted, are answers, not errors.
    expect(problems.filter((p) => !/status of (403|404|409|422)/.test(p))).toEqual([]);
  });
});
