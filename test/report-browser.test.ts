/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { walkFiles } from "../src/load/walk-files.js";
import { loadAssessment, loadFrameworks } from "../src/tasks/load-files.js";
import { compareEdition } from "../src/compare/compare-edition.js";
import { renderReport } from "../src/render/render-report.js";
import { scoreAssessment } from "../src/score/score-assessment.js";
import { templatesFrom } from "./helpers.js";
import { CHROMIUM, launchChromium } from "./chromium.js";

/** Screenshots land here for a person to look at (not committed). */
const SCREENSHOTS = "test/__output__";

describe.skipIf(!CHROMIUM)("the 2022 report in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const frameworks = loadFrameworks();
    const assessments = walkFiles(["assessments"]).files.map((file) => loadAssessment(file, {}, frameworks).assessment!);
    const file = join(mkdtempSync(join(tmpdir(), "report-")), "report.html");
    writeFileSync(file, renderReport(compareEdition(assessments.map(scoreAssessment), 2022, frameworks.byId), frameworks.byId, { format: "html", templates: templatesFrom() }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the league table in the right order, with the right values", async () => {
    const rows = await page.locator("table.league tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td, th")].slice(0, 4).map((cell) => cell.textContent!.trim())),
    );
    // Two league tables: the cluster munition programmes (ccmr-2019), then the anti-personnel mine ones (ctm-2019).
    expect(rows).toEqual([
      ["1", "Lebanon", "7.6", "GOOD"],
      ["2", "Lao PDR", "7.1", "GOOD"],
      ["3", "Iraq", "6.5", "AVERAGE"],
      ["4", "Chile", "6.2", "AVERAGE"],
      ["5", "Afghanistan", "5.6", "AVERAGE"],
      ["6", "Chad", "4.3", "POOR"],
      ["7", "Somalia", "3.9", "VERY POOR"],
      ["1", "Zimbabwe", "8.0", "VERY GOOD"],
      ["2", "Thailand", "7.7", "GOOD"],
      ["3", "Angola", "7.5", "GOOD"],
      ["4", "Sri Lanka", "7.1", "GOOD"],
      ["5", "Sudan", "6.9", "AVERAGE"],
      ["6", "Croatia", "6.8", "AVERAGE"],
      ["7=", "Colombia", "6.7", "AVERAGE"],
      ["7=", "South Sudan", "6.7", "AVERAGE"],
      ["9=", "Iraq", "6.2", "AVERAGE"],
      ["9=", "Tajikistan", "6.2", "AVERAGE"],
      ["9=", "Türkiye", "6.2", "AVERAGE"],
      ["12", "Bosnia and Herzegovina", "5.8", "AVERAGE"],
      ["13", "Serbia", "5.7", "AVERAGE"],
      ["14", "Peru", "5.6", "AVERAGE"],
      ["15", "Afghanistan", "5.4", "AVERAGE"],
      ["16", "Mauritania", "5.2", "AVERAGE"],
      ["17", "Yemen", "4.7", "POOR"],
      ["18=", "Democratic Republic of the Congo", "4.6", "POOR"],
      ["18=", "Ukraine", "4.6", "POOR"],
      ["20=", "Chad", "4.4", "POOR"],
      ["20=", "Guinea-Bissau", "4.4", "POOR"],
      ["20=", "Senegal", "4.4", "POOR"],
      ["23", "Eritrea", "1.9", "VERY POOR"],
    ]);
  });

  it("makes no network request and logs no console error or warning, and runs no script", async () => {
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.locator("script").count()).toBe(0);
  });

  it("has accessible tables: a caption and header scopes on every one", async () => {
    const tables = await page.locator("table").evaluateAll((all) => all.map((t) => [!!t.querySelector("caption"), t.querySelectorAll("th[scope]").length > 0]));
    expect(tables.length).toBeGreaterThan(15);
    expect(tables.every(([caption, scoped]) => caption && scoped)).toBe(true);
  });

  it("fits a phone's width, and prints each programme on its own A4 page", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "report-screen.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "report-phone.png") });
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    expect(await page.locator("section.programme").evaluateAll((all) => all.map((s) => getComputedStyle(s).breakBefore))).toEqual(Array(30).fill("page"));
    expect(await page.locator("nav").evaluate((nav) => getComputedStyle(nav).display)).toBe("none");
    await page.screenshot({ path: join(SCREENSHOTS, "report-print.png") });
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.length).toBeGreaterThan(10_000);
  });
});

describe.skipIf(!CHROMIUM)("the standalone table and the history page in headless Chromium", () => {
  it("fit a 375 px phone screen, and use the report's colours for the ratings", async () => {
    const { assessment } = loadAssessment("assessments/mines/cambodia.yaml");
    const { renderTable } = await import("./helpers.js");
    const dir = mkdtempSync(join(tmpdir(), "table-phone-"));
    const file = join(dir, "cambodia.html");
    writeFileSync(file, renderTable(assessment!, { format: "html" }));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
      await page.goto(pathToFileURL(file).href);
      expect(await page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")).toBe(true);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, "table-phone.png"), fullPage: true });
      // GOOD is shown on the report's light blue (#56B4E9), black text, as everywhere.
      expect(await page.locator(".rating.good").first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(86, 180, 233)");
    } finally {
      await browser.close();
    }
  });
});
