import { z } from "zod";
import { IdSchema } from "./framework-schema.js";

export const CriterionScoreSchema = z.strictObject({
  /** On the framework's scale; null (an empty value) means "not scored", which the framework's policy rules on. */
  score: z.number().nullable(),
  /** The performance commentary printed beside the score. */
  commentary: z.string().optional(),
});

export const PublishedSchema = z.strictObject({
  /** The average as printed in the published table, kept to check the scores against it. */
  average: z.number().optional(),
  /** The rating label as printed. */
  rating: z.string().optional(),
});

export const AssessmentYearSchema = z.strictObject({
  /** This year's framework edition, when it differs from the assessment's. */
  framework: IdSchema.optional(),
  /** Where the scores were published, e.g. "Clearing the Mines 2025". */
  source: z.string().optional(),
  published: PublishedSchema.optional(),
  /**
   * "not-printed" when the year was imported from a table that printed no commentary at all, so that an empty
   * commentary is not read as a score changed without a word.
   */
  commentary: z.literal("not-printed").optional(),
  /** Keyed by criterion id. */
  criteria: z.record(z.string(), CriterionScoreSchema),
});

export const AssessmentSchema = z.strictObject({
  programme: z.string().trim().min(1),
  /** The framework edition every year is scored under unless the year names its own. */
  framework: IdSchema,
  /** Keyed by the assessed year (the year whose work is scored, not the report's publication year). */
  years: z.record(z.string(), AssessmentYearSchema),
});

export type WrittenAssessment = z.input<typeof AssessmentSchema>;
export type WrittenAssessmentYear = z.input<typeof AssessmentYearSchema>;
export type WrittenCriterionScore = z.input<typeof CriterionScoreSchema>;
