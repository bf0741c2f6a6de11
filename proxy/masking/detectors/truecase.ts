/**
 * Upper-case text (`upper(notes)`, shouted headers) hides what the name and place recognizers
 * read: capitalization. For such a text this builds a same-length "truecased" copy, written as
 * prose would be, so that those recognizers can run on it and their positions apply to the
 * original unchanged: only ASCII letters change case, one for one.
 *
 * A word is capitalized when prose would capitalize it: a sentence start, a personal or
 * professional title, a dictionary name or city word that is not also an everyday word (an
 * everyday one only next to another name: `WILL SMITH`, not `PATIENT WILL FOLLOW UP`). A
 * two-letter word right after `, ` stays upper case (a state code or a credential:
 * `FARGO, ND`, `JORDAN, NP`). Words joined to digits (`MRN12345678`) are left as they are.
 */
import { FIRST_NAMES } from './lexicon/first-names.js';
import { LAST_NAMES } from './lexicon/last-names.js';
import { AMBIGUOUS_NAMES, EPONYMS, NOT_NAMES } from './lexicon/name-stopwords.js';
import { US_CITIES } from './lexicon/us-cities.js';
import { US_STATE_NAMES } from './lexicon/us-states.js';

/** At least this many ASCII letters, and at most this share in lower case, make a text shouted. */
const MIN_LETTERS = 12;
const MAX_LOWER_SHARE = 0.1;

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev']);

const PLACE_WORDS: ReadonlySet<string> = new Set(
  [...US_CITIES, ...US_STATE_NAMES.map((s) => s.toLowerCase())].flatMap((c) => c.split(/[ .-]+/)),
);

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isLetter = (c: number) => isUpper(c) || isLower(c);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isApostrophe = (c: number) => c === 39 || c === 0x2019;

/** True when the text is written in capitals (too few lower-case letters to read case from). */
export function isShouted(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isUpper(c)) upper++;
    else if (isLower(c)) lower++;
  }
  const letters = upper + lower;
  return letters >= MIN_LETTERS && lower <= letters * MAX_LOWER_SHARE;
}

const named = (lc: string) => FIRST_NAMES.has(lc) || LAST_NAMES.has(lc) || PLACE_WORDS.has(lc);
const everyday = (lc: string) => AMBIGUOUS_NAMES.has(lc) || EPONYMS.has(lc) || NOT_NAMES.has(lc);

interface Word {
  readonly start: number;
  readonly end: number;
  readonly lc: string;
}

/** The words of `text` (ASCII letters with inner apostrophes), skipping those joined to digits. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (
      i < text.length &&
      (isLetter(text.charCodeAt(i)) || (isApostrophe(text.charCodeAt(i)) && isLetter(text.charCodeAt(i + 1))))
    )
      i++;
    if (isDigit(text.charCodeAt(start - 1)) || isDigit(text.charCodeAt(i))) continue;
    words.push({ start, end: i, lc: text.slice(start, i).toLowerCase() });
  }
  return words;
}

/** Whether the word at `start` begins a sentence (nothing but blanks since `.`, `!`, `?`, `:` or a line start). */
function sentenceStart(text: string, start: number): boolean {
  let j = start - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '"' || text[j] === '(')) j--;
  if (j < 0) return true;
  const p = text[j];
  return p === '.' || p === '!' || p === '?' || p === ':' || p === '\n' || p === '\r' || p === '-';
}

/** The same-length prose-cased copy of a shouted text. */
export function truecase(text: string): string {
  const words = wordsOf(text);
  const out: string[] = [];
  let at = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    out.push(text.slice(at, word.start));
    const original = text.slice(word.start, word.end);
    const prev = words[w - 1];
    const next = words[w + 1];
    const nearName = (o: Word | undefined) => o !== undefined && named(o.lc) && !everyday(o.lc);
    let form: 'upper' | 'capital' | 'lower' = 'lower';
    if (original.length === 2 && text.slice(word.start - 2, word.start) === ', ') form = 'upper';
    else if (TITLES.has(word.lc) || sentenceStart(text, word.start)) form = 'capital';
    else if (named(word.lc) && (!everyday(word.lc) || nearName(prev) || nearName(next))) form = 'capital';
    if (form === 'upper') out.push(original);
    else if (form === 'capital') out.push(original[0]!.toUpperCase() + word.lc.slice(1));
    else out.push(word.lc);
    at = word.end;
  }
  out.push(text.slice(at));
  return out.join('');
}
