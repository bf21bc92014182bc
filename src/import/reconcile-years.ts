import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ImportedYear } from "./read-tables.js";

/**
 * One year per assessed year, from tables that may give the same year twice: a two-year PDF table and the next
 * edition's page, or a page reprinted unchanged. Never a silent choice:
 * - the same scores (under the same framework, with no printed average or rating contradicting) are kept once,
 *   the other sources named under `confirmedBy`; what only one of them printed (a rating, commentary) is kept,
 *   and a year printed by any of them is no longer `inferred`;
 * - different scores are resolved by one rule, **the latest publication's scores are kept**: a later edition
 *   reprinting a year is the publisher's latest word on it. The earlier sources are named under `supersedes`,
 *   and each disagreement is an `import-conflict` warning naming both. Two sources of the same edition (or of no
 *   known edition) that disagree are an error: no rule decides between them.
 * Years come back newest first.
 */
export function reconcileYears(years: readonly ImportedYear[]): { years: ImportedYear[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byYear = new Map<number, ImportedYear[]>();
  for (const year of years) byYear.set(year.year, [...(byYear.get(year.year) ?? []), year]);
  const reconciled = [...byYear.values()].map((sources) => {
    const [latest, ...others] = [...sources].sort((a, b) => (b.edition ?? -Infinity) - (a.edition ?? -Infinity));
    let kept = latest!;
    for (const other of others) {
      const differences = differencesBetween(kept, other);
      if (differences.length === 0) {
        kept = confirmed(kept, other);
      } else if (kept.edition === undefined || other.edition === undefined || kept.edition === other.edition) {
        diagnostics.push(
          diagnostic(
            "import-year-conflict",
            `${other.year} is also in ${kept.file} (${kept.data.source}) with other ${differences.join(", ")}, and no later publication decides between them; import one of them`,
            { file: other.file, line: other.line, column: 1 },
          ),
        );
      } else {
        diagnostics.push(
          diagnostic(
            "import-conflict",
            `${other.year}: ${other.data.source} printed other ${differences.join(", ")} than ${kept.data.source}; the later publication's are kept, and the earlier is named under 'supersedes'`,
            { file: other.file, line: other.line, column: 1 },
            "warning",
          ),
        );
        kept = { ...kept, data: { ...kept.data, supersedes: [...(kept.data.supersedes ?? []), other.data.source!] } };
      }
    }
    return kept;
  });
  return { years: reconciled.sort((a, b) => b.year - a.year), diagnostics };
}

/** How two sources of a year differ, in words: "scores (gender 4, not 5)", "printed average (4.1, not 4.0)". */
export function differencesBetween(kept: ImportedYear, other: ImportedYear): string[] {
  if (kept.framework.id !== other.framework.id) return [`framework editions (${other.framework.id}, not ${kept.framework.id})`];
  const scores = Object.entries(kept.data.criteria).flatMap(([id, entry]) => {
    const theirs = other.data.criteria[id]?.score;
    return theirs !== undefined && theirs.cmp(entry.score) === 0 ? [] : [`${id} ${theirs ?? "none"}, not ${entry.score}`];
  });
  const differences = scores.length > 0 ? [`scores (${scores.join("; ")})`] : [];
  const ours = kept.data.published;
  const theirs = other.data.published;
  if (ours?.average !== undefined && theirs?.average !== undefined && ours.average.cmp(theirs.average) !== 0) {
    differences.push(`printed average (${theirs.average}, not ${ours.average})`);
  }
  if (ours?.rating !== undefined && theirs?.rating !== undefined && ours.rating !== theirs.rating) {
    differences.push(`printed rating (${theirs.rating}, not ${ours.rating})`);
  }
  return differences;
}

/** The kept year, confirmed by another source that printed the same: both named, nothing either printed lost. */
function confirmed(kept: ImportedYear, other: ImportedYear): ImportedYear {
  const data = { ...kept.data };
  if (other.data.source !== undefined && other.data.source !== data.source && !data.confirmedBy?.includes(other.data.source)) {
    data.confirmedBy = [...(data.confirmedBy ?? []), other.data.source];
  }
  const published = { ...other.data.published, ...data.published };
  if (published.average !== undefined || published.rating !== undefined) data.published = published;
  // A source that prints the year confirms the attribution the others inferred.
  if (data.inferred && !other.data.inferred) delete data.inferred;
  if (data.commentary === "not-printed" && other.data.commentary === undefined) {
    delete data.commentary;
    data.criteria = Object.fromEntries(Object.entries(data.criteria).map(([id, entry]) => [id, { ...entry, ...other.data.criteria[id] }]));
  }
  return { ...kept, data };
}
