import { createRequire } from "node:module";
import HandlebarsRuntime from "handlebars/runtime.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CompiledTemplates, TemplateSource, TemplateSources } from "../load/template-files.js";
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
  private readonly compiled = new Map<string, { file: string; text: string; run: Compiled }>();

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
    // #each over a text or a number would silently loop over nothing; {{log}} would print nothing.
    const each = handlebars.helpers.each as (this: unknown, context: unknown, options: { loc?: unknown }) => string;
    handlebars.registerHelper("each", function (this: unknown, context: unknown, options: { loc?: unknown }) {
      if (context !== null && context !== undefined && typeof context !== "object") {
        throw new (HandlebarsRuntime as unknown as Handlebars).Exception(`#each goes over a list or a mapping, not a ${typeof context === "string" ? "text" : typeof context}`, { loc: options.loc } as never);
      }
      return each.call(this, context, options);
    });
    handlebars.registerHelper("log", (...args: unknown[]) => {
      const options = args.at(-1) as { loc?: unknown };
      throw new (HandlebarsRuntime as unknown as Handlebars).Exception("templates print into their output: {{log}} is not supported", { loc: options.loc } as never);
    });
    this.environments.set(format, handlebars);
    for (const { name, source } of this.sources.partials()) {
      if ("problem" in source) throw new TemplateError(source.problem);
      // Compiled when first used: a run uses a few of the partials there are (the workspace's are many).
      let run: ((context: unknown, options: unknown) => string) | undefined;
      // An error inside a partial names the partial's file and line, not the template that used it.
      handlebars.registerPartial(name, ((context: unknown, options: unknown) => {
        try {
          run ??= this.compile(handlebars, source.text, format) as unknown as (context: unknown, options: unknown) => string;
        } catch (error) {
          throw new TemplateError(error instanceof TemplateError ? error.diagnostic : templateDiagnostic(source.file, error));
        }
        try {
          return run(context, options);
        } catch (error) {
          if (error !== null && typeof error === "object") (error as Tagged)[IN_TEMPLATE] ??= source;
          throw error;
        }
      }) as unknown as Compiled);
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
      // A partial that does not compile has said so, naming itself.
      if (error instanceof TemplateError) throw error;
      const inPartial = error !== null && typeof error === "object" ? (error as Tagged)[IN_TEMPLATE] : undefined;
      throw new TemplateError(templateDiagnostic(inPartial?.file ?? template.file, error, inPartial?.text ?? template.text));
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

  private load(name: string, format: TemplateFormat): { file: string; text: string; run: Compiled } {
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
      throw new TemplateError(templateDiagnostic(source.file, error, source.text));
    }
    const loaded = { file: source.file, text: source.text, run };
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
  // `this.c.title` is the field c of the context, not the block parameter c.
  const scoped = /^(?:this\b|\.)/.test(String(path.original));
  return path.type === "PathExpression" && !path.data && !scoped && path.depth === 0 && parts !== undefined && parts.length > 1 && blockParams.includes(parts[0]!);
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

/**
 * A template's error as a diagnostic at the template's file, line and column. Handlebars gives the position of most
 * errors; where it does not (a field looked up inside a text, a partial that is not there), the first place the
 * template names that field or partial is given, as the most likely one.
 */
function templateDiagnostic(file: string, error: unknown, text?: string): Diagnostic {
  const { message, lineNumber, column } = error as { message: string; lineNumber?: number; column?: number };
  const parseLine = /Parse error on line (\d+)/.exec(message)?.[1];
  const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/s.exec(message);
  const inText = /Cannot use 'in' operator to search for '([^']+)'/.exec(message);
  const partial = /The partial (\S+) could not be found/.exec(message);
  const helper = /Missing helper: "([^"]+)"/.exec(message);
  let line = lineNumber ?? (parseLine ? Number(parseLine) : missing ? Number(missing[2]) : undefined);
  let col = column ?? (missing ? Number(missing[3]) : undefined);
  const named = inText?.[1] ?? partial?.[1] ?? helper?.[1];
  if (line === undefined && named !== undefined && text !== undefined) ({ line, column: col } = mentionOf(text, named, partial !== null));
  const words = missing
    ? `the template uses '${missing[1]}', which the view model does not have (see the README's view model fields)`
    : inText
      ? `the template looks up '${inText[1]}' inside a text or number, which has no fields`
      : helper
        ? `the template calls '${helper[1]}', which is not a helper (templates have each, if, unless, with and lookup)`
        : message.replace(/ - \d+:\d+$/, "").replace(/\n/g, " ").replace(/\s+/g, " ").trim();
  return diagnostic("template-error", words, { file, line: line ?? 1, column: (col ?? 0) + 1 });
}

/** Where a template first names `name` inside `{{ … }}` (after `>` for a partial): line (1-based) and column (0-based). */
function mentionOf(text: string, name: string, asPartial: boolean): { line?: number; column?: number } {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const found = new RegExp(String.raw`\{\{[^}]*?${asPartial ? ">\\s*" : "(?<![\\w-])"}(${escaped})(?![\w-])`).exec(text);
  if (!found) return {};
  const at = found.index + found[0].length - found[1]!.length;
  const before = text.slice(0, at);
  return { line: before.split("\n").length, column: at - (before.lastIndexOf("\n") + 1) };
}

/** The template an error happened in, when it was a partial: set by the partial, read by the one rendering. */
const IN_TEMPLATE = Symbol("template");

type Tagged = { [IN_TEMPLATE]?: TemplateSource };
