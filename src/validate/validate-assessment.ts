import { z } from "zod";
import { diagnostic, hasErrors, type Diagnostic, type DiagnosticPath } from "../diagnostics/diagnostic.js";
import type { Assessment, AssessmentYear, CriterionEntry, Framework } from "../model/model.js";
import type { ParsedYaml } from "../parse/parse-yaml.js";
import { Fraction } from "../model/fraction.js";
import { AssessmentSchema, AssessmentYearSchema } from "./assessment-schema.js";
import { IdSchema } from "./framework-schema.js";
import { checkSchema } from "./schema-diagnostics.js";
import { exactNumber, isPlainDecimal, oddlyWritten, PLAIN_DECIMAL } from "./exact-number.js";
import { closest, didYouMean } from "./suggest.js";
import type { FrameworkSet } from "./validate-frameworks.js";

type ParsedAssessment = z.output<typeof AssessmentSchema>;
type ParsedYear = ParsedAssessment["years"][string];

/** One year while it is being checked: its key as written, its data, and its framework once resolved. */
interface YearUnderCheck {
  key: string;
  data: ParsedYear;
  framework?: Framework;
  /** Criterion keys its framework lacks, found once for the rules that need them. */
  unknown?: UnknownCriterion[];
}

interface Context {
  parsed: ParsedYaml;
  frameworks: FrameworkSet;
  /** Every year key written, well-formed year or not; undefined when `years` is not a mapping at all. */
  yearKeys: string[] | undefined;
  at(path: DiagnosticPath, target?: "key" | "value"): { file: string; path: DiagnosticPath; line: number; column: number };
  /** The number at `path` exactly as written (see exactNumber). */
  exact(path: DiagnosticPath, value: number): Fraction;
}

type AssessmentRule = (assessment: ParsedAssessment, context: Context) => Diagnostic[];
type YearRule = (year: YearUnderCheck, context: Context) => Diagnostic[];

/** What validation hands on: every problem found, and the data that passed. */
export interface ValidatedAssessment {
  /** Present only when there are no errors, here or in `parsed.diagnostics` (which are not repeated). */
  assessment?: Assessment;
  diagnostics: Diagnostic[];
  /** Each year that passed its own checks, resolved (newest first), whether or not the whole file did. */
  years: AssessmentYear[];
}

/**
 * Checks an assessment file against its schema and its frameworks. Every problem is collected. What can only be
 * checked on valid data (a printed average against the scores, a change without commentary) is checked by the
 * stages that compute it, on `years` and `assessment`.
 */
export function validateAssessment(parsed: ParsedYaml, frameworks: FrameworkSet): ValidatedAssessment {
  if (parsed.value === undefined) return { diagnostics: [], years: [] };
  const { data, diagnostics: found } = checkSchema(parsed, AssessmentSchema);
  // Even when the whole file fails its schema, every part that passes is checked further, so that one run
  // reports every problem: a misspelt top-level key does not hide an out-of-range score.
  const partial = data ?? partialAssessment(parsed.value);
  const writtenYears = isRecord(parsed.value) && isRecord(parsed.value.years) ? parsed.value.years : undefined;
  const context: Context = {
    parsed,
    frameworks,
    yearKeys: writtenYears && Object.keys(writtenYears),
    at: (path, target = "value") => ({ file: parsed.file, path, ...parsed.locate(path, target) }),
    exact: (path, value) => exactNumber(parsed, path, value),
  };
  for (const rule of ASSESSMENT_RULES) for (const d of rule(partial, context)) found.push(d);
  const years = Object.entries(partial.years).map(([key, yearData]): YearUnderCheck => ({ key, data: yearData }));
  const passed: AssessmentYear[] = [];
  for (const year of years) {
    year.framework = resolveYearFramework(partial, year, context, found);
    if (!year.framework) continue;
    const yearErrors = YEAR_RULES.flatMap((rule) => rule(year, context));
    for (const d of yearErrors) found.push(d);
    if (!hasErrors(yearErrors)) passed.push(resolveYear(year, year.framework, context));
  }
  passed.sort((a, b) => b.year - a.year);
  // A parse error (a duplicate key) leaves a value to check, but never a valid assessment.
  if (!data || hasErrors(found) || hasErrors(parsed.diagnostics)) return { diagnostics: found, years: passed };
  return {
    assessment: { programme: data.programme, frameworkId: data.framework, file: parsed.file, years: passed },
    diagnostics: found,
    years: passed,
  };
}

/**
 * The parts of an assessment that pass their own schemas, for checking further when the whole does not: the
 * default framework if it is an id, and each year that is well-formed by itself.
 */
function partialAssessment(value: unknown): ParsedAssessment {
  const root = isRecord(value) ? value : {};
  const framework = IdSchema.safeParse(root.framework);
  const years = isRecord(root.years) ? root.years : {};
  const wellFormed = Object.entries(years).flatMap(([key, year]) => {
    const parsedYear = AssessmentYearSchema.safeParse(year);
    return parsedYear.success ? [[key, parsedYear.data] as const] : [];
  });
  // An unusable default framework id is reported by the schema; the sentinel keeps it from being reported twice.
  return { programme: "", framework: framework.success ? framework.data : UNUSABLE_FRAMEWORK, years: Object.fromEntries(wellFormed) };
}

const UNUSABLE_FRAMEWORK = "";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The year's own framework, or the assessment's; reports an unknown or broken one once, where it is named. */
function resolveYearFramework(assessment: ParsedAssessment, year: YearUnderCheck, context: Context, found: Diagnostic[]): Framework | undefined {
  const ownId = year.data.framework;
  const id = ownId ?? assessment.framework;
  const framework = context.frameworks.byId.get(id);
  if (framework) return framework;
  // An unknown default framework is reported once by checkDefaultFramework, not for every year.
  if (ownId !== undefined) for (const d of frameworkProblem(id, ["years", year.key, "framework"], context)) found.push(d);
  return undefined;
}

function frameworkProblem(id: string, path: DiagnosticPath, context: Context): Diagnostic[] {
  if (id === UNUSABLE_FRAMEWORK || context.frameworks.byId.has(id)) return [];
  if (context.frameworks.invalidIds.has(id)) {
    return [diagnostic("framework-invalid", `framework '${id}' has errors in its own file (listed with it); fix that file first`, context.at(path))];
  }
  const known = [...context.frameworks.byId.keys()].sort();
  return [
    diagnostic(
      "unknown-framework",
      `no framework with id '${id}'${didYouMean(id, known)}` + (known.length ? ` (known: ${known.join(", ")})` : " (no framework files were found)"),
      context.at(path),
    ),
  ];
}

const checkDefaultFramework: AssessmentRule = (assessment, context) => {
  // The default matters only if some year relies on it, or if there are no years yet.
  const used = Object.values(assessment.years).some((year) => year.framework === undefined) || context.yearKeys?.length === 0;
  return used ? frameworkProblem(assessment.framework, ["framework"], context) : [];
};

const checkHasYears: AssessmentRule = (_assessment, context) =>
  context.yearKeys?.length !== 0
    ? []
    : [diagnostic("no-years", "the assessment has no years; add one under 'years', e.g. '2024:' with its criteria", context.at(["years"], "key"))];

/** A year key is checked as written: `0x7E8:`, `+2024:` or `2024.0:` would all be the key "2024" in the data. */
const checkYearKeys: AssessmentRule = (_assessment, context) =>
  (context.yearKeys ?? []).flatMap((key) => {
    const written = context.parsed.sourceOf(["years", key], "key") ?? key;
    if (/^[1-9]\d{3}$/.test(written) && written === key) return [];
    return [diagnostic("invalid-year", `'${written}' is not a four-digit year; key each year by the year assessed, written in four digits, e.g. 2024`, context.at(["years", key], "key"))];
  });

const ASSESSMENT_RULES: AssessmentRule[] = [checkDefaultFramework, checkHasYears, checkYearKeys];

/**
 * The criterion keys as written. zod's record drops a key named __proto__ (assigning it sets a prototype), so the
 * keys are taken from the parsed YAML, where it is an ordinary own key.
 */
function writtenCriteriaKeys(year: YearUnderCheck, context: Context): string[] {
  const raw = (context.parsed.value as { years?: Record<string, { criteria?: object }> }).years?.[year.key]?.criteria;
  return raw && typeof raw === "object" ? Object.keys(raw) : Object.keys(year.data.criteria);
}

/** A criterion key that names no criterion of the year's framework, as read and as written. */
interface UnknownCriterion {
  /** The key as the data has it. */
  id: string;
  /** The key as written, when YAML reads it as something else (`6.99999999999999999:` is the number 7, `0x8:` is 8). */
  written?: string;
  /** The criterion it may be a misspelling of. */
  suggestion?: string;
}

/**
 * The criterion keys a year writes that its framework lacks, each with the criterion it may be a misspelling of. A
 * key is matched as written, as year keys are: `6.99999999999999999:` and `0x7:` read as 7, but neither is how
 * the criterion `7` is spelt, so neither scores it.
 */
function unknownCriteria(year: YearUnderCheck, context: Context): UnknownCriterion[] {
  const known = new Set(year.framework!.criteria.map((c) => c.id));
  return writtenCriteriaKeys(year, context).flatMap((id): UnknownCriterion[] => {
    const written = context.parsed.sourceOf(["years", year.key, "criteria", id], "key") ?? id;
    if (known.has(id) && written === id) return [];
    const suggestion = known.has(id) ? id : closest(written, known);
    return [{ id, ...(written !== id && { written }), ...(suggestion !== undefined && { suggestion }) }];
  });
}

const checkUnknownCriteria: YearRule = (year, context) => {
  const known = year.framework!.criteria.map((c) => c.id);
  return (year.unknown ??= unknownCriteria(year, context)).map(({ id, written, suggestion }) =>
    diagnostic(
      "unknown-criterion",
      `framework '${year.framework!.id}' has no criterion '${written ?? id}'` +
        (written === undefined ? "" : ` (YAML reads this key as ${id}; write each criterion's key exactly as its id)`) +
        `${suggestion === undefined ? "" : `; did you mean '${suggestion}'?`} (its criteria: ${known.join(", ")})`,
      context.at(["years", year.key, "criteria", id], "key"),
    ),
  );
};

const checkMissingCriteria: YearRule = (year, context) => {
  // A misspelt criterion is reported once, as unknown-criterion with its suggestion, not also as missing.
  const misspelt = new Set((year.unknown ??= unknownCriteria(year, context)).map((u) => u.suggestion));
  return year.framework!.criteria
    .filter((criterion) => !Object.hasOwn(year.data.criteria, criterion.id) && !misspelt.has(criterion.id))
    .map((criterion) =>
      diagnostic(
        "missing-criterion",
        `${year.key} has no score for '${criterion.id}' (${criterion.title}), which framework '${year.framework!.id}' requires; add '${criterion.id}: { score: … }'`,
        context.at(["years", year.key, "criteria"], "key"),
      ),
    );
};

const checkScores: YearRule = (year, context) => {
  const framework = year.framework!;
  const { min, max, step } = framework.scale;
  const range = `${min}–${max}`;
  const known = new Set(framework.criteria.map((c) => c.id));
  // A key that names no criterion as written is reported as such (checkUnknownCriteria), not scored.
  const unknown = new Set((year.unknown ??= unknownCriteria(year, context)).map((u) => u.id));
  return Object.entries(year.data.criteria).flatMap(([id, entry]) => {
    if (!known.has(id) || unknown.has(id)) return [];
    // Positions cost a walk of the document: looked up only for a score that has a problem.
    const where = () => context.at(["years", year.key, "criteria", id, "score"]);
    if (entry.score === null) {
      return framework.unscored === "not-allowed"
        ? [diagnostic("unscored", `'${id}' has no score in ${year.key}; framework '${framework.id}' requires every criterion to be scored (${range})`, where())]
        : [];
    }
    const path = ["years", year.key, "criteria", id, "score"];
    const written = context.parsed.sourceOf(path) ?? String(entry.score);
    const wholeScale = step.isInteger() && min.isInteger();
    // The score as written, exactly: 7.4999999999999999 is not 7.5, whatever a double makes of it.
    const score = context.exact(path, entry.score);
    if (!isPlainDecimal(written) || (wholeScale && written.includes(".") && score.isInteger())) {
      const example = Fraction.fromNumber(entry.score).toDecimal();
      const problem = PLAIN_DECIMAL.test(written) && !isPlainDecimal(written) ? "has more digits than a score needs" : `is not written as a plain ${wholeScale ? "whole number" : "decimal number"}`;
      return [diagnostic("score-format", `score '${written}' for '${id}' ${problem}; write it as ${isPlainDecimal(example) ? example : "a number such as 7"}`, where())];
    }
    if (score.cmp(min) < 0 || score.cmp(max) > 0) {
      return [diagnostic("score-out-of-range", `score ${written} for '${id}' is outside the scale ${range} of framework '${framework.id}'`, where())];
    }
    if (!score.sub(min).isMultipleOf(step)) {
      const rule = step.cmp(Fraction.of(1)) === 0 ? "whole numbers" : `steps of ${step}`;
      return [diagnostic("score-off-step", `score ${written} for '${id}' is not allowed: framework '${framework.id}' scores in ${rule} from ${min} to ${max}`, where())];
    }
    return [];
  });
};

/** Under the `exclude` policy a year still needs one score: an average of nothing is not 0. */
const checkSomethingScored: YearRule = (year, context) =>
  year.framework!.unscored !== "not-allowed" && year.framework!.unscored !== "zero" && Object.values(year.data.criteria).every((entry) => entry.score === null)
    ? [diagnostic("unscored", `every criterion of ${year.key} is unscored; an average needs at least one score`, context.at(["years", year.key, "criteria"], "key"))]
    : [];

/** The printed average is compared with the scores after validation (checkPublished); here, how it is written. */
const checkPublishedAverage: YearRule = (year, context) => {
  if (year.data.published?.average === undefined) return [];
  const path = ["years", year.key, "published", "average"];
  const odd = oddlyWritten(context.parsed, path);
  return odd === undefined ? [] : [diagnostic("number-format", `the printed average '${odd}' is not written as a plain decimal number; write it as printed, e.g. 7.2`, context.at(path))];
};

const YEAR_RULES: YearRule[] = [checkUnknownCriteria, checkMissingCriteria, checkScores, checkSomethingScored, checkPublishedAverage];

/** The year as resolved data: every number exactly as written. */
function resolveYear(year: YearUnderCheck, framework: Framework, context: Context): AssessmentYear {
  const entries: CriterionEntry[] = framework.criteria.map((criterion) => {
    // Own keys only: a criterion named like an Object.prototype property (`constructor`) is a key like any other.
    const entry = Object.hasOwn(year.data.criteria, criterion.id) ? year.data.criteria[criterion.id] : undefined;
    return {
      criterionId: criterion.id,
      score: entry?.score == null ? null : context.exact(["years", year.key, "criteria", criterion.id, "score"], entry.score),
      commentary: entry?.commentary ?? "",
    };
  });
  const { published, source } = year.data;
  return {
    year: Number(year.key),
    framework,
    ...(source !== undefined && { source }),
    ...(year.data.commentary === "not-printed" && { commentaryNotPrinted: true }),
    ...(published !== undefined && {
      published: {
        ...(published.average !== undefined && { average: context.exact(["years", year.key, "published", "average"], published.average) }),
        ...(published.rating !== undefined && { rating: published.rating }),
      },
    }),
    entries,
  };
}
