import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';
import { FIRST_NAMES } from '../lexicon/first-names.js';
import { LAST_NAMES } from '../lexicon/last-names.js';
import {
  AMBIGUOUS_NAMES,
  EPONYM_FOLLOWERS,
  EPONYMS,
  NOT_NAMES,
  ORG_WORDS,
  TITLES,
} from '../lexicon/name-stopwords.js';

/** A capitalized name token: Maria, O'Brien, McDonald, DeShawn, Smith-Jones. */
const TOKEN = "[A-Z](?:[a-z]+|['’][A-Z][a-z]+)(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?";
/** A run of up to 4 capitalized tokens, middle initials allowed. */
const RUN = new RegExp(`(?<![\\w'’-])${TOKEN}(?:[ \\t](?:[A-Z]\\.?[ \\t])?${TOKEN}){0,3}\\b`, 'g');
const TOKEN_IN_RUN = new RegExp(TOKEN, 'g');
/** `Smith, John` / `Smith, John Q.` */
const LAST_FIRST = new RegExp(`(?<![\\w'’-])(${TOKEN}), (${TOKEN})(?: [A-Z]\\.)?(?![\\w'’-])`, 'g');
/** `JOHN SMITH`, `SMITH, JOHN` in upper-case headers. */
const UPPER = /(?<![\w'’-])([A-Z][A-Z'’-]+)(,?) ([A-Z][A-Z'’-]+)(?: ([A-Z][A-Z'’-]+))?\b/g;

const STRONG_BEFORE =
  /(?:\b(?:patient|pt|daughter|son|wife|husband|spouse|partner|fianc[eé]e?|mother|mom|father|dad|sister|brother|grandmother|grandfather|granddaughter|grandson|grandma|grandpa|aunt|uncle|niece|nephew|cousin|friend|neighbou?r|caregiver|guardian|named|name|signed|signature|attending|physician|surgeon|nurse|provider|referred by|emergency contact|contact|poa|proxy|accompanied by|seen by|resident|intern|therapist|pharmacist|np|pa|rn|md|cc|dear|attn|by)(?:['’]s)?|\bname\s?is)(?:\s*[,:(-]\s*|\s+(?:is|was|named|called)\s+|\s+)$/i;
const WEAK_BEFORE =
  /\b(?:with|per|to|from|for|and|told|asked|informed|contacted|called|paged|notified|messaged|emailed|visited|met|saw|thanked|discussed with|spoke with|left for)\s+$/i;
const STRONG_AFTER =
  /^(?:\s*\(|,\s*|\s+)(?:(?:her|his|their|the patient['’]s|pt['’]s|patient['’]s)\s+)?(?:daughter|son|wife|husband|spouse|partner|mother|father|sister|brother|caregiver|guardian|friend|niece|nephew|granddaughter|grandson)\b|^,?\s+(?:MD|M\.D\.|DO|RN|NP|PA-C|PhD|DDS|LPN|CNA|APRN|FNP)\b|^\s*\(\s*(?:DOB|MRN|age)\b|^['’]s\s+(?:daughter|son|wife|husband|mother|father|sister|brother|caregiver)\b/i;

/** Start of text, or after sentence punctuation, a line break, a bullet or a label colon. */
const SENTENCE_START = /(?:^|[.!?\n\r:;•*#>"“(\]-])\s*$/;

interface Token {
  readonly text: string;
  readonly lc: string;
  readonly start: number;
  readonly end: number;
}

const isFirst = (lc: string) => FIRST_NAMES.has(lc);
const isLast = (lc: string) => LAST_NAMES.has(lc);
const isName = (lc: string) => isFirst(lc) || isLast(lc);
const ambiguous = (lc: string) => AMBIGUOUS_NAMES.has(lc) || EPONYMS.has(lc);
const TITLE_WORDS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev']);

function tokensOf(run: string, offset: number): Token[] {
  const out: Token[] = [];
  eachMatch(TOKEN_IN_RUN, run, (m) => {
    const text = m[0];
    out.push({ text, lc: text.toLowerCase(), start: offset + m.index, end: offset + m.index + text.length });
  });
  return out;
}

/** Scores the name tokens of one run, given what surrounds them. */
/**
 * `mid` is true when the run is not at a sentence start: capitalization there is evidence in
 * itself, which lets everyday-word names (Will, Grace Hill) through with weak context.
 */
function scoreName(
  tokens: readonly Token[],
  title: boolean,
  strong: boolean,
  weak: boolean,
  mid: boolean,
): number {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  if (title) return 0.9;
  if (tokens.length >= 2) {
    if (isFirst(first.lc) && isLast(last.lc)) {
      if (ambiguous(first.lc) && ambiguous(last.lc)) return strong ? 0.8 : weak || mid ? 0.55 : 0.45;
      return 0.9;
    }
    if (isFirst(first.lc) && !ambiguous(first.lc) && !NOT_NAMES.has(last.lc)) return strong ? 0.85 : 0.75;
    if (isFirst(first.lc)) return strong ? 0.7 : 0.3;
    if (isLast(last.lc) && !NOT_NAMES.has(first.lc)) {
      return ambiguous(last.lc) ? (strong ? 0.7 : weak ? 0.5 : 0.4) : strong ? 0.85 : 0.7;
    }
    return strong ? 0.65 : 0;
  }
  const t = first.lc;
  if (ambiguous(t)) return strong ? 0.7 : weak && mid ? 0.55 : 0;
  if (isFirst(t)) return strong ? 0.8 : weak ? 0.65 : 0.55;
  if (isLast(t)) return strong ? 0.8 : weak ? 0.55 : 0.4;
  return strong ? 0.6 : 0;
}

function findRuns(text: string, out: Detection[]): void {
  eachMatch(RUN, text, (m) => {
    let tokens = tokensOf(m[0], m.index);
    if (tokens.some((t) => ORG_WORDS.has(t.lc))) return;
    let title = false;
    while (tokens.length > 0 && NOT_NAMES.has(tokens[0]!.lc) && !isName(tokens[0]!.lc)) {
      if (TITLE_WORDS.has(tokens[0]!.lc)) title = true;
      tokens = tokens.slice(1);
    }
    while (tokens.length > 0 && NOT_NAMES.has(tokens[tokens.length - 1]!.lc) && !isName(tokens.at(-1)!.lc)) {
      tokens = tokens.slice(0, -1);
    }
    if (tokens.length === 0) return;
    const start = tokens[0]!.start;
    const end = tokens[tokens.length - 1]!.end;
    const rest = text.slice(end, end + 40);
    if (EPONYM_FOLLOWERS.test(rest)) return;
    const known = tokens.some((t) => isName(t.lc));
    const window = text.slice(Math.max(0, start - 40), start);
    if (!title) title = TITLES.test(window);
    // Unknown words need a title or strong context; skip the context regexes when there is none.
    if (!known && !title && window.length === 0 && !STRONG_AFTER.test(rest)) return;
    const strong = STRONG_BEFORE.test(window) || STRONG_AFTER.test(rest);
    const weak = !strong && WEAK_BEFORE.test(window);
    const mid = !SENTENCE_START.test(window);
    const score = scoreName(tokens, title, strong, weak, mid);
    if (score > 0)
      out.push({ entity: 'PERSON_NAME', start, end, score: clampScore(score), detector: 'person-name' });
  });
}

function findLastFirst(text: string, out: Detection[]): void {
  eachMatch(LAST_FIRST, text, (m) => {
    const last = (m[1] ?? '').toLowerCase();
    const first = (m[2] ?? '').toLowerCase();
    if (!isLast(last) || !isFirst(first) || (ambiguous(last) && ambiguous(first))) return;
    out.push({
      entity: 'PERSON_NAME',
      start: m.index,
      end: m.index + m[0].length,
      score: 0.85,
      detector: 'person-name',
    });
  });
}

function findUpper(text: string, out: Detection[]): void {
  eachMatch(UPPER, text, (m) => {
    const [, a = '', comma = '', b = '', c] = m;
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    const lc = c?.toLowerCase();
    const endOfB = m.index + a.length + comma.length + 1 + b.length;
    let end = -1;
    if (comma === ',') {
      if (isLast(la) && isFirst(lb) && !(ambiguous(la) && ambiguous(lb))) end = endOfB;
    } else if (isFirst(la) && lc !== undefined && isLast(lc) && !(ambiguous(la) && ambiguous(lc))) {
      end = m.index + m[0].length;
    } else if (isFirst(la) && isLast(lb) && !(ambiguous(la) && ambiguous(lb))) {
      end = endOfB;
    }
    if (end > 0)
      out.push({ entity: 'PERSON_NAME', start: m.index, end, score: 0.8, detector: 'person-name' });
  });
}

/** Person names: dictionaries of given and family names plus titles, relations and roles around them. */
export const personNameRecognizer: Recognizer = {
  name: 'person-name',
  needs: FEATURE.upper,
  find(text: string, out: Detection[]) {
    findRuns(text, out);
    findLastFirst(text, out);
    findUpper(text, out);
  },
};
