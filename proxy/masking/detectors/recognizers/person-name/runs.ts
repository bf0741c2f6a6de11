import { type Detection, eachMatch } from '../../detection.js';
import { EPONYM_FOLLOWERS, ORG_WORDS, TITLES } from '../../lexicon/name-stopwords.js';
import { contextBefore, STRONG_AFTER } from './context.js';
import { isName, notName, TITLE_WORDS, TOKEN } from './lexicon.js';
import { type NameToken, scoreName } from './score.js';

/** A run of up to 4 capitalized tokens on one line, middle initials allowed. */
const RUN = new RegExp(`(?<![\\w'’-])${TOKEN}(?:[ \\t](?:[A-Z]\\.?[ \\t])?${TOKEN}){0,3}\\b`, 'g');
const TOKEN_IN_RUN = new RegExp(TOKEN, 'g');

function tokensOf(run: string, offset: number): NameToken[] {
  const out: NameToken[] = [];
  eachMatch(TOKEN_IN_RUN, run, (m) => {
    const text = m[0];
    out.push({ text, lc: text.toLowerCase(), start: offset + m.index, end: offset + m.index + text.length });
  });
  return out;
}

/** Capitalized runs, trimmed of non-name words, scored with their context. */
export function findNameRuns(text: string, out: Detection[]): void {
  eachMatch(RUN, text, (m) => {
    let tokens = tokensOf(m[0], m.index);
    if (tokens.some((t) => ORG_WORDS.has(t.lc))) return;
    let title = false;
    while (tokens.length > 0 && notName(tokens[0]!.lc)) {
      if (TITLE_WORDS.has(tokens[0]!.lc)) title = true;
      tokens = tokens.slice(1);
    }
    while (tokens.length > 0 && notName(tokens.at(-1)!.lc)) tokens = tokens.slice(0, -1);
    if (tokens.length === 0) return;
    const start = tokens[0]!.start;
    const end = tokens.at(-1)!.end;
    const rest = text.slice(end, end + 40);
    if (EPONYM_FOLLOWERS.test(rest)) return;
    const known = tokens.some((t) => isName(t.lc));
    if (!title) title = TITLES.test(text.slice(Math.max(0, start - 6), start));
    const ctx = contextBefore(text, start);
    const after = STRONG_AFTER.test(rest);
    if (!known && !title && !after && !ctx.relation && !ctx.label) return;
    const score = scoreName(tokens, {
      title,
      relation: ctx.relation || after,
      label: ctx.label,
      weak: ctx.weak,
      place: ctx.place,
      mid: ctx.mid,
    });
    if (score > 0) out.push({ entity: 'PERSON_NAME', start, end, score, detector: 'person-name' });
  });
}
