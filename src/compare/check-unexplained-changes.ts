import { diagnostic, type Diagnostic, type Locator } from "../diagnostics/diagnostic.js";
import type { Assessment, Framework } from "../model/model.js";
import { criterionLineage } from "./criterion-lineage.js";

/**
 * Under frameworks with `requireCommentaryOnChange`, a warning for each criterion whose score changed from the
 * previous year on file while its commentary is empty: the reason for a change is what readers look for first.
 * Years imported from a table that printed no commentary are exempt. Criteria are matched across editions through
 * their lineage, followed through `frameworks`.
 */
export function checkUnexplainedChanges(assessment: Assessment, frameworks: ReadonlyMap<string, Framework>, locate: Locator): Diagnostic[] {
  const newestFirst = assessment.years;
  return newestFirst.flatMap((year, index) => {
    const previous = newestFirst[index + 1];
    if (!previous || !year.framework.requireCommentaryOnChange || year.commentaryNotPrinted) return [];
    const lineage = criterionLineage(previous.framework, year.framework, frameworks) ?? new Map<string, string>();
    return year.entries.flatMap((entry) => {
      const before = previous.entries.find((e) => e.criterionId === lineage.get(entry.criterionId))?.score;
      if (!entry.score || !before || entry.score.cmp(before) === 0 || entry.commentary.trim() !== "") return [];
      const path = ["years", String(year.year), "criteria", entry.criterionId];
      return [
        diagnostic(
          "unexplained-change",
          `${year.year}: '${entry.criterionId}' changed from ${before.toString()} to ${entry.score.toString()} since ${previous.year} but has no commentary; say why, it is what readers of the table look for first`,
          locate.at(path, "key"),
          "warning",
        ),
      ];
    });
  });
}
