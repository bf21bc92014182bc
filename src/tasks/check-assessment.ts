import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Assessment } from "../model/model.js";
import { locatorOf, type ParsedYaml } from "../parse/parse-yaml.js";
import { checkUnexplainedChanges } from "../compare/check-unexplained-changes.js";
import { checkPublished } from "../score/check-published.js";
import { validateAssessment } from "../validate/validate-assessment.js";
import type { FrameworkSet } from "../validate/validate-frameworks.js";

/**
 * Every check of an assessment file, each in its own stage: validation (schema, frameworks, scores), then on what
 * passed it, the printed averages and ratings against the scores (scoring) and changes without commentary
 * (comparison). `assessment` is present only when there are no errors; warnings do not stop it.
 */
export function checkAssessment(parsed: ParsedYaml, frameworks: FrameworkSet): { assessment?: Assessment; diagnostics: Diagnostic[] } {
  const validated = validateAssessment(parsed, frameworks);
  const locate = locatorOf(parsed);
  const diagnostics = [...validated.diagnostics, ...checkPublished(validated.years, locate)];
  if (validated.assessment) for (const d of checkUnexplainedChanges(validated.assessment, frameworks.byId, locate)) diagnostics.push(d);
  return { ...(validated.assessment && { assessment: validated.assessment }), diagnostics };
}
