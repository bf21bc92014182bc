import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Criterion, Framework } from "../model/model.js";
import type { PublishedRow, PublishedTable } from "./published-table.js";
import { quoteLine } from "./quote-line.js";
import { trimEndOf } from "./scan-text.js";

/** A table matched to a framework edition: each printed row's criterion. */
export interface RecognisedTable {
  framework: Framework;
  /** Parallel to `table.rows`. */
  criteria: Criterion[];
}

/**
 * What copies of a table differ in without meaning anything: case, hyphens and dashes, spacing, the "fi" ligature
 * split by PDF extraction ("Effi cient"), a trailing colon, and the spelling "program" for "programme". Wording
 * is not normalised here: the titles a criterion is printed under are the framework's data (`printed`).
 */
export function normaliseTitle(title: string): string {
  // A trailing colon or full stop goes first (a loop, not a pattern: a long run of them is linear to trim).
  return trimEndOf(title, ".:;,")
    .toLowerCase()
    .replace(/[‐‑‒–—―-]/g, " ")
    .replace(/(ffi|ffl|fi|fl|ff) (?=[a-z])/g, "$1")
    .replace(/\bprogramme\b/g, "program")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every title a criterion is known by, normalised: its own first, then those it is also printed under. */
function titlesOf(criterion: Criterion): string[] {
  return [criterion.title, ...(criterion.printed ?? [])].map(normaliseTitle);
}

interface Candidate {
  framework: Framework;
  criteria: (Criterion | undefined)[];
  /** Rows printed with the criterion's own title, rather than one of its other printed titles. */
  own: number;
  unmatchedRows: PublishedRow[];
  missing: Criterion[];
}

/**
 * Whether a row's printed weight, if it prints one, is exactly the criterion's: a printed 20.000000000000001% is
 * not 20%, whatever a double makes of it.
 */
function weighsAsPrinted(criterion: Criterion, row: PublishedRow): boolean {
  return row.weight === undefined || row.weight.cmp(criterion.weight) === 0;
}

function match(table: PublishedTable, framework: Framework): Candidate {
  const used = new Set<string>();
  const criteria = table.rows.map((row) => {
    const printed = normaliseTitle(row.title);
    const criterion = framework.criteria.find(
      (c) => !used.has(c.id) && titlesOf(c).includes(printed) && weighsAsPrinted(c, row),
    );
    if (criterion) used.add(criterion.id);
    return criterion;
  });
  const own = table.rows.filter((row, i) => criteria[i] && titlesOf(criteria[i]!)[0] === normaliseTitle(row.title)).length;
  return {
    framework,
    criteria,
    own,
    unmatchedRows: table.rows.filter((_, i) => !criteria[i]),
    missing: framework.criteria.filter((c) => !used.has(c.id)),
  };
}

export interface RecogniseOptions {
  /** `--framework`: use this edition, matching rows by position where their titles are not recognised. */
  forcedId?: string;
  /** The report edition the table comes from, when known (from its file's name): decides between editions that fit equally. */
  edition?: number;
}

/**
 * Finds the framework edition a table was scored under from its criterion titles (and weights, where printed).
 * An edition fits when every row is one of its criteria (by its title or a title it is also printed under) and
 * every criterion has a row; among those that fit, the one printed most with its own titles wins, then the one
 * that lists the table's edition. No fit, or a tie, is an error: never a guess.
 */
export function recogniseFramework(
  table: PublishedTable,
  frameworks: readonly Framework[],
  options: RecogniseOptions = {},
): { recognised?: RecognisedTable; diagnostics: Diagnostic[] } {
  const { forcedId, edition } = options;
  const pool = forcedId === undefined ? frameworks : frameworks.filter((f) => f.id === forcedId);
  if (pool.length === 0) {
    return { diagnostics: [diagnostic("unknown-framework", `no framework with id '${forcedId}' (known: ${frameworks.map((f) => f.id).sort().join(", ")})`, { file: table.file })] };
  }
  const candidates = pool.map((framework) => match(table, framework));
  const fitting = candidates.filter((c) => c.unmatchedRows.length === 0 && c.missing.length === 0).sort((a, b) => b.own - a.own);
  const best = fitting.filter((c) => c.own === fitting[0]?.own);
  const listingEdition = edition === undefined ? [] : best.filter((c) => c.framework.editions?.includes(edition));
  const chosen = best.length === 1 ? best[0] : listingEdition.length === 1 ? listingEdition[0] : undefined;
  if (chosen) return { recognised: { framework: chosen.framework, criteria: chosen.criteria as Criterion[] }, diagnostics: [] };
  const where = { file: table.file, line: table.rows[0]?.line ?? 1, column: table.rows[0]?.column ?? 1 };
  if (best.length > 1) {
    return {
      diagnostics: [diagnostic("import-ambiguous-edition", `the table fits ${best.map((c) => c.framework.id).join(" and ")} equally well; choose one with --framework`, where)],
    };
  }
  if (forcedId !== undefined) return matchByPosition(table, candidates[0]!);
  const nearest = [...candidates].sort(
    (a, b) => a.unmatchedRows.length + a.missing.length - (b.unmatchedRows.length + b.missing.length) || b.own - a.own,
  )[0]!;
  const diagnostics = [
    diagnostic(
      "import-no-edition",
      `the table matches no framework edition; the nearest is ${nearest.framework.id} (${nearest.framework.title})` +
        (nearest.missing.length ? `, which also needs: ${nearest.missing.map((c) => `"${c.title}"`).join(", ")}` : "") +
        (nearest.unmatchedRows.length ? `; lines that match none of its criteria follow` : ""),
      where,
    ),
    ...nearest.unmatchedRows.map((row) => {
      // A title that is one of the edition's, printed with another weight, says so: the weight is what differs.
      const titled = nearest.framework.criteria.find((c) => titlesOf(c).includes(normaliseTitle(row.title)));
      return diagnostic(
        "import-no-edition",
        titled && row.weight !== undefined && !weighsAsPrinted(titled, row)
          ? `${quoteLine(row.title)} is printed with the weight ${row.weight}%, but ${nearest.framework.id} weighs '${titled.id}' ${titled.weight}%`
          : `${quoteLine(row.title)}${row.weight !== undefined ? ` (${row.weight}%)` : ""} is not a criterion of ${nearest.framework.id}`,
        { file: table.file, line: row.line, column: row.column },
      );
    }),
  ];
  return { diagnostics };
}

/**
 * With `--framework`, a table whose titles are not all recognised is read by position when it has a row for
 * every criterion: each row is taken as the criterion in its place, with a warning for each title that is not one
 * of that criterion's. A row recognised as another criterion, or a printed weight that differs, means the rows are
 * not in the framework's order, and is an error.
 */
function matchByPosition(table: PublishedTable, candidate: Candidate): { recognised?: RecognisedTable; diagnostics: Diagnostic[] } {
  const { framework } = candidate;
  const at = (row: PublishedRow) => ({ file: table.file, line: row.line, column: row.column });
  if (table.rows.length !== framework.criteria.length) {
    return {
      diagnostics: [
        diagnostic(
          "import-no-edition",
          `the table has ${table.rows.length} rows, but ${framework.id} has ${framework.criteria.length} criteria; rows are matched by position only when there is one for each criterion`,
          { file: table.file, line: table.rows[0]?.line ?? 1, column: table.rows[0]?.column ?? 1 },
        ),
      ],
    };
  }
  const diagnostics = table.rows.flatMap((row, index) => {
    const criterion = framework.criteria[index]!;
    const printed = normaliseTitle(row.title);
    if (titlesOf(criterion).includes(printed) && weighsAsPrinted(criterion, row)) return [];
    const other = framework.criteria.find((c) => c !== criterion && titlesOf(c).includes(printed));
    if (other) {
      return [diagnostic("import-no-edition", `row ${index + 1}, ${quoteLine(row.title)}, is ${framework.id}'s '${other.id}', not '${criterion.id}', the criterion in its place; the rows are not in the framework's order`, at(row))];
    }
    if (!weighsAsPrinted(criterion, row)) {
      return [diagnostic("import-no-edition", `row ${index + 1}, ${quoteLine(row.title)}, is weighted ${row.weight}%, but '${criterion.id}', the criterion in its place, is ${criterion.weight.toString()}%`, at(row))];
    }
    return [
      diagnostic(
        "import-unrecognised-title",
        `row ${index + 1}, ${quoteLine(row.title)}, is not a title of '${criterion.id}' ("${criterion.title}"); it is taken as that criterion by its place (add the title to the criterion's 'printed' list in ${framework.id} to recognise it)`,
        at(row),
        "warning",
      ),
    ];
  });
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { recognised: { framework, criteria: [...framework.criteria] }, diagnostics };
}
