import { FIRST_NAMES } from '../../lexicon/first-names.js';
import { LAST_NAMES } from '../../lexicon/last-names.js';
import { AMBIGUOUS_NAMES, EPONYMS, NOT_NAMES } from '../../lexicon/name-stopwords.js';

/** A capitalized name token: Maria, O'Brien, McDonald, DeShawn, Smith-Jones. */
export const TOKEN = "[A-Z](?:[a-z]+|['’][A-Z][a-z]+)(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?";

export const isFirst = (lc: string) => FIRST_NAMES.has(lc);
export const isLast = (lc: string) => LAST_NAMES.has(lc);
export const isName = (lc: string) => isFirst(lc) || isLast(lc);
export const isEponym = (lc: string) => EPONYMS.has(lc);
export const ambiguous = (lc: string) => AMBIGUOUS_NAMES.has(lc) || EPONYMS.has(lc);
/** A word that is never a name (articles, clinical words, weekdays...) unless the dictionaries say so. */
export const notName = (lc: string) => NOT_NAMES.has(lc) && !isName(lc);
export const TITLE_WORDS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'rev',
]);
