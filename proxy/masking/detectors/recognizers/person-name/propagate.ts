import type { Detection } from '../../detection.js';
import { EPONYM_FOLLOWERS } from '../../lexicon/name-stopwords.js';
import { notName } from './lexicon.js';

/** Names found with this score or more teach the rest of the text. */
const TEACHER_SCORE = 0.75;
const PROPAGATED_SCORE = 0.7;

/**
 * A name found confidently once (`Patient: ROMAN, MARK`, `Dr. Nathan Walters`) is a name
 * wherever its words recur capitalized in the same text (`Mark received ...`).
 */
export function propagateNames(text: string, found: readonly Detection[], out: Detection[]): void {
  const words = new Set<string>();
  for (const d of found) {
    if (d.score < TEACHER_SCORE) continue;
    for (const w of text.slice(d.start, d.end).split(/[\s,.]+/)) {
      const lc = w.toLowerCase();
      if (w.length >= 3 && /^[A-Za-z'’-]+$/.test(w) && !notName(lc)) words.add(lc);
    }
  }
  if (words.size === 0) return;
  const covered = (s: number, e: number) => found.some((d) => d.start < e && s < d.end);
  for (const lc of words) {
    const title = lc[0]!.toUpperCase() + lc.slice(1);
    for (const form of [title, lc.toUpperCase()]) {
      for (let i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) {
        const end = i + form.length;
        if (/[\w'’-]/.test(text[i - 1] ?? '') || /[\w-]/.test(text[end] ?? '')) continue;
        if (covered(i, end) || EPONYM_FOLLOWERS.test(text.slice(end, end + 40))) continue;
        out.push({ entity: 'PERSON_NAME', start: i, end, score: PROPAGATED_SCORE, detector: 'person-name' });
      }
    }
  }
}
