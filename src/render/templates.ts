import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import HandlebarsRuntime from "handlebars/runtime.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { cacheKey, readCache, writeCache } from "../load/cache.js";
import { bundledTemplatesDir } from "../paths.js";
import { escapers, stripControlCharacters, templateInput, type TextFormat } from "./escape.js";

/** The formats templates are written for; the name ends every template file: `assessment.md.hbs`. */
export type TemplateFormat = TextFormat | "html";

/** A template that could not be found, compiled or run, as a diagnostic naming the template file and line. */
export class TemplateError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(`${diagnostic.file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.code}: ${diagnostic.message}`);
  }
}

type Compiled = (view: unknown) => string;

/**
 * Templates looked up first in the user's folder (if any), then in the bundled templates/. Each is compiled once,
 * in strict mode: a field the view model lacks is an error, never a silent blank. One isolated Handlebars
 * environment; prototype access stays off (Handlebars' default).
 */
export class Templates {
  private readonly handlebars = (HandlebarsRuntime as unknown as typeof import("handlebars")).create();
  private readonly compiled = new Map<string, { file: string; run: Compiled }>();
  private readonly folders: string[];
  private partialsRegistered = false;

  constructor(userFolder?: string) {
    this.folders = userFolder ? [userFolder, bundledTemplatesDir()] : [bundledTemplatesDir()];
  }

  /**
   * Files named `_NAME.FORMAT.hbs` are partials, used as `{{> NAME.FORMAT}}` (the assessment table is one, shared
   * by the assessment page and the report). The user's folder wins over the bundled one.
   */
  private registerPartials(): void {
    if (this.partialsRegistered) return;
    this.partialsRegistered = true;
    for (const folder of [...this.folders].reverse()) {
      let names: string[] = [];
      try {
        names = readdirSync(folder).filter((name) => /^_.+\.hbs$/.test(name));
      } catch {
        continue; // a missing user folder shows up as a missing template
      }
      for (const name of names) {
        const file = join(folder, name);
        const partial = name.slice(1, -".hbs".length);
        try {
          this.handlebars.registerPartial(partial, this.compile(readFileSync(file, "utf8"), partial.endsWith(".html") ? "html" : "txt"));
        } catch (error) {
          throw new TemplateError(templateDiagnostic(file, error));
        }
      }
    }
  }

  /**
   * Renders `name.format.hbs` over `view`. For every format but HTML, each text in the view is first escaped for
   * that format; HTML templates escape as they print.
   */
  render(name: string, format: TemplateFormat, view: unknown): string {
    this.registerPartials();
    const template = this.load(name, format);
    // HTML templates escape markup as they print; control characters are dropped here, as for every format.
    const input = templateInput(view, format === "html" ? stripControlCharacters : escapers[format]);
    try {
      return template.run(input);
    } catch (error) {
      throw new TemplateError(templateDiagnostic(template.file, error));
    }
  }

  /**
   * Compiled once per template text: the precompiled form is kept in the content cache, so an unchanged template
   * is neither parsed again nor needs Handlebars' compiler, which is loaded only on a miss (the runtime is enough to
   * run a precompiled template). Syntax errors surface here, so they name the template.
   */
  private compile(source: string, format: TemplateFormat): Compiled {
    const options = { strict: true, noEscape: format !== "html" };
    const key = cacheKey("template", JSON.stringify(options), source);
    let spec = readCache<string>(key);
    if (spec === undefined) {
      spec = compiler().precompile(source, options) as string;
      writeCache(key, spec);
    }
    return this.handlebars.template(new Function(`return ${spec}`)()) as Compiled;
  }

  private load(name: string, format: TemplateFormat): { file: string; run: Compiled } {
    const key = `${name}.${format}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const fileName = `${key}.hbs`;
    const file = this.folders.map((folder) => join(folder, fileName)).find((candidate) => existsSync(candidate));
    if (!file) {
      throw new TemplateError(
        diagnostic("template-missing", `no template ${fileName} in ${this.folders.join(" or ")}`, { file: this.folders[0]! }),
      );
    }
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch (error) {
      throw new TemplateError(diagnostic("template-missing", `cannot read ${fileName}: ${(error as Error).message}`, { file }));
    }
    let run: Compiled;
    try {
      run = this.compile(source, format);
    } catch (error) {
      throw new TemplateError(templateDiagnostic(file, error));
    }
    const loaded = { file, run };
    this.compiled.set(key, loaded);
    return loaded;
  }
}

/** Handlebars with its compiler, from the installed package, loaded the first time a template must be compiled. */
function compiler(): { precompile(source: string, options: object): unknown } {
  return createRequire(import.meta.url)("handlebars") as { precompile(source: string, options: object): unknown };
}

function templateDiagnostic(file: string, error: unknown): Diagnostic {
  const { message, lineNumber, column } = error as { message: string; lineNumber?: number; column?: number };
  const parseLine = /Parse error on line (\d+)/.exec(message)?.[1];
  const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/s.exec(message);
  const inText = /Cannot use 'in' operator to search for '([^']+)'/.exec(message);
  const line = lineNumber ?? (parseLine ? Number(parseLine) : missing ? Number(missing[2]) : 1);
  const col = (column ?? (missing ? Number(missing[3]) : 0)) + 1;
  const text = missing
    ? `the template uses '${missing[1]}', which the view model does not have (see the README's view model fields)`
    : inText
      ? `the template looks up '${inText[1]}' inside a text or number, which has no fields`
      : message.replace(/ - \d+:\d+$/, "").replace(/\n/g, " ").replace(/\s+/g, " ").trim();
  return diagnostic("template-error", text, { file, line, column: col });
}
