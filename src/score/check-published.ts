import { diagnostic, type Diagnostic, type Locator } from "../diagnostics/diagnostic.js";
import type { AssessmentYear } from "../model/model.js";
import { formatAverage, scoreYear } from "./score-year.js";

/**
 * Warnings, not errors: a published table whose printed average or rating disagrees with its own scores, found by
 * scoring each year and comparing. `years` are the years that passed validation (a year with errors is not scored).
 */
export function checkPublished(years: readonly AssessmentYear[], locate: Locator): Diagnostic[] {
  return years.flatMap((year) => {
    const { published, framework } = year;
    if (!published || (published.average === undefined && published.rating === undefined)) return [];
    const key = String(year.year);
    const score = scoreYear(year);
    const computed = formatAverage(score.average, framework);
    const found: Diagnostic[] = [];
    if (published.average !== undefined && published.average.cmp(score.average) !== 0) {
      const path = ["years", key, "published", "average"];
      found.push(
        diagnostic(
          "published-mismatch",
          `${key}: the printed average ${locate.written(path) ?? published.average.toString()} differs from ${computed}, the weighted average of the scores; check the scores against the published table`,
          locate.at(path),
          "warning",
        ),
      );
    }
    if (published.rating !== undefined) {
      const labels = framework.bands.map((band) => band.label);
      const printed = published.rating.trim().toUpperCase();
      const where = () => locate.at(["years", key, "published", "rating"]);
      if (!labels.some((label) => label.toUpperCase() === printed)) {
        found.push(diagnostic("published-rating-unknown", `${key}: the printed rating '${published.rating}' is not one of the ratings of framework '${framework.id}' (${labels.join(", ")})`, where(), "warning"));
      } else if (score.rating.label.toUpperCase() !== printed) {
        found.push(
          diagnostic(
            "published-rating-mismatch",
            `${key}: the printed rating '${published.rating}' differs from ${score.rating.label}, the rating of the recomputed average ${computed}`,
            where(),
            "warning",
          ),
        );
      }
    }
    return found;
  });
}
