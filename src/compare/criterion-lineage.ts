import type { Framework } from "../model/model.js";

/**
 * Which criterion of `earlier` each criterion of `later` carries on, following the editions' `continues` chain
 * (ctm-2024 → ctm-2019 → ctm-2016 → lm-2014). Keyed by the later criterion's id. The two frameworks may be given
 * in either order of time. Undefined when neither framework descends from the other: then nothing is matched,
 * rather than guessing from ids.
 */
export function criterionLineage(earlier: Framework, later: Framework, frameworks: ReadonlyMap<string, Framework>): Map<string, string> | undefined {
  if (earlier.id === later.id) return new Map(later.criteria.map((c) => [c.id, c.id]));
  const forward = descent(later, earlier.id, frameworks);
  if (forward) return forward;
  const backward = descent(earlier, later.id, frameworks);
  return backward && new Map([...backward].map(([earlierId, laterId]) => [laterId, earlierId]));
}

/** From `from` back to the edition `ancestorId`: from's criterion id → the ancestor criterion it continues. */
function descent(from: Framework, ancestorId: string, frameworks: ReadonlyMap<string, Framework>): Map<string, string> | undefined {
  let mapping = new Map(from.criteria.map((c) => [c.id, c.id]));
  let current = from;
  const seen = new Set<string>([from.id]);
  while (current.id !== ancestorId) {
    const previous = current.continues === undefined ? undefined : frameworks.get(current.continues);
    if (!previous || seen.has(previous.id)) return undefined;
    seen.add(previous.id);
    const step = new Map(current.criteria.flatMap((c) => (c.continues === undefined ? [] : [[c.id, c.continues] as const])));
    mapping = new Map([...mapping].flatMap(([fromId, currentId]) => (step.has(currentId) ? [[fromId, step.get(currentId)!] as const] : [])));
    current = previous;
  }
  return mapping;
}
