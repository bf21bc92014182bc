import type { Framework } from "../model/model.js";
import type { Fraction } from "../model/fraction.js";

/** One change between two versions of a framework edition (one id). */
export type FrameworkChange =
  | { kind: "title"; before: string; after: string }
  | { kind: "criterion-added" | "criterion-removed"; id: string; title: string; weight: Fraction }
  | { kind: "criterion-weight"; id: string; title: string; before: Fraction; after: Fraction }
  | { kind: "criterion-title"; id: string; before: string; after: string }
  | { kind: "band-added" | "band-removed"; label: string; min: Fraction }
  | { kind: "band-min"; label: string; before: Fraction; after: Fraction }
  /** Anything else a framework says: `name` is the key, with the values as written, or empty where long (guidance). */
  | { kind: "setting"; name: string; before: string; after: string };

/** A framework edition added, deleted or changed between two revisions. */
export interface FrameworkDiff {
  id: string;
  /** The later version's title, else the earlier one's. */
  title: string;
  /** `invalid`: it has errors at the later revision; `repaired`: it had errors at the earlier one. */
  status: "added" | "deleted" | "modified" | "invalid" | "repaired";
  /** The files it was read from. */
  before?: string;
  after?: string;
  /** What changed, for a modified one; the order of a framework file, criteria first. */
  changes: FrameworkChange[];
}

/** A set of frameworks as read at one revision: the valid ones by id, and the ids of those with errors. */
export interface FrameworkVersions {
  byId: ReadonlyMap<string, Framework>;
  invalidIds: ReadonlySet<string>;
}

/** The editions added, deleted, changed, broken or repaired between two sets of frameworks, by id in alphabetical order. */
export function diffFrameworkSets(before: FrameworkVersions, after: FrameworkVersions): FrameworkDiff[] {
  const ids = [...new Set([...before.byId.keys(), ...after.byId.keys(), ...before.invalidIds, ...after.invalidIds])].sort();
  return ids.flatMap((id): FrameworkDiff[] => {
    const earlier = before.byId.get(id);
    const later = after.byId.get(id);
    if (after.invalidIds.has(id)) {
      return before.invalidIds.has(id) ? [] : [{ id, title: earlier?.title ?? id, status: "invalid", ...(earlier && { before: earlier.file }), changes: [] }];
    }
    if (before.invalidIds.has(id) && later) return [{ id, title: later.title, status: "repaired", after: later.file, changes: [] }];
    if (!earlier && !later) return [];
    if (!earlier) return [{ id, title: later!.title, status: "added", after: later!.file, changes: [] }];
    if (!later) return [{ id, title: earlier.title, status: "deleted", before: earlier.file, changes: [] }];
    const changes = diffFramework(earlier, later);
    return changes.length === 0 ? [] : [{ id, title: later.title, status: "modified", before: earlier.file, after: later.file, changes }];
  });
}

/** What differs between two versions of a framework; empty when they score and print everything alike. */
export function diffFramework(before: Framework, after: Framework): FrameworkChange[] {
  const changes: FrameworkChange[] = [];
  if (before.title !== after.title) changes.push({ kind: "title", before: before.title, after: after.title });
  const earlier = new Map(before.criteria.map((c) => [c.id, c]));
  const later = new Map(after.criteria.map((c) => [c.id, c]));
  for (const criterion of after.criteria) {
    const was = earlier.get(criterion.id);
    if (!was) {
      changes.push({ kind: "criterion-added", id: criterion.id, title: criterion.title, weight: criterion.weight });
      continue;
    }
    if (was.title !== criterion.title) changes.push({ kind: "criterion-title", id: criterion.id, before: was.title, after: criterion.title });
    if (was.weight.cmp(criterion.weight) !== 0) {
      changes.push({ kind: "criterion-weight", id: criterion.id, title: criterion.title, before: was.weight, after: criterion.weight });
    }
    for (const [name, value] of [
      ["continues", (c: typeof criterion) => c.continues ?? ""],
      ["printed", (c: typeof criterion) => (c.printed ?? []).join("; ")],
      ["guidance", (c: typeof criterion) => c.guidance ?? ""],
    ] as const) {
      if (value(was) !== value(criterion)) {
        const long = name === "guidance";
        changes.push({ kind: "setting", name: `${criterion.id}.${name}`, before: long ? "" : value(was), after: long ? "" : value(criterion) });
      }
    }
  }
  for (const criterion of before.criteria) {
    if (!later.has(criterion.id)) changes.push({ kind: "criterion-removed", id: criterion.id, title: criterion.title, weight: criterion.weight });
  }
  const order = (framework: Framework) => framework.criteria.map((c) => c.id).filter((id) => earlier.has(id) && later.has(id)).join(",");
  if (order(before) !== order(after)) changes.push({ kind: "setting", name: "criteria order", before: order(before), after: order(after) });

  const earlierBands = new Map(before.bands.map((b) => [b.label, b]));
  const laterBands = new Map(after.bands.map((b) => [b.label, b]));
  for (const band of after.bands) {
    const was = earlierBands.get(band.label);
    if (!was) changes.push({ kind: "band-added", label: band.label, min: band.min });
    else if (was.min.cmp(band.min) !== 0) changes.push({ kind: "band-min", label: band.label, before: was.min, after: band.min });
  }
  for (const band of before.bands) if (!laterBands.has(band.label)) changes.push({ kind: "band-removed", label: band.label, min: band.min });

  const settings: [string, (f: Framework) => string][] = [
    ["scale", (f) => `${f.scale.min.toDecimal()}–${f.scale.max.toDecimal()} in steps of ${f.scale.step.toDecimal()}`],
    ["rounding", (f) => `${f.rounding.decimals} decimals, ${f.rounding.mode}`],
    ["unscored", (f) => f.unscored],
    ["requireCommentaryOnChange", (f) => String(f.requireCommentaryOnChange)],
    ["continues", (f) => f.continues ?? ""],
    ["kind", (f) => f.kind ?? ""],
    ["publication", (f) => f.publication ?? ""],
    ["publisher", (f) => f.publisher ?? ""],
    ["editions", (f) => (f.editions ?? []).join(", ")],
  ];
  for (const [name, value] of settings) {
    if (value(before) !== value(after)) changes.push({ kind: "setting", name, before: value(before), after: value(after) });
  }
  // Weight sets one by one: their weights, as `id=percent`.
  const weights = (framework: Framework) =>
    new Map(framework.weightSets.map((set) => [set.id, [...set.weights].map(([id, w]) => `${id}=${w.toDecimal()}`).join(", ")]));
  const earlierSets = weights(before);
  const laterSets = weights(after);
  for (const id of new Set([...earlierSets.keys(), ...laterSets.keys()])) {
    const was = earlierSets.get(id) ?? "";
    const is = laterSets.get(id) ?? "";
    if (was !== is) changes.push({ kind: "setting", name: `weight set ${id}`, before: was, after: is });
  }
  return changes;
}
