import { join, normalize } from "node:path";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Framework } from "../model/model.js";
import { parseYaml, type SourceText } from "../parse/parse-yaml.js";
import { newAssessmentText } from "./assessment-text.js";
import { mergeIntoAssessment } from "./merge-into-assessment.js";
import { baseName, readTables, type ImportedTable, type ReadOptions } from "./read-tables.js";
import { reconcileYears } from "./reconcile-years.js";
import { programmeFileName } from "./table-file-name.js";

export interface FolderImportOptions extends ReadOptions {
  /** The programme of every table, overriding what their names say. */
  programme?: string;
  /** The programme each file name's programme part names (`--names`): `bih` → Bosnia and Herzegovina. */
  names?: ReadonlyMap<string, string>;
  /** Replace years a file already has with other scores. */
  force?: boolean;
  /** The path of the assessment JSON Schema as seen from a new file at `path`, for its first line. */
  schemaPath?: (path: string) => string;
}

export interface FolderImportResult {
  /** The files to write, new and changed; absent when there were errors (then nothing is to be written). */
  files?: { path: string; text: string; created: boolean }[];
  /** Errors, or the warnings of an import that went through. */
  diagnostics: Diagnostic[];
  /** What happened to each programme's file, then the totals. */
  summary: string[];
}

interface Route {
  path: string;
  programme: string;
  tables: ImportedTable[];
}

/**
 * Imports many tables into a folder of assessments, each into its programme's file by convention:
 * `<folder>/<kind>/<programme file name>.yaml`, where the kind is what the table's framework edition says its
 * programmes clear (`mines`, `cluster-munitions`), so a country's two programmes stay apart, and the file name is
 * the programme's name in lower case with hyphens (`bosnia-and-herzegovina.yaml`). The programme is `--programme`;
 * else the one `names` gives for the table file's programme part (`bih-ctm2021.txt` → `bih`); else the one the
 * table prints; else that of the file `<folder>/<kind>/<part>.yaml` if it exists. Nothing is guessed.
 *
 * New files are created with every year routed to them; existing ones get their new years spliced in, every other
 * line left as it was. Years given by several tables are reconciled first (`reconcileYears`); a year a file already
 * has is unchanged when the scores are the same, and otherwise a conflict left as on file (unless `force`).
 * Pure: texts in (`existing`, the folder's files), texts out.
 */
export function importIntoFolder(
  inputs: readonly SourceText[],
  frameworks: readonly Framework[],
  folder: string,
  existing: readonly SourceText[],
  options: FolderImportOptions = {},
): FolderImportResult {
  const { tables, diagnostics } = readTables(inputs, frameworks, options);
  const onFile = new Map(existing.map((source) => [normalize(source.file), source]));
  const routes = new Map<string, Route>();
  for (const table of tables) {
    const kindFolder = join(folder, table.framework.kind ?? "");
    const programme = programmeOf(table, options, (key) => onFile.get(normalize(join(kindFolder, `${key}.yaml`))));
    if (programme === undefined) {
      const key = table.fileName?.programmeKey;
      diagnostics.push(
        diagnostic(
          "import-no-programme",
          key === undefined
            ? "the table names no programme and its file's name does not follow <programme>-<series><edition>.txt; give --programme NAME"
            : `the table names no programme, '${key}' is not in the list of programme names (--names), and ${join(kindFolder, `${key}.yaml`)} does not exist; give --programme NAME or add '${key}: <name>' to the list`,
          { file: table.file },
        ),
      );
      continue;
    }
    const path = normalize(join(kindFolder, programmeFileName(programme)));
    const route = routes.get(path) ?? { path, programme, tables: [] };
    if (route.programme !== programme) {
      diagnostics.push(diagnostic("import-no-programme", `the table is of ${programme}, but ${route.programme} is also kept in ${path}; give them names that make different files`, { file: table.file }));
      continue;
    }
    route.tables.push(table);
    routes.set(path, route);
  }

  const files: NonNullable<FolderImportResult["files"]> = [];
  const summary: string[] = [];
  const totals = { added: 0, unchanged: 0, conflicts: 0, created: 0, changed: 0 };
  for (const route of [...routes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const reconciled = reconcileYears(route.tables.flatMap((t) => t.years));
    for (const d of reconciled.diagnostics) diagnostics.push(d);
    const resolved = reconciled.years.filter((y) => y.data.supersedes !== undefined).map((y) => y.year);
    const target = onFile.get(route.path);
    if (!target) {
      const text = newAssessmentText(route.programme, reconciled.years, {
        files: route.tables.map((t) => baseName(t.file)),
        ...(options.schemaPath && { schemaPath: options.schemaPath(route.path) }),
      });
      files.push({ path: route.path, text, created: true });
      summary.push(`${route.path} (new): ${describe(reconciled.years.map((y) => y.year), [], [], resolved)}`);
      totals.added += reconciled.years.length;
      totals.conflicts += resolved.length;
      totals.created++;
      continue;
    }
    const merged = mergeIntoAssessment(target, reconciled.years, { programme: route.programme, force: options.force ?? false, existingYears: "reconcile" });
    for (const d of merged.diagnostics) diagnostics.push(d);
    if (merged.text === undefined) continue;
    if (merged.text !== target.text) {
      files.push({ path: route.path, text: merged.text, created: false });
      totals.changed++;
    }
    summary.push(`${route.path}: ${describe([...merged.added, ...merged.replaced], merged.unchanged, merged.conflicts, resolved, merged.replaced)}`);
    totals.added += merged.added.length + merged.replaced.length;
    totals.unchanged += merged.unchanged.length;
    totals.conflicts += merged.conflicts.length + resolved.length;
  }
  if (hasErrors(diagnostics)) return { diagnostics, summary: [] };
  const years = (n: number) => `${n} year${n === 1 ? "" : "s"}`;
  summary.push(
    `${inputs.length} table${inputs.length === 1 ? "" : "s"}: ${years(totals.added)} added (${totals.created} new file${totals.created === 1 ? "" : "s"}, ${totals.changed} changed), ${years(totals.unchanged)} unchanged, ${years(totals.conflicts)} in conflict`,
  );
  return { files, diagnostics, summary };
}

function programmeOf(table: ImportedTable, options: FolderImportOptions, fileOf: (key: string) => SourceText | undefined): string | undefined {
  if (options.programme !== undefined) return options.programme;
  const key = table.fileName?.programmeKey;
  const named = key === undefined ? undefined : options.names?.get(key);
  if (named !== undefined) return named;
  if (table.table.programme !== undefined) return table.table.programme;
  const file = key === undefined ? undefined : fileOf(key);
  const programme = file && (parseYaml(file).value as { programme?: unknown } | undefined)?.programme;
  return typeof programme === "string" ? programme : undefined;
}

/** "added 2022, 2020; unchanged 2019; in conflict 2016 (left as on file)" */
function describe(added: number[], unchanged: number[], conflicts: number[], resolved: number[], replaced: number[] = []): string {
  const parts = [
    added.length > 0 ? `added ${added.join(", ")}${replaced.length > 0 ? ` (replacing ${replaced.join(", ")})` : ""}` : "",
    unchanged.length > 0 ? `unchanged ${unchanged.join(", ")}` : "",
    conflicts.length > 0 ? `in conflict ${conflicts.join(", ")} (left as on file; --force replaces)` : "",
    resolved.length > 0 ? `in conflict ${resolved.join(", ")} (sources disagree; the latest publication's scores kept)` : "",
  ];
  return parts.filter(Boolean).join("; ") || "nothing to add";
}

