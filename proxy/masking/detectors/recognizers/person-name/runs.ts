import { type Detection, eachMatch } from '../../detection.js';
import { EPONYM_FOLLOWERS, ORG_WORDS, TITLES } from '../../lexicon/name-stopwords.js';
import { contextBefore, STRONG_AFTER } from './context.js';
import { isName, notName, TITLE_WORDS, TOKEN } from './lexicon.js';
import { type NameToken, scoreName } from './score.js';

/** A run of up to 4 capitalized tokens on one line, middle initials allowed. */
const RUN = new RegExp(`(?<![\\w'’-])${TOKEN}(?:[ \\t](?:[A-Z]\\.?[ \\t])?${TOKEN}){0,3}\\b`, 'g');
const TOKEN_IN_RUN = new RegExp(TOKEN, 'g');
/** `, 87-year-old`, `, 45 yo`, `, a 62 y/o`, `is a 70-year-old`. */
const AGE_AFTER = /^(?:,[ \t]*|[ \t]+is[ \t]+)(?:an?[ \t]+)?\d{1,3}[- ]?(?:year[- ]old|yo\b|y\/o\b|y\.o\.)/i;
/** The start of an age phrase cut off by the end of the value (`left(notes, 60)` → `Jack, 8`). */
const AGE_CUT = /^(?:,[ \t]*|[ \t]+is[ \t]+)(?:an?[ \t]+)?\d{1,3}([- ]?[a-z/.]{0,8}[- ]?[a-z]{0,3})$/i;
const AGE_WORDS = ['year-old', 'year old', 'yo', 'y/o', 'y.o.'];
/** Month names that are also given names: `May, 2` is more likely a date cut short. */
const MONTH_NAMES = new Set(['april', 'may', 'june', 'july', 'august']);

/** True when `rest` runs to the end of the text and is a cut-off age phrase. */
function ageCutAtEnd(rest: string, atEnd: boolean): boolean {
  if (!atEnd) return false;
  const m = AGE_CUT.exec(rest);
  if (!m) return false;
  const unit = (m[1] ?? '').replace(/^[- ]/, '').toLowerCase();
  return unit === '' || AGE_WORDS.some((w) => w.startsWith(unit));
}

/** Titles only a person has (`Dr.` also heads clinics and practices). */
const PERSONAL_TITLE = /\b(?:Mr|Mrs|Ms|Miss|Mx)\.?[ \t]+$/;

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
    const org = tokens.findIndex((t) => ORG_WORDS.has(t.lc));
    if (org >= 0) {
      // `Mr. Garcia Medical record number` (a line break flattened away): after a personal
      // title the words before the organization word are a name; otherwise the run is an
      // organization (`Mercy Medical Center`).
      if (org === 0 || !PERSONAL_TITLE.test(text.slice(Math.max(0, m.index - 6), m.index))) return;
      tokens = tokens.slice(0, org);
    }
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
    // `Jack, 87-year-old male`: an age right after the run is a person; strong enough to teach
    // the rest of the text (`HPI: Jack received ...`), even for a name that is an everyday word.
    // A value cut in the middle of that age (a prefix taken by SQL) keeps the cue's start.
    const cut =
      ageCutAtEnd(rest, end + rest.length === text.length) && !tokens.every((t) => MONTH_NAMES.has(t.lc));
    const aged = AGE_AFTER.test(rest) ? 0.85 : cut ? 0.8 : 0;
    const best = Math.max(score, aged);
    if (best > 0) out.push({ entity: 'PERSON_NAME', start, end, score: best, detector: 'person-name' });
  });
}
