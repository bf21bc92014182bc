import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Criterion, Framework } from "../model.js";
import type { PublishedRow, PublishedTable } from "./published-table.js";

/** A table matched to a framework edition: each printed row's criterion. */
export interface RecognisedTable {
  framework: Framework;
  /** Parallel to `table.rows`. */
  criteria: Criterion[];
}

/**
 * What copies of a table differ in without meaning anything: case, hyphens and dashes, spacing, the "fi" ligature
 * split by PDF extraction ("Effi cient"), a trailing colon.
 */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[‐‑‒–—―-]/g, " ")
    .replace(/(ffi|ffl|fi|fl|ff) (?=[a-z])/g, "$1")
    .replace(/[.:;,]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Wording that differs between editions and copies of the same criterion: "program"/"programme", "mine
 * clearance"/"clearance", "anti-personnel"/"AP", "cluster munition"/"CMR", "Land release system (in place)".
 * Matching at this level finds the criterion; the closer level above decides between editions.
 */
export function looseTitle(title: string): string {
  return normaliseTitle(title)
    .replace(/\bprogramme\b/g, "program")
    .replace(/\banti personnel\b/g, "ap")
    .replace(/\bcluster munition remnants?\b|\bcluster munitions?\b/g, "cmr")
    .replace(/\bmine clearance\b/g, "clearance")
    .replace(/ in place$/, "")
    .trim();
}

interface Candidate {
  framework: Framework;
  criteria: (Criterion | undefined)[];
  /** Rows matching closely (normaliseTitle) rather than only loosely. */
  close: number;
  unmatchedRows: PublishedRow[];
  missing: Criterion[];
}

function match(table: PublishedTable, framework: Framework): Candidate {
  const used = new Set<string>();
  const criteria = table.rows.map((row) => {
    const loose = looseTitle(row.title);
    const criterion = framework.criteria.find(
      (c) => !used.has(c.id) && looseTitle(c.title) === loose && (row.weight === undefined || c.weight.toNumber() === row.weight),
    );
    if (criterion) used.add(criterion.id);
    return criterion;
  });
  const close = table.rows.filter((row, i) => criteria[i] && normaliseTitle(criteria[i]!.title) === normaliseTitle(row.title)).length;
  return {
    framework,
    criteria,
    close,
    unmatchedRows: table.rows.filter((_, i) => !criteria[i]),
    missing: framework.criteria.filter((c) => !used.has(c.id)),
  };
}

/**
 * Finds the framework edition a table was scored under from its criterion names (and weights, where printed).
 * An edition fits when every row is one of its criteria and every criterion has a row; among those that fit, the
 * one whose titles match most closely wins. No fit, or a tie, is an error: never a guess.
 */
export function recogniseFramework(
  table: PublishedTable,
  frameworks: readonly Framework[],
  forcedId?: string,
): { recognised?: RecognisedTable; diagnostics: Diagnostic[] } {
  const pool = forcedId === undefined ? frameworks : frameworks.filter((f) => f.id === forcedId);
  if (pool.length === 0) {
    return { diagnostics: [diagnostic("unknown-framework", `no framework with id '${forcedId}' (known: ${frameworks.map((f) => f.id).sort().join(", ")})`, { file: table.file })] };
  }
  const candidates = pool.map((framework) => match(table, framework));
  const fitting = candidates.filter((c) => c.unmatchedRows.length === 0 && c.missing.length === 0).sort((a, b) => b.close - a.close);
  const [best, second] = fitting;
  if (best && !(second && second.close === best.close)) {
    return { recognised: { framework: best.framework, criteria: best.criteria as Criterion[] }, diagnostics: [] };
  }
  const where = { file: table.file, line: table.rows[0]?.line ?? 1, column: table.rows[0]?.column ?? 1 };
  if (best && second) {
    const tied = fitting.filter((c) => c.close === best.close).map((c) => c.framework.id);
    return {
      diagnostics: [diagnostic("import-ambiguous-edition", `the table fits ${tied.join(" and ")} equally well; choose one with --framework`, where)],
    };
  }
  const nearest = [...candidates].sort(
    (a, b) => a.unmatchedRows.length + a.missing.length - (b.unmatchedRows.length + b.missing.length) || b.close - a.close,
  )[0]!;
  const diagnostics = [
    diagnostic(
      "import-no-edition",
      `the table matches no framework edition; the nearest is ${nearest.framework.id} (${nearest.framework.title})` +
        (nearest.missing.length ? `, which also needs: ${nearest.missing.map((c) => `"${c.title}"`).join(", ")}` : "") +
        (nearest.unmatchedRows.length ? `; lines that match none of its criteria follow` : ""),
      where,
    ),
    ...nearest.unmatchedRows.map((row) =>
      diagnostic(
        "import-no-edition",
        `"${row.title}"${row.weight !== undefined ? ` (${row.weight}%)` : ""} is not a criterion of ${nearest.framework.id}`,
        { file: table.file, line: row.line, column: row.column },
      ),
    ),
  ];
  return { diagnostics };
}
