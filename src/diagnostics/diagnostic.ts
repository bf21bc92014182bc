/**
 * A problem found in the user's input, as data. Codes are stable: tests and users branch on them, never on the
 * message text. Positions are 1-based and point at the offending YAML node itself.
 */
export type Severity = "error" | "warning";

export type DiagnosticPath = readonly (string | number)[];

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  /** Where in the document the problem is, as keys from the root (`["years", "2024", "criteria", "gender"]`). */
  path: DiagnosticPath;
}

/** Every diagnostic code, with what it means. The README's table of codes is this list. */
export const DIAGNOSTIC_CODES = {
  "file-unreadable": "an input file or folder cannot be read (missing, no permission, not a regular file)",
  "file-too-large": "an input file is over the size limit for one assessment or framework",
  "not-utf8": "an input file is not UTF-8 text",
  "folder-skipped":
    "warning: a folder that is not read: a symlink back to a folder being read (a loop) or to a folder holding the one given (`..`, `/`), a folder of /proc or /sys, one nested too deep, or the rest of a folder past 100,000 files and folders",
  "empty-file": "the file holds no YAML document, or only comments and whitespace",
  "yaml-syntax": "the text is not well-formed YAML",
  "duplicate-key": "the same key appears twice in one mapping",
  "unsupported-tag": "a YAML tag (such as !!js/function) that this tool does not accept",
  "yaml-alias-limit": "aliases expand to more nodes than allowed (an alias bomb)",
  "yaml-too-deep": "the data nests deeper than any assessment or framework needs",
  "unknown-document": "a YAML file that is neither a framework nor an assessment",
  "unknown-key": "a key the schema does not have (often a misspelling)",
  "missing-key": "a required key is absent",
  "wrong-type": "a value of the wrong type (text where a number belongs, a list where a mapping belongs, …)",
  "invalid-value": "a value of the right type that the schema does not allow (empty text, unknown option, …)",
  "duplicate-framework": "two framework files declare the same id",
  "duplicate-criterion": "a framework lists the same criterion id twice",
  "duplicate-name": "a framework lists two weight sets with one id, or two bands with one label",
  "weights-total": "a framework's criterion weights do not add up to 100%",
  "scale-invalid": "a framework's score scale is empty or its step does not divide it",
  "bands-order": "rating bands are not listed from the highest lower bound to the lowest",
  "bands-overlap": "two rating bands have the same lower bound",
  "band-out-of-range": "a rating band's lower bound lies outside the score scale",
  "band-precision": "a rating band's lower bound has more decimals than averages are rounded to",
  "lineage-conflict": "two criteria of an edition continue the same earlier criterion",
  "lineage-cycle": "an edition's 'continues' chain leads back to itself",
  "bands-gap": "the lowest rating band starts above the bottom of the scale, so some averages get no rating",
  "unknown-framework": "an assessment names a framework that no framework file declares",
  "framework-invalid": "an assessment uses a framework whose file has errors",
  "no-years": "an assessment has no scored year",
  "invalid-year": "a year that is not a four-digit year",
  "missing-criterion": "a year leaves out a criterion of its framework",
  "unknown-criterion": "a year scores a criterion its framework does not have",
  "unscored": "a criterion has no score, and the framework does not allow unscored criteria",
  "score-out-of-range": "a score outside the framework's scale",
  "score-format": "a score written other than as a plain number (0x7, 1e1, 007, or 7.0 on a whole-number scale), or with too many digits",
  "number-format": "a weight, scale, band or printed average not written as a plain decimal number (0x14, 1e1, .5, +7), or with too many digits; an edition or rounding's `decimals` not written as a plain whole number (2024.0, 0x7E8, 1e0)",
  "score-off-step": "a score that is not a whole number (or not on the framework's step)",
  "published-mismatch": "warning: the printed average differs from the one recomputed from the scores",
  "published-rating-mismatch": "warning: the printed rating differs from the band of the recomputed average",
  "published-rating-unknown": "warning: the printed rating is not one of the framework's band labels",
  "unexplained-change": "warning: a score changed from the previous year and its commentary is empty (where the framework asks for one)",
  "import-unrecognised-layout": "import: the text holds no performance table in a layout the importer reads",
  "import-bad-row": "import: a table row whose scores cannot be read, a printed score that is not on the framework's scale, or a printed number longer than any score (more than 30 characters)",
  "import-no-edition": "import: the table's criteria match no framework edition (the nearest is named)",
  "import-ambiguous-edition": "import: the table fits two framework editions equally well",
  "import-no-year": "import: the table prints no year and --year was not given",
  "import-year-conflict": "import: the same year is imported twice with different scores and no later publication decides, or --year contradicts the table",
  "import-conflict": "warning: import: two sources give a year different scores; the later publication's are kept, or the year on file is left as it is",
  "import-unrecognised-title": "warning: import: with --framework, a row whose title is not one of its criterion's printed titles, taken as that criterion by its place",
  "import-year-exists": "import: the assessment already has that year (replace it with --force)",
  "import-no-programme": "import: the programme's name is neither printed nor given with --programme",
  "import-target-invalid": "import: the assessment to import into is broken or not an assessment, so it is left untouched",
  "missing-year": "a year asked for (--years, --year) that an assessment of a batch does not have",
  "output-clash": "two inputs of a batch would be written to one output file",
  "template-error": "a template cannot be compiled, or uses a field the view model does not have",
  "template-missing": "no template for the requested output",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Position {
  line: number;
  column: number;
}

/** Where a diagnostic points: a file, a line and column in it, and the path of keys to the node. */
export interface Place extends Position {
  file: string;
  path: DiagnosticPath;
}

/**
 * Where the nodes of a checked file are and how they were written: what a stage after validation (the printed
 * average checked against the scores, a change without commentary) needs to point its diagnostics at the file.
 */
export interface Locator {
  /** The place of the node at `path`, or of its key. */
  at(path: DiagnosticPath, target?: "key" | "value"): Place;
  /** The text a scalar at `path` was written as (`7.20`), when it is one. */
  written(path: DiagnosticPath): string | undefined;
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  where: { file: string; line?: number; column?: number; path?: DiagnosticPath },
  severity: Severity = "error",
): Diagnostic {
  return {
    code,
    severity,
    message,
    file: where.file,
    line: where.line ?? 1,
    column: where.column ?? 1,
    path: where.path ?? [],
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** File order first, then position, so listings are stable whatever order the checks ran in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
