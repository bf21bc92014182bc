/** The most of a line of copied text that a message quotes: enough to find it, never a page pasted on one line. */
export const QUOTED_LENGTH = 60;

/**
 * A line (or cell) of the copied text as a message quotes it: trimmed, in double quotes with JSON's escapes, and cut
 * after QUOTED_LENGTH characters with an ellipsis. The message's position says where the whole of it is.
 */
export function quoteLine(text: string): string {
  const line = text.trim();
  if (line.length <= QUOTED_LENGTH) return JSON.stringify(line);
  let cut = line.slice(0, QUOTED_LENGTH);
  // Not half a character: a surrogate pair (an emoji, say) is kept whole or left out.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return JSON.stringify(`${cut}…`);
}
