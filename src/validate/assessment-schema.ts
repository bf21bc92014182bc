import { z } from "zod";
import { IdSchema } from "./framework-schema.js";

export const CriterionScoreSchema = z.strictObject({
  /** On the framework's scale; null (an empty value) means "not scored", which the framework's policy rules on. */
  score: z.number().nullable().describe("The score on the framework's scale (0 to 10, whole numbers, unless the framework says otherwise). Leave empty for 'not scored'."),
  /** The performance commentary printed beside the score. */
  commentary: z.string().optional().describe("The performance commentary printed beside the score."),
});

export const PublishedSchema = z.strictObject({
  /** The average as printed in the published table, kept to check the scores against it. */
  average: z.number().optional().describe("The average as printed in the published table."),
  /** The rating label as printed. */
  rating: z.string().optional().describe("The rating as printed, e.g. GOOD."),
});

export const AssessmentYearSchema = z.strictObject({
  /** This year's framework edition, when it differs from the assessment's. */
  framework: IdSchema.optional().describe("This year's framework edition, when it differs from the assessment's."),
  /** Where the scores were published, e.g. "Clearing the Mines 2025". */
  source: z.string().optional().describe("Where the scores were published, e.g. Clearing the Mines 2025."),
  /** Other publications that printed the same scores for this year (a table reprinted in the next edition). */
  confirmedBy: z
    .array(z.string().trim().min(1))
    .optional()
    .describe("Other publications that printed the same scores for this year."),
  /**
   * Earlier publications that printed other scores for this year. Two sources that disagree are resolved by one
   * rule: the latest publication's scores are kept, and the earlier ones are named here.
   */
  supersedes: z
    .array(z.string().trim().min(1))
    .optional()
    .describe("Earlier publications that printed other scores for this year; the latest publication's are kept."),
  /**
   * true when the table printed no year, so the year was taken to be the one before its edition's (a report
   * published in 2023 assesses 2022): the attribution is inferred, not printed.
   */
  inferred: z.boolean().optional().describe("true: the table printed no year; the year was inferred from its edition (publication year minus one)."),
  published: PublishedSchema.optional().describe("The average and rating as printed, checked against the scores."),
  /**
   * "not-printed" when the year was imported from a table that printed no commentary at all, so that an empty
   * commentary is not read as a score changed without a word.
   */
  commentary: z.literal("not-printed").optional().describe("not-printed: the year came from a table that printed no commentary."),
  /** Keyed by criterion id. */
  criteria: z.record(z.string(), CriterionScoreSchema).describe("One entry per criterion of the framework, keyed by criterion id."),
});

export const AssessmentSchema = z.strictObject({
  programme: z.string().trim().min(1).describe("The programme's name, e.g. Cambodia."),
  /** The framework edition every year is scored under unless the year names its own. */
  framework: IdSchema.describe("The framework edition every year is scored under unless the year names its own, e.g. ctm-2024."),
  /** Keyed by the assessed year (the year whose work is scored, not the report's publication year). */
  years: z.record(z.string(), AssessmentYearSchema).describe("Keyed by the assessed year (four digits), newest first."),
});

export type WrittenAssessment = z.input<typeof AssessmentSchema>;
export type WrittenAssessmentYear = z.input<typeof AssessmentYearSchema>;
export type WrittenCriterionScore = z.input<typeof CriterionScoreSchema>;
