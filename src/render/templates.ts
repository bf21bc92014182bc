import { createRequire } from "node:module";
import HandlebarsRuntime from "handlebars/runtime.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CompiledTemplates, TemplateSources } from "../load/template-files.js";
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

type Handlebars = typeof import("handlebars");

/** Above Handlebars' highest log level (3, error): nothing is logged. */
const SILENT = 4;

/**
 * Templates from their sources, each compiled once, in strict mode: a field the view model lacks is an error,
 * never a silent blank, wherever the template names it (printed, as a block helper's parameter such as
 * `{{#each critera}}`, or through `lookup`). Each output format has its own isolated Handlebars environment, so
 * that partials are compiled for the format of the template that uses them: escaped for HTML, as the text was
 * escaped for the others. Prototype access stays off (Handlebars' default).
 */
export class Templates {
  private readonly environments = new Map<TemplateFormat, Handlebars>();
  private readonly compiled = new Map<string, { file: string; run: Compiled }>();

  constructor(
    private readonly sources: TemplateSources,
    /** Compiled templates from earlier runs: an unchanged template then needs neither parsing nor the compiler. */
    private readonly cache?: CompiledTemplates,
  ) {}

  /** The environment for one output format, with every partial compiled for it. */
  private environment(format: TemplateFormat): Handlebars {
    const existing = this.environments.get(format);
    if (existing) return existing;
    const handlebars = (HandlebarsRuntime as unknown as Handlebars).create();
    // Handlebars would print its own warnings (a denied prototype property) and templates' {{log}} to the console;
    // a template's problems are diagnostics, and templates only print into their output.
    handlebars.logger.level = SILENT;
    handlebars.registerHelper("lookup", strictLookup);
    this.environments.set(format, handlebars);
    for (const { name, source } of this.sources.partials()) {
      if ("problem" in source) throw new TemplateError(source.problem);
      try {
        handlebars.registerPartial(name, this.compile(handlebars, source.text, format));
      } catch (error) {
        throw new TemplateError(error instanceof TemplateError ? error.diagnostic : templateDiagnostic(source.file, error));
      }
    }
    return handlebars;
  }

  /**
   * Renders `name.format.hbs` over `view`. For every format but HTML, each text in the view is first escaped for
   * that format; HTML templates escape as they print.
   */
  render(name: string, format: TemplateFormat, view: unknown): string {
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
   * Compiled once per template text and format: the precompiled form is kept in the cache given, so an unchanged
   * template is neither parsed again nor needs Handlebars' compiler, which is loaded only on a miss (the runtime is
   * enough to run a precompiled template). Syntax errors surface here, so they name the template.
   */
  private compile(handlebars: Handlebars, source: string, format: TemplateFormat): Compiled {
    const options = { strict: true, noEscape: format !== "html" };
    const key = `strict-parameters\0${JSON.stringify(options)}\0${source}`;
    let spec = this.cache?.get(key);
    if (spec === undefined) {
      const handlebarsCompiler = compiler();
      spec = handlebarsCompiler.precompile(strictParameters(handlebarsCompiler.parse(source)), options) as string;
      this.cache?.set(key, spec);
    }
    return handlebars.template(new Function(`return ${spec}`)()) as Compiled;
  }

  private load(name: string, format: TemplateFormat): { file: string; run: Compiled } {
    const key = `${name}.${format}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const handlebars = this.environment(format);
    const fileName = `${key}.hbs`;
    const source = this.sources.template(fileName);
    if (!source) {
      throw new TemplateError(diagnostic("template-missing", `no template ${fileName} in ${this.sources.places.join(" or ")}`, { file: this.sources.places[0] ?? fileName }));
    }
    if ("problem" in source) throw new TemplateError(source.problem);
    let run: Compiled;
    try {
      run = this.compile(handlebars, source.text, format);
    } catch (error) {
      throw new TemplateError(templateDiagnostic(source.file, error));
    }
    const loaded = { file: source.file, run };
    this.compiled.set(key, loaded);
    return loaded;
  }
}

/**
 * `lookup`, strictly: looking up a field or an item that is not there is an error, as a missing field printed
 * directly is in strict mode. Only own fields count, never those of JavaScript's prototypes.
 */
function strictLookup(object: unknown, field: unknown, options: { loc?: unknown; lookupProperty(parent: unknown, name: unknown): unknown }): unknown {
  if (object === null || typeof object !== "object" || !Object.hasOwn(object, String(field))) {
    throw new (HandlebarsRuntime as unknown as Handlebars).Exception(`"${String(field)}" not defined in ${object === null || typeof object !== "object" ? String(object) : "the view model"}`, { loc: options.loc } as never);
  }
  return options.lookupProperty(object, field);
}

type Node = { type: string; loc?: unknown; [key: string]: unknown };

/**
 * Makes every field a template names strict, as Handlebars' strict mode does only for fields printed directly:
 * - a field named as a helper's parameter or hash value (`{{#each criteria}}`, `{{#if commentary}}`) is marked for
 *   a strict lookup;
 * - a field reached through a block parameter (`{{#each criteria as |c|}}{{c.title}}`), which Handlebars never
 *   looks up strictly, becomes a strict `lookup` of each part (`lookup c "title"`).
 * Otherwise a misspelt field would be a silent undefined: an empty loop, a false condition, a blank.
 */
function strictParameters<T>(program: T): T {
  const visit = (node: unknown, blockParams: readonly string[]): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, blockParams));
    if (node === null || typeof node !== "object") return;
    const current = node as Node;
    const inScope = [...blockParams, ...((current.type === "Program" && (current.blockParams as string[] | undefined)) || [])];
    if ((current.type === "MustacheStatement" || current.type === "SubExpression") && isBlockParamPath(current.path, inScope) && !hasOperands(current)) {
      // `{{c.title}}` prints `lookup c "title"`, a helper call with operands, made strict below.
      const lookup = lookupParts(current.path as Node);
      current.path = lookup.path;
      current.params = lookup.params;
    }
    const params = (current.params as Node[] | undefined) ?? [];
    const pairs = (current.hash as { pairs?: { value: Node }[] } | undefined)?.pairs ?? [];
    params.forEach((param, index) => (params[index] = strictOperand(param, inScope)));
    for (const pair of pairs) pair.value = strictOperand(pair.value, inScope);
    for (const [key, value] of Object.entries(current)) if (key !== "loc" && value !== null && typeof value === "object") visit(value, inScope);
  };
  visit(program, []);
  return program;
}

function hasOperands(node: Node): boolean {
  return ((node.params as unknown[] | undefined)?.length ?? 0) > 0 || node.hash !== undefined;
}

/** A path that starts at a block parameter and goes further into it: `c.title`. */
function isBlockParamPath(node: unknown, blockParams: readonly string[]): boolean {
  const path = node as Node;
  const parts = path.parts as string[] | undefined;
  return path.type === "PathExpression" && !path.data && path.depth === 0 && parts !== undefined && parts.length > 1 && blockParams.includes(parts[0]!);
}

function strictOperand(operand: Node, blockParams: readonly string[]): Node {
  if (isBlockParamPath(operand, blockParams)) {
    const { path, params } = lookupParts(operand);
    return { type: "SubExpression", path, params, loc: operand.loc };
  }
  if (operand.type === "PathExpression") operand.strict = true;
  return operand;
}

/** `c.a.b` as the operands of `lookup (lookup c "a") "b"`. */
function lookupParts(path: Node): { path: Node; params: Node[] } {
  const parts = path.parts as string[];
  const pathTo = (name: string): Node => ({ type: "PathExpression", data: false, depth: 0, parts: [name], original: name, loc: path.loc });
  const text = (value: string): Node => ({ type: "StringLiteral", value, original: value, loc: path.loc });
  let target: Node = pathTo(parts[0]!);
  for (const part of parts.slice(1, -1)) target = { type: "SubExpression", path: pathTo("lookup"), params: [target, text(part)], loc: path.loc };
  return { path: pathTo("lookup"), params: [target, text(parts.at(-1)!)] };
}

/** Handlebars with its compiler, from the installed package, loaded the first time a template must be compiled. */
function compiler(): { parse(source: string): unknown; precompile(source: unknown, options: object): unknown } {
  return createRequire(import.meta.url)("handlebars") as { parse(source: string): unknown; precompile(source: unknown, options: object): unknown };
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
