import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Fraction } from "../model/fraction.js";
import type { Criterion, Framework } from "../model/model.js";
import type { SourceText } from "../parse/parse-yaml.js";
import type { WrittenAssessmentYear } from "../validate/assessment-schema.js";
import { LAYOUT_SOURCE_NAMES, type PublishedTable } from "./published-table.js";
import { readPublishedTable } from "./read-published-table.js";
import { recogniseFramework } from "./recognise-framework.js";
import { quoteLine } from "./quote-line.js";
import { readTableFileName, type TableFileName } from "./table-file-name.js";

export interface ReadOptions {
  /** The assessed year of a table that prints none; its latest column's year. */
  year?: number;
  /** Skip recognition and use this framework edition. */
  frameworkId?: string;
  /** Where the tables were published, kept as each year's `source`. */
  source?: string;
}

/**
 * A year as imported: a year of an assessment as written, with every number exact, as printed (a score printed
 * 7.49999999999999999 is written so, never as the double 7.5).
 */
export type ImportedYearData = Omit<WrittenAssessmentYear, "criteria" | "published"> & {
  criteria: Record<string, { score: Fraction; commentary?: string }>;
  published?: { average?: Fraction; rating?: string };
};

/** One year of one table, ready to be written: its data as a year of an assessment, and where it came from. */
export interface ImportedYear {
  year: number;
  framework: Framework;
  data: ImportedYearData;
  /** The table's file, and the line of its first row. */
  file: string;
  line: number;
  /** The year the table was published, when its file's name says so: decides between sources that disagree. */
  edition?: number;
}

/** A table read, recognised and dated. */
export interface ImportedTable {
  file: string;
  table: PublishedTable;
  framework: Framework;
  fileName?: TableFileName;
  /** Latest first. */
  years: ImportedYear[];
}

/**
 * Reads each input as a published table, recognises its framework edition and dates its years. A year the table
 * prints is taken as printed; otherwise `--year`; otherwise, for a file named by the convention
 * (`iraq-ctm2021.txt`) whose edition used the table's framework, the year before the edition, marked `inferred`.
 * Each year's source is `--source`, or the publication and layout ("Clearing the Mines 2021 (web page)") when the
 * file's name and the framework say them, or else the file's name.
 */
export function readTables(inputs: readonly SourceText[], frameworks: readonly Framework[], options: ReadOptions = {}): { tables: ImportedTable[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const tables: ImportedTable[] = [];
  for (const input of inputs) {
    const { table, diagnostics: found } = readPublishedTable(input.text, input.file);
    for (const d of found) diagnostics.push(d);
    if (!table) continue;
    const fileName = readTableFileName(input.file);
    const { recognised, diagnostics: unmatched } = recogniseFramework(table, frameworks, {
      ...(options.frameworkId !== undefined && { forcedId: options.frameworkId }),
      ...(fileName && { edition: fileName.edition }),
    });
    for (const d of unmatched) diagnostics.push(d);
    if (!recognised) continue;
    const { framework } = recognised;
    const offScale = scoresOffScale(table, recognised.criteria, framework);
    for (const d of offScale) diagnostics.push(d);
    if (offScale.length > 0) continue;
    const dated = datesOf(table, framework, fileName, options.year, diagnostics);
    if (!dated) continue;
    const published = fileName && framework.publication !== undefined ? `${framework.publication} ${fileName.edition}` : undefined;
    const source = options.source ?? (published ? `${published} (${LAYOUT_SOURCE_NAMES[table.layout]})` : baseName(table.file));
    const ids = recognised.criteria.map((c) => c.id);
    tables.push({
      file: input.file,
      table,
      framework,
      ...(fileName && { fileName }),
      years: dated.years.map((year, column) => ({
        year,
        framework,
        data: yearData(table, ids, column, source, dated.inferred),
        file: table.file,
        line: table.rows[0]?.line ?? 1,
        ...(fileName && { edition: fileName.edition }),
      })),
    });
  }
  return { tables, diagnostics };
}

/** The table's years, latest first, and whether they were inferred from its edition. */
function datesOf(
  table: PublishedTable,
  framework: Framework,
  fileName: TableFileName | undefined,
  year: number | undefined,
  diagnostics: Diagnostic[],
): { years: number[]; inferred: boolean } | undefined {
  const where = { file: table.file, line: table.rows[0]?.line ?? 1, column: 1 };
  if (table.years.length > 0) {
    if (year !== undefined && year !== table.years[0]) {
      diagnostics.push(diagnostic("import-year-conflict", `the table prints ${table.years.join(" and ")}, but --year says ${year}; leave --year out`, where));
      return undefined;
    }
    return { years: table.years, inferred: false };
  }
  const columns = (latest: number) => Array.from({ length: table.columns }, (_, i) => latest - i);
  if (year !== undefined) return { years: columns(year), inferred: false };
  if (fileName && framework.editions?.includes(fileName.edition) !== false) return { years: columns(fileName.edition - 1), inferred: true };
  if (fileName) {
    // A page kept from an earlier edition: its table is not that edition's assessment, so its year cannot be inferred.
    diagnostics.push(
      diagnostic(
        "import-no-year",
        `the file's name says the ${fileName.edition} edition, but its table is scored under ${framework.id}, which the ${framework.editions!.join(", ")} editions used: the page was probably not updated for ${fileName.edition}; give the assessed year with --year`,
        where,
      ),
    );
    return undefined;
  }
  diagnostics.push(
    diagnostic(
      "import-no-year",
      "the table prints no year; give the assessed year with --year (a report published in 2023 assesses 2022), or name the file by the convention <programme>-<series><edition>.txt (iraq-ctm2023.txt)",
      where,
    ),
  );
  return undefined;
}

/**
 * A printed score that the table's framework cannot hold (outside its scale, or between its steps) is an error at
 * its row, never rounded to one it can: 5.0000000000000001 on a scale of whole numbers is a copy gone wrong, or a
 * table of another edition.
 */
function scoresOffScale(table: PublishedTable, criteria: readonly Criterion[], framework: Framework): Diagnostic[] {
  const { min, max, step } = framework.scale;
  const steps = step.cmp(ONE) === 0 ? "whole numbers" : `steps of ${step}`;
  return table.rows.flatMap((row, index) =>
    row.scores.flatMap((score, column) => {
      if (score.cmp(min) >= 0 && score.cmp(max) <= 0 && score.sub(min).isMultipleOf(step)) return [];
      const year = table.years[column] === undefined ? "" : ` for ${table.years[column]}`;
      return [
        diagnostic(
          "import-bad-row",
          `the score ${score}${year} of '${criteria[index]!.id}' (${quoteLine(row.title)}) is not on ${framework.id}'s scale, ${steps} from ${min} to ${max}; check the copy against the published table`,
          { file: table.file, line: row.line, column: row.column },
        ),
      ];
    }),
  );
}

const ONE = Fraction.of(1);

function yearData(table: PublishedTable, criterionIds: string[], column: number, source: string, inferred: boolean): ImportedYearData {
  const latest = column === 0;
  const average = table.averages[column];
  // A table with two score columns prints one rating, the latest year's.
  const rating = latest ? table.rating?.trim().toUpperCase() : undefined;
  const criteria = Object.fromEntries(
    table.rows.map((row, index) => [
      criterionIds[index]!,
      { score: row.scores[column]!, ...(latest && row.commentary ? { commentary: row.commentary } : {}) },
    ]),
  );
  return {
    source,
    ...(inferred && { inferred: true }),
    ...((average !== undefined || rating) && {
      published: { ...(average !== undefined && { average }), ...(rating && { rating }) },
    }),
    // Only the latest column of a published table carries commentary.
    ...((!table.hasCommentary || !latest) && { commentary: "not-printed" as const }),
    criteria,
  };
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}
