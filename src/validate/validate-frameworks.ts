import { diagnostic, hasErrors, type Diagnostic, type DiagnosticPath } from "../diagnostics/diagnostic.js";
import type { Framework } from "../model/model.js";
import type { ParsedYaml } from "../parse/parse-yaml.js";
import { Fraction, HUNDRED, sum } from "../model/fraction.js";
import { FrameworkSchema, type ParsedFramework } from "./framework-schema.js";
import { exactNumber, MAX_NUMBER_LENGTH, oddlyWritten, oddlyWrittenWhole } from "./exact-number.js";
import { checkSchema } from "./schema-diagnostics.js";
import { didYouMean } from "./suggest.js";

/** The frameworks available to a run: the valid ones by id, and the ids whose files have errors. */
export interface FrameworkSet {
  byId: Map<string, Framework>;
  /** Ids declared by framework files that failed validation, so assessments using them can say so. */
  invalidIds: Set<string>;
}

type FrameworkRule = (framework: ParsedFramework, parsed: ParsedYaml) => Diagnostic[];

export function validateFramework(parsed: ParsedYaml): { framework?: Framework; diagnostics: Diagnostic[] } {
  if (parsed.value === undefined) return { diagnostics: [] };
  const { data, diagnostics } = checkSchema(parsed, FrameworkSchema);
  if (!data) return { diagnostics };
  const ruleDiagnostics = FRAMEWORK_RULES.flatMap((rule) => rule(data, parsed));
  if (hasErrors(ruleDiagnostics) || hasErrors(parsed.diagnostics)) return { diagnostics: ruleDiagnostics };
  return { framework: resolveFramework(data, parsed), diagnostics: ruleDiagnostics };
}

/**
 * Validates every framework file, and checks across them that no two declare the same id.
 * Diagnostics of parsing are not repeated here: `parsed.diagnostics` belong to the caller.
 */
export function validateFrameworks(
  parsedFiles: readonly ParsedYaml[],
  /** Frameworks validated before (the criteria folder's), which these may continue. */
  known: ReadonlyMap<string, Framework> = new Map(),
): FrameworkSet & { diagnostics: Diagnostic[] } {
  const byId = new Map<string, Framework>();
  const invalidIds = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const firstFileOf = new Map<string, string>();
  for (const parsed of parsedFiles) {
    const { framework, diagnostics: found } = validateFramework(parsed);
    for (const d of found) diagnostics.push(d);
    const declaredId = declaredIdOf(parsed.value);
    if (declaredId !== undefined) {
      const first = firstFileOf.get(declaredId);
      if (first !== undefined) {
        diagnostics.push(
          diagnostic("duplicate-framework", `framework id '${declaredId}' is already declared in ${first}; give each edition its own id`, {
            file: parsed.file,
            path: ["id"],
            ...parsed.locate(["id"]),
          }),
        );
        continue;
      }
      firstFileOf.set(declaredId, parsed.file);
    }
    if (framework) byId.set(framework.id, framework);
    else if (declaredId !== undefined) invalidIds.add(declaredId);
  }
  for (const d of checkLineage(byId, new Map([...known, ...byId]), parsedFiles, invalidIds)) diagnostics.push(d);
  return { byId, invalidIds, diagnostics };
}

/** `continues` must name an existing edition, and each criterion's `continues` one of that edition's criteria. */
function checkLineage(checked: Map<string, Framework>, all: ReadonlyMap<string, Framework>, parsedFiles: readonly ParsedYaml[], invalidIds: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const framework of checked.values()) {
    const parsed = parsedFiles.find((p) => p.file === framework.file)!;
    const cycle = lineageCycle(framework, all);
    if (cycle) {
      diagnostics.push(
        diagnostic("lineage-cycle", `'continues' leads back to '${framework.id}' (${cycle.join(" → ")}); an edition can only continue an earlier one`, {
          file: parsed.file,
          path: ["continues"],
          ...parsed.locate(["continues"]),
        }),
      );
      continue;
    }
    const previous = framework.continues === undefined ? undefined : all.get(framework.continues);
    if (framework.continues !== undefined && !previous) {
      const where = { file: parsed.file, path: ["continues"], ...parsed.locate(["continues"]) };
      diagnostics.push(
        invalidIds.has(framework.continues)
          ? diagnostic("framework-invalid", `'continues' names '${framework.continues}', whose file has errors (listed with it); fix that file first`, where)
          : diagnostic("unknown-framework", `'continues' names '${framework.continues}', which no framework file declares`, where),
      );
      continue;
    }
    const continuedBy = new Map<string, string>();
    framework.criteria.forEach((criterion, index) => {
      if (criterion.continues === undefined) return;
      const path = ["criteria", index, "continues"];
      const where = () => ({ file: parsed.file, path, ...parsed.locate(path) });
      const earlier = continuedBy.get(criterion.continues);
      continuedBy.set(criterion.continues, criterion.id);
      if (earlier !== undefined) {
        // Comparisons hand each earlier criterion's contribution to one successor; a split would count it twice.
        diagnostics.push(
          diagnostic("lineage-conflict", `'${criterion.id}' and '${earlier}' both continue '${criterion.continues}'; a criterion can carry on only one earlier criterion's line`, where()),
        );
      } else if (!previous) {
        diagnostics.push(diagnostic("invalid-value", `criterion '${criterion.id}' continues '${criterion.continues}', but the framework names no previous edition ('continues')`, where()));
      } else if (!previous.criteria.some((c) => c.id === criterion.continues)) {
        diagnostics.push(
          diagnostic("unknown-criterion", `'${criterion.continues}' is not a criterion of ${previous.id}, which this edition continues (its criteria: ${previous.criteria.map((c) => c.id).join(", ")})`, where()),
        );
      }
    });
  }
  return diagnostics;
}

/** The chain of `continues` from `framework` when it comes back to it (`a → b → a`), else undefined. */
function lineageCycle(framework: Framework, all: ReadonlyMap<string, Framework>): string[] | undefined {
  const chain = [framework.id];
  for (let current = framework; current.continues !== undefined; ) {
    chain.push(current.continues);
    if (current.continues === framework.id) return chain;
    const next = all.get(current.continues);
    // A cycle that does not pass through this framework is reported at the frameworks that are in it.
    if (!next || chain.indexOf(next.id) < chain.length - 1) return undefined;
    current = next;
  }
  return undefined;
}

function declaredIdOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof value === "object" && typeof id === "string" ? id : undefined;
}

const checkUniqueCriteria: FrameworkRule = (framework, parsed) => {
  const seen = new Set<string>();
  return framework.criteria.flatMap((criterion, index) => {
    if (!seen.has(criterion.id)) {
      seen.add(criterion.id);
      return [];
    }
    const path = ["criteria", index, "id"];
    return [diagnostic("duplicate-criterion", `criterion id '${criterion.id}' is listed twice; each criterion needs its own id`, { file: parsed.file, path, ...parsed.locate(path) })];
  });
};

/** Every number of a framework, where it is and its value: each is read exactly as written (see exactNumber). */
function numbersOf(framework: ParsedFramework): { path: DiagnosticPath; value: number }[] {
  return [
    ...framework.criteria.map((c, index) => ({ path: ["criteria", index, "weight"], value: c.weight })),
    ...(["min", "max", "step"] as const).map((key) => ({ path: ["scale", key], value: framework.scale[key] })),
    ...framework.bands.map((band, index) => ({ path: ["bands", index, "min"], value: band.min })),
    ...framework.weightSets.flatMap((set, index) => Object.entries(set.weights).map(([id, value]) => ({ path: ["weightSets", index, "weights", id], value }))),
  ];
}

/** The numbers of a framework that are whole: the editions (years) and the places averages are rounded to. */
function wholeNumbersOf(framework: ParsedFramework): { path: DiagnosticPath; example: string }[] {
  return [...(framework.editions ?? []).map((_, index) => ({ path: ["editions", index], example: "2024" })), { path: ["rounding", "decimals"], example: "1" }];
}

const checkNumberFormat: FrameworkRule = (framework, parsed) => [
  ...numbersOf(framework).flatMap(({ path }) => {
    const odd = oddlyWritten(parsed, path);
    return odd === undefined
      ? []
      : [diagnostic("number-format", `'${odd}' is not written as a plain decimal number; write it in digits, e.g. 20 or 12.5`, { file: parsed.file, path, ...parsed.locate(path) })];
  }),
  ...wholeNumbersOf(framework).flatMap(({ path, example }) => {
    const odd = oddlyWrittenWhole(parsed, path);
    return odd === undefined
      ? []
      : [diagnostic("number-format", `'${odd}' is not written as a plain whole number; write it in digits, e.g. ${example}`, { file: parsed.file, path, ...parsed.locate(path) })];
  }),
];

const checkWeightsTotal: FrameworkRule = (framework, parsed) => {
  const total = sum(framework.criteria.map((c, index) => exactNumber(parsed, ["criteria", index, "weight"], c.weight)));
  if (total.cmp(HUNDRED) === 0) return [];
  const listed = framework.criteria.map((c, index) => `${c.id} ${parsed.sourceOf(["criteria", index, "weight"]) ?? c.weight}`).join(", ");
  return [
    diagnostic("weights-total", `criterion weights add up to ${total.toDecimal(0, MAX_NUMBER_LENGTH)}%, not 100% (${listed}); adjust them so they total 100`, {
      file: parsed.file,
      path: ["criteria"],
      ...parsed.locate(["criteria"], "key"),
    }),
  ];
};

const checkScale: FrameworkRule = (framework, parsed) => {
  const { min, max, step } = exactScale(framework, parsed);
  const span = max.sub(min);
  // Looked up only for a problem: a position costs the full parse of a file read quickly.
  const where = () => ({ file: parsed.file, path: ["scale"], ...parsed.locate(["scale"], "key") });
  if (span.sign() <= 0) return [diagnostic("scale-invalid", `the scale's min (${min.toString()}) must be below its max (${max.toString()})`, where())];
  if (!span.isMultipleOf(step)) {
    return [diagnostic("scale-invalid", `the step ${step.toString()} does not divide the scale ${min.toString()}–${max.toString()} into equal steps`, where())];
  }
  return [];
};

const checkBands: FrameworkRule = (framework, parsed) => {
  const diagnostics: Diagnostic[] = [];
  const { min: scaleMin, max: scaleMax } = exactScale(framework, parsed);
  const bandMin = (index: number) => exactNumber(parsed, ["bands", index, "min"], framework.bands[index]!.min);
  // In messages, numbers as the user wrote them.
  const written = (path: DiagnosticPath, value: number) => parsed.sourceOf(path) ?? String(value);
  const shown = (index: number) => written(["bands", index, "min"], framework.bands[index]!.min);
  const scale = `${written(["scale", "min"], framework.scale.min)}–${written(["scale", "max"], framework.scale.max)}`;
  const at = (index: number) => {
    const path = ["bands", index, "min"];
    return { file: parsed.file, path, ...parsed.locate(path) };
  };
  framework.bands.forEach((band, index) => {
    const min = bandMin(index);
    if (min.cmp(scaleMin) < 0 || min.cmp(scaleMax) > 0) {
      diagnostics.push(diagnostic("band-out-of-range", `band '${band.label}' starts at ${shown(index)}, outside the scale ${scale}`, at(index)));
    }
    const previous = framework.bands[index - 1];
    if (!previous) return;
    const order = min.cmp(bandMin(index - 1));
    if (order === 0) {
      diagnostics.push(diagnostic("bands-overlap", `bands '${previous.label}' and '${band.label}' both start at ${shown(index)}; each band needs its own lower bound`, at(index)));
    } else if (order > 0) {
      diagnostics.push(
        diagnostic(
          "bands-order",
          `band '${band.label}' (from ${shown(index)}) is listed after '${previous.label}' (from ${shown(index - 1)}); list bands from the highest lower bound to the lowest`,
          at(index),
        ),
      );
    }
  });
  framework.bands.forEach((band, index) => {
    if (!bandMin(index).fitsDecimals(framework.rounding.decimals)) {
      diagnostics.push(
        diagnostic(
          "band-precision",
          `band '${band.label}' starts at ${shown(index)}, but averages are rounded to ${framework.rounding.decimals} decimal${framework.rounding.decimals === 1 ? "" : "s"}; give its lower bound to that precision`,
          at(index),
        ),
      );
    }
  });
  const lowest = framework.bands.at(-1)!;
  if (diagnostics.length === 0 && bandMin(framework.bands.length - 1).cmp(scaleMin) > 0) {
    diagnostics.push(
      diagnostic("bands-gap", `the lowest band '${lowest.label}' starts at ${shown(framework.bands.length - 1)}, so averages below it get no rating; start it at ${written(["scale", "min"], framework.scale.min)}`, at(framework.bands.length - 1)),
    );
  }
  return diagnostics;
};

const checkWeightSets: FrameworkRule = (framework, parsed) =>
  framework.weightSets.flatMap((set, index) => {
    const known = framework.criteria.map((c) => c.id);
    // The keys as written: zod's record drops a key named __proto__ (assigning it sets a prototype).
    const written = (parsed.value as { weightSets?: { weights?: object }[] }).weightSets?.[index]?.weights;
    // Keys are matched as written: `0x7:` and `6.99999999999999999:` both read as 7, but neither spells the id 7.
    const keyOf = (id: string) => parsed.sourceOf(["weightSets", index, "weights", id], "key") ?? id;
    const unknown = Object.keys(written && typeof written === "object" ? written : set.weights).filter((id) => !known.includes(id) || keyOf(id) !== id);
    if (unknown.length > 0) {
      return unknown.map((id) => {
        const path = ["weightSets", index, "weights", id];
        const key = keyOf(id);
        const readAs = key === id ? "" : ` (YAML reads this key as ${id}; write each key exactly as its criterion's id)`;
        const suggestion = key !== id && known.includes(id) ? `; did you mean '${id}'?` : didYouMean(key, known);
        return diagnostic("unknown-criterion", `weight set '${set.id}' weighs '${key}', which is not a criterion of this framework${readAs}${suggestion} (its criteria: ${known.join(", ")})`, {
          file: parsed.file,
          path,
          ...parsed.locate(path, "key"),
        });
      });
    }
    const total = sum(
      framework.criteria.map((c, criterionIndex) =>
        Object.hasOwn(set.weights, c.id)
          ? exactNumber(parsed, ["weightSets", index, "weights", c.id], set.weights[c.id]!)
          : exactNumber(parsed, ["criteria", criterionIndex, "weight"], c.weight),
      ),
    );
    if (total.cmp(HUNDRED) === 0) return [];
    const path = ["weightSets", index, "weights"];
    return [
      diagnostic("weights-total", `weight set '${set.id}' gives weights that add up to ${total.toDecimal(0, MAX_NUMBER_LENGTH)}%, not 100%`, { file: parsed.file, path, ...parsed.locate(path, "key") }),
    ];
  });

/** Two weight sets with one id (what-if could name only the first), or two bands with one label (which is meant?). */
const checkUniqueNames: FrameworkRule = (framework, parsed) => {
  const repeats = (names: readonly string[], key: (name: string) => string, path: (index: number) => DiagnosticPath, what: string) => {
    const seen = new Map<string, number>();
    return names.flatMap((name, index) => {
      const first = seen.get(key(name));
      if (first === undefined) {
        seen.set(key(name), index);
        return [];
      }
      return [
        diagnostic("duplicate-name", `${what} '${name}' is listed twice (as '${names[first]}', entry ${first + 1}); give each its own`, { file: parsed.file, path: path(index), ...parsed.locate(path(index)) }),
      ];
    });
  };
  return [
    ...repeats(framework.weightSets.map((set) => set.id), (id) => id, (index) => ["weightSets", index, "id"], "weight set"),
    // Printed ratings are compared without regard to case (a table prints GOOD or Good): so are labels.
    ...repeats(framework.bands.map((band) => band.label), (label) => label.trim().toUpperCase(), (index) => ["bands", index, "label"], "band"),
  ];
};

const FRAMEWORK_RULES: FrameworkRule[] = [checkNumberFormat, checkUniqueCriteria, checkUniqueNames, checkWeightsTotal, checkScale, checkBands, checkWeightSets];

/** The scale's bounds and step, exactly as written (the defaults where the file leaves them out). */
function exactScale(framework: ParsedFramework, parsed: ParsedYaml): { min: Fraction; max: Fraction; step: Fraction } {
  const { min, max, step } = framework.scale;
  return { min: exactNumber(parsed, ["scale", "min"], min), max: exactNumber(parsed, ["scale", "max"], max), step: exactNumber(parsed, ["scale", "step"], step) };
}

function resolveFramework(data: ParsedFramework, parsed: ParsedYaml): Framework {
  const file = parsed.file;
  return {
    id: data.id,
    title: data.title,
    ...(data.publisher !== undefined && { publisher: data.publisher }),
    ...(data.editions !== undefined && { editions: data.editions }),
    ...(data.publication !== undefined && { publication: data.publication }),
    ...(data.kind !== undefined && { kind: data.kind }),
    ...(data.continues !== undefined && { continues: data.continues }),
    scale: exactScale(data, parsed),
    criteria: data.criteria.map((c, index) => ({
      id: c.id,
      title: c.title,
      weight: exactNumber(parsed, ["criteria", index, "weight"], c.weight),
      ...(c.guidance !== undefined && { guidance: c.guidance }),
      ...(c.continues !== undefined && { continues: c.continues }),
      ...(c.printed !== undefined && { printed: c.printed }),
    })),
    bands: data.bands.map((b, index) => ({ label: b.label, min: exactNumber(parsed, ["bands", index, "min"], b.min) })),
    rounding: data.rounding,
    unscored: data.unscored,
    requireCommentaryOnChange: data.requireCommentaryOnChange,
    weightSets: data.weightSets.map((set, index) => ({
      id: set.id,
      title: set.title,
      weights: new Map(Object.entries(set.weights).map(([id, weight]) => [id, exactNumber(parsed, ["weightSets", index, "weights", id], weight)])),
    })),
    file,
  };
}
