import { ambiguous, isEponym, isFirst, isLast, isName, notName } from './lexicon.js';

export interface NameToken {
  readonly text: string;
  readonly lc: string;
  readonly start: number;
  readonly end: number;
}

export interface NameEvidence {
  /** Mr./Mrs./Dr. right before. */
  readonly title: boolean;
  /** A relation or role (daughter, patient, nurse) before, or a relation/credential after. */
  readonly relation: boolean;
  /** A label (Name:, Signed:, Contact:) before. */
  readonly label: boolean;
  /** with / per / to / and ... before. */
  readonly weak: boolean;
  /** in / from / near / at before. */
  readonly place: boolean;
  /** Not at a sentence start: capitalization is evidence in itself. */
  readonly mid: boolean;
}

/** Score of a run of name tokens given its evidence (0 = not a name). */
export function scoreName(tokens: readonly NameToken[], ev: NameEvidence): number {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const strong = ev.relation || ev.label;
  if (ev.title) return 0.9;
  if (tokens.length >= 2) {
    if (tokens.every((t) => isEponym(t.lc) || !isName(t.lc)) && !strong) return 0;
    if (isFirst(first.lc) && isLast(last.lc)) {
      if (ambiguous(first.lc) && ambiguous(last.lc)) return strong ? 0.8 : ev.weak || ev.mid ? 0.55 : 0.45;
      return 0.9;
    }
    if (isFirst(first.lc) && !ambiguous(first.lc) && !notName(last.lc)) return strong ? 0.85 : 0.75;
    if (isFirst(first.lc)) return strong ? 0.7 : 0.3;
    if (isLast(last.lc) && !notName(first.lc)) {
      if (ambiguous(last.lc)) return strong ? 0.7 : ev.weak ? 0.5 : 0.4;
      return strong ? 0.85 : 0.7;
    }
    return ev.relation || ev.label ? 0.65 : 0;
  }
  const t = first.lc;
  if (isEponym(t)) return ev.relation ? 0.7 : 0;
  if (ev.place && !strong) return isName(t) && !ambiguous(t) ? 0.45 : 0;
  if (ambiguous(t)) return strong ? 0.7 : ev.weak && ev.mid ? 0.55 : 0;
  if (isFirst(t)) return strong ? 0.8 : ev.weak ? 0.65 : 0.55;
  if (isLast(t)) return strong ? 0.8 : ev.weak ? 0.55 : 0.4;
  return ev.relation ? 0.6 : 0;
}
