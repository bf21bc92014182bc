import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { loadAssessment } from "../src/tasks/load-files.js";
import { renderHistory } from "../src/render/render-history.js";
import { scoreAssessment } from "../src/score/score-assessment.js";
import { renderTable, templatesFrom } from "./helpers.js";
import { TemplateError } from "../src/render/templates.js";
import { CHROMIUM, launchChromium } from "./chromium.js";
import { readCsv } from "./csv.js";

/** The diagnostic of the TemplateError that rendering the table as Markdown with the templates in `dir` must throw. */
function templateErrorOf(dir: string): TemplateError["diagnostic"] {
  let error: unknown;
  try {
    renderTable(assessment!, { format: "md", templates: templatesFrom(dir) });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(TemplateError);
  return (error as TemplateError).diagnostic;
}

/** Valid data whose every text is hostile: markup, script, formulas, template syntax, control characters. */
const { assessment, frameworks } = loadAssessment("test/fixtures/valid/hostile.yaml");
const hostile = assessment!.years[0]!.entries.map((e) => e.commentary);

describe("CSV", () => {
  const rows = readCsv(renderTable(assessment!, { format: "csv" }));

  it("keeps every commentary in its own cell (RFC 4180), rows and columns intact", () => {
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.length === 5)).toBe(true);
  });

  it("neutralises cells a spreadsheet would run as formulas, and reads back as the original text", () => {
    const cells = rows.slice(1, 9).map((row) => row[4]!);
    for (const [index, cell] of cells.entries()) {
      const original = hostile[index]!.replace(/\u0000/g, "");
      if (/^[=+\-@\t\r]/.test(original)) {
        expect(cell.startsWith("'")).toBe(true);
        expect(cell.slice(1)).toBe(original); // a spreadsheet hides the apostrophe and shows the text as typed
      } else {
        expect(cell).toBe(original);
      }
    }
  });
});

describe("Markdown and TSV", () => {
  it("keeps every row of the Markdown table one line with its five cells", () => {
    const lines = renderTable(assessment!, { format: "md" }).split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Criterion"));
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line.split(/(?<!\\)\|/).length - 2).toBe(5);
    expect(lines.join("\n")).not.toMatch(/<(script|img|iframe)/);
  });

  it("keeps links and code spans out of Markdown made from someone's text", () => {
    const markdown = renderTable({ ...assessment!, programme: "[Click](javascript:alert(1)) `code`" }, { format: "md" });
    expect(markdown).toContain("\\[Click\\](javascript:alert(1)) \\`code\\`");
    expect(markdown).not.toMatch(/(?<!\\)\[Click(?<!\\)\]/);
  });

  it("prints template syntax in the data as text, never evaluating it", () => {
    const markdown = renderTable(assessment!, { format: "md" });
    expect(markdown).toContain("{{programme}} and {{{programme}}} and {{constructor.constructor}}");
  });

  it("keeps every TSV row on one line with its four cells", () => {
    const lines = renderTable(assessment!, { format: "tsv" }).trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(line.split("\t")).toHaveLength(4);
  });
});

describe("control characters in every output", () => {
  it("reach no output format of any command: C0, DEL and C1 (the CSI that starts a terminal sequence) included", async () => {
    const { mkdtempSync: temp, writeFileSync: write } = await import("node:fs");
    const { transcript } = await import("./helpers.js");
    const dir = temp(join(tmpdir(), "controls-"));
    const file = join(dir, "controls.yaml");
    const active = "\u009b2J\u009b31m\u001b[1m\u007f\u0085";
    write(file, readFileSync("test/fixtures/valid/cambodia-2024.yaml", "utf8").replace("programme: Cambodia", `programme: "Cambodia${active.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`));
    const runs: string[][] = [
      ...["md", "html", "tsv", "csv", "json"].map((format) => ["render", file, "--format", format]),
      ...["md", "text", "json"].map((format) => ["compare", file, "--format", format]),
      ...["md", "csv", "html", "json"].map((format) => ["history", file, "--format", format]),
      ...["md", "html", "json"].map((format) => ["report", file, "--format", format]),
      ...["text", "json"].map((format) => ["score", file, "--format", format]),
      ...["text", "json"].map((format) => ["what-if", file, "--weight-set", "equal", "--format", format]),
    ];
    for (const args of runs) {
      const result = await transcript(args);
      expect(result.exitCode, args.join(" ")).toBe(0);
      expect(result.stdout, args.join(" ")).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    }
  });
});

describe("user templates", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "templates-"));

  it.each([
    "{{constructor}}",
    "{{__proto__}}",
    "{{#each criteria}}{{constructor}}{{/each}}",
    "{{lookup this 'constructor'}}x{{missing}}",
    // A field named as a block helper's parameter, through lookup, or inside an array context.
    "{{#each critera}}row{{/each}}",
    "{{#if comentary}}yes{{/if}}",
    "{{#unless comentary}}no{{/unless}}",
    "{{#with years}}{{constructor}}{{/with}}",
    "{{#with years}}{{toString}}{{/with}}",
    "{{#each years}}{{lookup this 'hasOwnProperty'}}{{/each}}",
    "{{lookup years 9}}",
    "{{#each (lookup this 'critera')}}row{{/each}}",
    "{{#with latest}}{{#if ratingTxt}}x{{/if}}{{/with}}",
    "{{#each criteria as |c|}}{{#if c.comentary}}x{{/if}}{{/each}}",
  ])(
    "a field the view model lacks, or a prototype's, wherever it is named: %s is an error naming the template's file and line",
    (source) => {
      const dir = folder();
      writeFileSync(join(dir, "assessment.md.hbs"), `line one\n${source}\n`);
      const diagnostic = templateErrorOf(dir);
      expect([diagnostic.code, diagnostic.file, diagnostic.line]).toEqual(["template-error", join(dir, "assessment.md.hbs"), 2]);
    },
  );

  it("still renders every field that is there, through block parameters, lookup and helpers' parameters", () => {
    const dir = folder();
    writeFileSync(join(dir, "assessment.md.hbs"), '{{#each criteria as |c i|}}{{i}}:{{c.title}}={{lookup c "weight"}}{{#if c.commentary}}!{{/if}};{{/each}}\n{{#with latest as |l|}}{{l.rating}}{{/with}}\n');
    const { assessment: cambodia } = loadAssessment("assessments/mines/cambodia.yaml");
    const text = renderTable(cambodia!, { format: "md", templates: templatesFrom(dir) });
    expect(text).toBe(`${cambodia!.years[0]!.framework.criteria.map((c, i) => `${i}:${c.title}=${c.weight.toDecimal()}%!;`).join("")}\nGOOD\n`);
  });

  it("escapes for the output's format in every partial, whatever the partial's file is called", () => {
    const dir = folder();
    // A user's own partial without .html in its name, and the bundled Markdown table, used from an HTML template.
    writeFileSync(join(dir, "_row.hbs"), "<p>{{title}}: {{commentary}}</p>\n");
    writeFileSync(join(dir, "assessment.html.hbs"), "<main>{{#each criteria}}{{> row}}{{/each}}{{> assessment-table.md}}</main>\n");
    const html = renderTable(assessment!, { format: "html", templates: templatesFrom(dir) });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;window.__pwned &#x3D; 1&lt;/script&gt;");
    // The same partials used from a Markdown template are not HTML-escaped there: each output its own escaping.
    writeFileSync(join(dir, "assessment.md.hbs"), "{{#each criteria}}{{> row}}{{/each}}");
    const markdown = renderTable(assessment!, { format: "md", templates: templatesFrom(dir) });
    expect(markdown).toContain("&lt;script>window.__pwned = 1&lt;/script>");
  });

  it.each([
    ["a field looked up inside a text", "one\ntwo\nthree\nfour\n{{programme.length}}\n", 5, 13],
    ["a partial that is not there", "one\n  {{> nope}}\n", 2, 7],
    ["#each over a text", "one\n{{#each programme}}x{{/each}}\n", 2, 1],
    ["a log", "one\n{{log programme}}\n", 2, 1],
    ["this.c inside a loop whose block parameter is c", "{{#each criteria as |c|}}\n{{this.c.title}}{{/each}}\n", 2, 1],
  ])("names the line of %s", (_name, template, line, column) => {
    const dir = folder();
    writeFileSync(join(dir, "assessment.md.hbs"), template);
    const diagnostic = templateErrorOf(dir);
    expect([diagnostic.code, diagnostic.file, diagnostic.line]).toEqual(["template-error", join(dir, "assessment.md.hbs"), line]);
    if (column > 1) expect(diagnostic.column).toBe(column);
  });

  it("names the partial's own file and line for an error inside a partial", () => {
    const dir = folder();
    writeFileSync(join(dir, "_assessment-table.md.hbs"), readFileSync("templates/_assessment-table.md.hbs", "utf8").replace("{{title}}", "{{titel}}"));
    const diagnostic = templateErrorOf(dir);
    expect([diagnostic.file, diagnostic.line]).toEqual([join(dir, "_assessment-table.md.hbs"), 5]);
    expect(diagnostic.message).toContain("'titel'");
  });

  it("names the partial's own file and line for a partial that does not compile (compiled when first used)", () => {
    const dir = folder();
    writeFileSync(join(dir, "_assessment-table.md.hbs"), "ok\n{{#if latest}}\nunclosed\n{{/each}}\n");
    expect(() => renderTable(assessment!, { format: "md", templates: templatesFrom(dir) })).toThrow(/_assessment-table\.md\.hbs:2:\d+: template-error/);
  });

  it("names the file and line of a template that does not compile", () => {
    const dir = folder();
    writeFileSync(join(dir, "assessment.md.hbs"), "ok\nok\n{{#each criteria}}\nunclosed\n");
    expect(() => renderTable(assessment!, { format: "md", templates: templatesFrom(dir) })).toThrow(/assessment\.md\.hbs:\d+:\d+: template-error/);
  });
});

describe.skipIf(!CHROMIUM)("HTML in a real browser (headless Chromium)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string) {
    const file = join(mkdtempSync(join(tmpdir(), "html-")), "page.html");
    writeFileSync(file, html);
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    return { page, requests, problems };
  }

  it("shows hostile commentary as text: no injected element, no script run, nothing fetched", async () => {
    const { page, requests, problems } = await open(renderTable(assessment!, { format: "html" }));
    expect(await page.evaluate("window.__pwned")).toBeUndefined();
    expect(await page.locator("script, img, iframe, object, embed, b").count()).toBe(0);
    expect(await page.locator("td[onmouseover], [data-x]").count()).toBe(0);
    const cells = await page.locator("tbody tr td:last-child").allTextContents();
    expect(cells).toEqual(hostile.map((text) => text.replace(/\u0000/g, "").replace(/\r\n?/g, "\n")));
    expect(await page.locator("h1").textContent()).toBe(assessment!.programme);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the history chart without script or network", async () => {
    const { page, requests, problems } = await open(renderHistory(scoreAssessment(assessment!), frameworks.byId, { format: "html", templates: templatesFrom() }));
    expect(await page.locator("svg polyline").count()).toBe(1);
    expect(await page.locator("script").count()).toBe(0);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

it("keeps the hostile fixture hostile", () => {
  expect(readFileSync("test/fixtures/valid/hostile.yaml", "utf8")).toContain("<script>");
});
