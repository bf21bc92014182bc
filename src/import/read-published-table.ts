import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LAYOUT_NAMES, parsePdfTable, parseProfileTable, parseWebTable, programmeNamedIn, SourceLines, type PublishedTable } from "./published-table.js";
import { parseReportTable } from "./report-table.js";

/** Reads a published table from text, trying each known layout; an error diagnostic when none fits. */
export function readPublishedTable(text: string, file: string): { table?: PublishedTable; diagnostics: Diagnostic[] } {
  const source = new SourceLines(text);
  for (const parse of [parseReportTable, parsePdfTable, parseProfileTable, parseWebTable]) {
    const result = parse(source, file);
    if (result) {
      if ("diagnostics" in result) return result;
      const programme = programmeNamedIn(source);
      return { table: { ...result, ...(programme !== undefined && { programme }) }, diagnostics: [] };
    }
  }
  return {
    diagnostics: [
      diagnostic(
        "import-unrecognised-layout",
        `no performance table found; the layouts read are: ${Object.values(LAYOUT_NAMES).join("; ")}`,
        { file },
      ),
    ],
  };
}
