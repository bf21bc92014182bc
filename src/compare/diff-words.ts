/** A run of text that both versions share, or that only one of them has. */
export interface WordChange {
  kind: "same" | "removed" | "added";
  text: string;
}

/**
 * Above this many token pairs (about 2,000 words on each side) the table of common runs is not built: the whole
 * text is shown as removed and added instead. Commentaries are a few hundred words.
 */
const MAX_PAIRS = 4_000_000;

/**
 * How `before` became `after`, word by word: the longest common run of words (and the spaces between them) kept as
 * `same`, the rest `removed` or `added`, removals before additions where both happen at one place. Joining the
 * `same` and `removed` texts gives `before`; the `same` and `added` ones give `after`.
 */
export function diffWords(before: string, after: string): WordChange[] {
  if (before === after) return before === "" ? [] : [{ kind: "same", text: before }];
  const a = tokens(before);
  const b = tokens(after);
  // The shared start and end cost nothing to find and shrink the table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const middle = middleChanges(a.slice(start, a.length - end), b.slice(start, b.length - end));
  return merge([
    { kind: "same", text: a.slice(0, start).join("") },
    ...middle,
    { kind: "same", text: a.slice(a.length - end).join("") },
  ]);
}

/** Words and the whitespace between them, each a token of its own. */
function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function middleChanges(a: readonly string[], b: readonly string[]): WordChange[] {
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_PAIRS) {
    return [
      { kind: "removed", text: a.join("") },
      { kind: "added", text: b.join("") },
    ];
  }
  // common[i][j]: the length of the longest common subsequence of a[i..] and b[j..], one row at a time.
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] = a[i] === b[j] ? common[(i + 1) * width + j + 1]! + 1 : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
    }
  }
  const changes: WordChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      changes.push({ kind: "same", text: a[i]! }), i++, j++;
    } else if (j >= b.length || (i < a.length && common[(i + 1) * width + j]! >= common[i * width + j + 1]!)) {
      changes.push({ kind: "removed", text: a[i]! }), i++;
    } else {
      changes.push({ kind: "added", text: b[j]! }), j++;
    }
  }
  return changes;
}

/**
 * Adjacent runs of one kind joined, empty ones dropped, and a space alone between two changes taken into them, so
 * that "[-a b-]{+c d+}" reads as one replacement rather than as "[-a-]{+c+} [-b-]{+d+}".
 */
function merge(changes: readonly WordChange[]): WordChange[] {
  const absorbed = changes.map((change, index) => {
    const previous = changes[index - 1];
    const next = changes[index + 1];
    const between = change.kind === "same" && /^\s+$/.test(change.text) && previous && next && previous.kind !== "same" && next.kind !== "same";
    return between ? [{ kind: "removed" as const, text: change.text }, { kind: "added" as const, text: change.text }] : [change];
  });
  // Within each stretch of changes, removals first, then additions.
  const ordered: WordChange[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) ordered.push({ kind: "removed", text: removed });
    if (added) ordered.push({ kind: "added", text: added });
    removed = added = "";
  };
  for (const change of absorbed.flat()) {
    if (change.kind === "removed") removed += change.text;
    else if (change.kind === "added") added += change.text;
    else if (change.text !== "") {
      flush();
      const last = ordered.at(-1);
      if (last?.kind === "same") last.text += change.text;
      else ordered.push({ ...change });
    }
  }
  flush();
  return ordered;
}
