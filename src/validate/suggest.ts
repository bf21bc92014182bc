/** "; did you mean 'x'?" for the closest candidate within a small edit distance, or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best === undefined ? "" : `; did you mean '${best}'?`;
}

/** The candidate nearest to `word`, if it is near enough to be a likely misspelling. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  let bestDistance = tolerance + 1;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a candidate that cannot beat the best is not measured.
    if (Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** "'a', 'b' or 'c'" */
export function listOfQuoted(items: readonly string[], conjunction = "or"): string {
  const quoted = items.map((item) => `'${item}'`);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted.at(-1)}`;
}
