import { z } from "zod";
import { AssessmentSchema } from "./assessment-schema.js";
import { FrameworkSchema } from "./framework-schema.js";

/**
 * JSON Schemas (draft-07, which the YAML language server reads) for the files people edit, generated from the zod
 * schemas so that editors check what `assess validate` checks. `schemas/*.schema.json` are these, committed.
 */
export function jsonSchemas(): { assessment: object; framework: object } {
  const assessment = z.toJSONSchema(AssessmentSchema, { target: "draft-7", io: "input" }) as Record<string, any>;
  // Year keys are four digits: the editor can say so as you type (validate says it as invalid-year).
  assessment.properties.years.propertyNames = { type: "string", pattern: "^\\d{4}$" };
  return {
    assessment: { ...assessment, $id: "https://programme-assessment.local/schemas/assessment.schema.json", title: "Programme performance assessment" },
    framework: {
      ...(z.toJSONSchema(FrameworkSchema, { target: "draft-7", io: "input" }) as object),
      $id: "https://programme-assessment.local/schemas/framework.schema.json",
      title: "Scoring framework edition",
    },
  };
}
