/**
 * Small scanners for copied text, written as loops rather than regular expressions: text from PDF extractions is
 * full of long runs of spaces, digits and punctuation, on which a pattern such as `(.*?)\s+(\d+)\s*$` backtracks
 * quadratically (400 KB of it took over 90 s). Each of these is linear in its input.
 */

/** A whole number or a decimal, as tables print scores and averages. Test whole strings with it, anchored. */
const NUMBER_TEXT = /^\d+(?:\.\d+)?$/;

export function isNumberText(text: string): boolean {
  return NUMBER_TEXT.test(text);
}

/** `text` without the characters at its end that are in `drop` (a string of them, or a test). */
export function trimEndOf(text: string, drop: string | ((character: string) => boolean)): string {
  const dropped = typeof drop === "string" ? (character: string) => drop.includes(character) : drop;
  let end = text.length;
  while (end > 0 && dropped(text[end - 1]!)) end--;
  return text.slice(0, end);
}

export function isWhitespace(character: string | undefined): boolean {
  return character !== undefined && /\s/.test(character);
}

/**
 * A line that ends in a number after some text (`Problem understood  7`): the text before it, trimmed, and the
 * number; undefined when the line does not end so, or nothing comes before the number.
 */
export function trailingNumber(line: string): { before: string; number: string } | undefined {
  let end = line.length;
  while (end > 0 && isWhitespace(line[end - 1])) end--;
  let start = end;
  while (start > 0 && /[\d.]/.test(line[start - 1]!)) start--;
  const number = line.slice(start, end);
  if (!isNumberText(number) || start === 0 || !isWhitespace(line[start - 1])) return undefined;
  let beforeEnd = start;
  while (beforeEnd > 0 && isWhitespace(line[beforeEnd - 1])) beforeEnd--;
  return { before: line.slice(0, beforeEnd), number };
}

/** The words of `text` between `from` and `to`, split at whitespace, each with its offset in `text`. */
export function words(text: string, from = 0, to = text.length): { word: string; at: number }[] {
  const found: { word: string; at: number }[] = [];
  let index = from;
  while (index < to) {
    while (index < to && isWhitespace(text[index])) index++;
    const start = index;
    while (index < to && !isWhitespace(text[index])) index++;
    if (index > start) found.push({ word: text.slice(start, index), at: start });
  }
  return found;
}

/**
 * Lines of a cell as one paragraph: joined with a space, or without one after a word broken by a hyphen
 * ("anti-\npersonnel" stays "anti-personnel"); spaces and tabs around each line break, and blank lines, go.
 */
export function joinWrappedLines(text: string): string {
  let joined = "";
  for (const [index, raw] of text.trim().split("\n").entries()) {
    const line = trimEndOf(index === 0 ? raw : raw.trimStart(), " \t");
    if (line === "") continue;
    if (joined === "") joined = line;
    else joined += hyphenated(joined) ? line : ` ${line}`;
  }
  return joined;
}

/** Whether a line ends in a hyphen right after a word, as a word broken over two lines does. */
function hyphenated(line: string): boolean {
  return line.endsWith("-") && line.length >= 2 && !isWhitespace(line[line.length - 2]);
}
