import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Framework } from "../model/model.js";
import type { SourceText } from "../parse/parse-yaml.js";
import { newAssessmentText } from "./assessment-text.js";
import { mergeIntoAssessment } from "./merge-into-assessment.js";
import { baseName, readTables, type ImportedYear, type ReadOptions } from "./read-tables.js";
import { reconcileYears } from "./reconcile-years.js";

export interface ImportOptions extends ReadOptions {
  programme?: string;
  /** Replace years the target file already has. */
  force?: boolean;
}

export interface ImportResult {
  /** The assessment's new text, when there were no errors. */
  text?: string;
  /** Errors, or the warnings of an import that went through. */
  diagnostics: Diagnostic[];
  /** One line per imported year, for the user: "2022: ctm-2019, 7 criteria, printed average 5.8 (bih-ctm2023.txt)". */
  summary: string[];
}

/**
 * Reads published tables and writes them as one assessment: a new one, or added to `target` (an existing
 * assessment's text), leaving every other year, comment and key order of it byte for byte as it was. A year the
 * target already has is replaced only with `force`. Two tables giving the same year are reconciled
 * (`reconcileYears`). Pure: texts in, text out.
 */
export function importTables(
  inputs: readonly SourceText[],
  frameworks: readonly Framework[],
  options: ImportOptions = {},
  target?: SourceText,
): ImportResult {
  const { tables, diagnostics } = readTables(inputs, frameworks, options);
  const reconciled = reconcileYears(tables.flatMap((t) => t.years));
  for (const d of reconciled.diagnostics) diagnostics.push(d);
  if (hasErrors(diagnostics)) return { diagnostics, summary: [] };
  const imported = reconciled.years;
  const namedProgramme = tables.map((t) => t.table.programme).find((name) => name !== undefined);
  const summary = imported.map(summaryLine);
  if (target) {
    const merged = mergeIntoAssessment(target, imported, { programme: options.programme ?? namedProgramme, force: options.force ?? false, existingYears: "refuse" });
    return { ...(merged.text !== undefined && { text: merged.text }), diagnostics: [...diagnostics, ...merged.diagnostics], summary: merged.text === undefined ? [] : summary };
  }
  const programme = options.programme ?? namedProgramme;
  if (!programme) {
    return {
      diagnostics: [diagnostic("import-no-programme", "the table does not name its programme; give --programme NAME (or -o an existing assessment)", { file: inputs[0]?.file ?? "" })],
      summary: [],
    };
  }
  return { text: newAssessmentText(programme, imported, { files: inputs.map((i) => baseName(i.file)) }), diagnostics, summary };
}

/** "2022: ctm-2019, 7 criteria, printed average 4.6 POOR (drc-ctm2023.txt)" */
export function summaryLine({ year, framework, data, file }: ImportedYear): string {
  return (
    `${year}: ${framework.id}, ${Object.keys(data.criteria).length} criteria` +
    (data.published?.average !== undefined ? `, printed average ${data.published.average}` : "") +
    (data.published?.rating ? ` ${data.published.rating}` : "") +
    ` (${file})`
  );
}
