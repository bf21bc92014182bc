import { z } from "zod";
import { ROUNDING_MODES, UNSCORED_POLICIES } from "../model/model.js";

/** Identifiers users type as keys and references: lower-case words joined by hyphens. */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "use lower-case letters, digits and single hyphens, e.g. land-release-system" });

const YearNumber = z.int().min(1000).max(9999);

export const CriterionSchema = z.strictObject({
  /** Stable identifier, used as the key in assessments. */
  id: IdSchema,
  /** The criterion's name as printed in tables, in sentence case. */
  title: z.string().trim().min(1).describe("The criterion's name as printed, in sentence case."),
  /** Share of the overall score, in percent. */
  weight: z.number().positive().describe("Share of the overall score, in percent; the weights total 100."),
  /** What the criterion assesses, for analysts. */
  guidance: z.string().optional(),
  /**
   * Other titles the criterion is printed under in published tables (a PDF's wording where the web page has the
   * title). `assess import` recognises a row by its title or one of these, whatever their capitals, hyphens or spacing.
   */
  printed: z
    .array(z.string().trim().min(1))
    .optional()
    .describe("Other titles this criterion is printed under in published tables, for assess import."),
  /**
   * The id of the criterion of the previous edition (the framework's `continues`) that this one carries on, even
   * if renamed or reweighted ("Gender and diversity" continues "Gender"). Absent: a criterion new in this edition.
   */
  continues: IdSchema.optional(),
});

export const WeightSetSchema = z.strictObject({
  /** Named on the command line: `assess what-if --weight-set equal`. */
  id: IdSchema,
  title: z.string().trim().min(1),
  /** Percent by criterion id; criteria left out keep their weight. The result must total 100. */
  weights: z.record(z.string(), z.number().nonnegative()),
});

export const BandSchema = z.strictObject({
  /** Printed rating, e.g. "GOOD". */
  label: z.string().trim().min(1).describe("The rating as printed, e.g. GOOD."),
  /** Lowest (rounded) average that earns this rating. */
  min: z.number().describe("The lowest rounded average that earns this rating."),
});

export const ScaleSchema = z.strictObject({
  min: z.number(),
  max: z.number(),
  /** Scores must be whole multiples of this step above `min`; 1 means whole numbers. */
  step: z.number().positive().default(1),
});

export const RoundingSchema = z.strictObject({
  /** Places the average is rounded to before banding and printing. */
  decimals: z.int().min(0).max(6),
  mode: z.enum(ROUNDING_MODES),
});

/** What a criterion left without a score does to the average (see UNSCORED_POLICIES). */
export const UnscoredPolicySchema = z.enum(UNSCORED_POLICIES);

export const FrameworkSchema = z.strictObject({
  /** Referenced by assessments (`framework: ctm-2024`). */
  id: IdSchema,
  title: z.string().trim().min(1),
  publisher: z.string().optional(),
  /** Publication years (report editions) that scored under this framework. */
  editions: z.array(YearNumber).optional(),
  /** The report series that published tables under this framework; with an edition, a table's source. */
  publication: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe("The report series that printed tables under this framework, e.g. Clearing the Mines."),
  /**
   * What the programmes it scores clear, as a folder name: `assess import --into DIR` files each programme under
   * DIR/<kind>/, so that a country's mine programme and its cluster munition programme stay apart.
   */
  kind: IdSchema.optional().describe("What the programmes it scores clear, as a folder name (mines, cluster-munitions); assess import --into files programmes under it."),
  /** The id of the edition this one succeeds; its criteria say which of that edition's criteria they continue. */
  continues: IdSchema.optional(),
  scale: ScaleSchema.default({ min: 0, max: 10, step: 1 }),
  /** In printed order. */
  criteria: z.array(CriterionSchema).min(1).describe("The criteria in printed order."),
  /** Listed from the highest lower bound to the lowest. */
  bands: z.array(BandSchema).min(1).describe("Rating bands, from the highest lower bound to the lowest."),
  rounding: RoundingSchema.default({ decimals: 1, mode: "half-up" }),
  unscored: UnscoredPolicySchema.default("not-allowed").describe("What an unscored criterion does: not-allowed (an error), exclude (average over the scored ones), zero."),
  /**
   * When true, `validate` warns (`unexplained-change`) where a criterion's score changed from the previous year
   * and that year's commentary on it is empty.
   */
  requireCommentaryOnChange: z.boolean().default(false),
  /** Alternative weightings for `assess what-if`. */
  weightSets: z.array(WeightSetSchema).default([]),
});

/** A framework file as a person writes it (defaults may be left out). */
export type WrittenFramework = z.input<typeof FrameworkSchema>;
/** A framework file after the schema has filled in defaults. */
export type ParsedFramework = z.output<typeof FrameworkSchema>;
export type { UnscoredPolicy } from "../model/model.js";
