import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { compiledTemplateCache } from "../load/cache.js";
import { displayPath } from "../load/paths.js";
import { readSource } from "../load/read-source.js";
import { readTemplateFolders } from "../load/template-files.js";
import type { Assessment } from "../model/model.js";
import type { SourceText } from "../parse/parse-yaml.js";
import { Templates } from "../render/templates.js";
import type { FrameworkSet } from "../validate/validate-frameworks.js";
import { loadAssessmentCached } from "./load-cached.js";
import type { LoadReport } from "./load-files.js";
import type { SourceOptions } from "./output-options.js";

/*
 * The YAML parser and zod are loaded only when a task needs them (import() below): a run whose input the content
 * cache already knows starts without them, which is most of its start-up time.
 */
const loaders = () => import("./load-files.js");

/** Frameworks as loaded: the valid ones by id, their files, and what was wrong with them. */
export type LoadedFrameworks = FrameworkSet & LoadReport & { files: string[] };

/** One assessment as loaded: present only without errors (its own or its frameworks'). */
export interface LoadedAssessment extends LoadReport {
  assessment?: Assessment;
  frameworks: FrameworkSet;
}

/**
 * What the tasks of one run share: where frameworks and templates come from, and, once loaded, the frameworks and
 * the compiled templates. A long-lived front end (watch, the server) keeps one while nothing changes, and makes a
 * new one when a framework or a template does; a command line run makes one and drops it.
 */
export class TaskContext {
  private loadedFrameworks?: LoadedFrameworks;
  private loadedTemplates?: Templates;
  /** Assessments checked by this context, by file, with the text they were checked from (see `remember`). */
  private readonly checked = new Map<string, { text: string; loaded: LoadedAssessment }>();

  constructor(
    readonly options: SourceOptions = {},
    /**
     * How many checked assessments to keep, each until its file's text changes: a server shows one file in several
     * parts (a page, its table, its comparison, its history), each a task, and checks it once. None by default: a
     * batch reads each file once.
     */
    private readonly remember = 0,
  ) {}

  /** The frameworks of the criteria folder (or file), read and checked on first use. */
  async frameworks(): Promise<LoadedFrameworks> {
    this.loadedFrameworks ??= (await loaders()).loadFrameworks(this.options.criteria ? { criteriaDir: this.options.criteria } : {});
    return this.loadedFrameworks;
  }

  /** The templates: the user's folder first, then the bundled ones; compiled ones come from the content cache. */
  templates(): Templates {
    this.loadedTemplates ??= new Templates(readTemplateFolders(this.options.templates), compiledTemplateCache());
    return this.loadedTemplates;
  }

  /**
   * One assessment with the frameworks it is scored under. Through the content cache, unless this context has
   * loaded the frameworks already (a batch, watch): then those are used, and nothing is read twice.
   */
  async assessment(
    file: string,
    /** The file as read already (a batch hashes it first), when it is: then it is not read again. */
    read?: { source?: SourceText; diagnostics: Diagnostic[] },
  ): Promise<LoadedAssessment> {
    const options = this.options.criteria ? { criteriaDir: this.options.criteria } : {};
    if (!this.loadedFrameworks) return loadAssessmentCached(file, options);
    if (this.remember === 0) {
      // The frameworks' own problems are then the caller's to report, once per run: these are the assessment's.
      return (await loaders()).loadAssessment(file, options, this.loadedFrameworks, read);
    }
    // Read once, and checked again only if the text is not the one checked last (the same bytes give the same result).
    const source = read ?? readSource(displayPath(file));
    const text = source.source?.text;
    const known = this.checked.get(file);
    if (text !== undefined && known?.text === text) return known.loaded;
    const loaded = (await loaders()).loadAssessment(file, options, this.loadedFrameworks, source);
    if (text !== undefined) {
      this.checked.delete(file);
      this.checked.set(file, { text, loaded });
      // The least recently checked goes first.
      if (this.checked.size > this.remember) this.checked.delete(this.checked.keys().next().value!);
    }
    return loaded;
  }
}
