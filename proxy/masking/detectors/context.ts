/**
 * Context words near a candidate raise (or decide) its score, as in Presidio's context
 * enhancement. Windows are measured in characters; matching is case-insensitive.
 */

/** The `window` characters before `start`, lower-cased. */
export function before(text: string, start: number, window = 40): string {
  return text.slice(Math.max(0, start - window), start).toLowerCase();
}

/** The `window` characters after `end`, lower-cased. */
export function after(text: string, end: number, window = 30): string {
  return text.slice(end, end + window).toLowerCase();
}

/** Compiles context words to one regex (word-bounded alternatives). */
export function contextWords(words: readonly string[]): RegExp {
  const alts = words
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*'))
    .sort((a, b) => b.length - a.length);
  return new RegExp(`(?:^|[^a-z0-9])(?:${alts.join('|')})(?![a-z])`, 'g');
}

/** Position (in the window) of the last context word, or -1. */
export function lastContextIndex(window: string, words: RegExp): number {
  words.lastIndex = 0;
  let last = -1;
  for (let m = words.exec(window); m !== null; m = words.exec(window)) last = m.index;
  return last;
}

export function hasContext(text: string, start: number, words: RegExp, window = 40): boolean {
  words.lastIndex = 0;
  return words.test(before(text, start, window));
}

/** Boost applied when a context word is present (Presidio uses +0.35). */
export const CONTEXT_BOOST = 0.35;
