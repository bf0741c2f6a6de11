import { type Detection, eachMatch } from '../../detection.js';
import { ambiguous, isFirst, isLast, notName, TOKEN } from './lexicon.js';

/** `Smith, John` / `Smith, John Q.` */
const LAST_FIRST = new RegExp(`(?<![\\w'’-])(${TOKEN}), (${TOKEN})(?: [A-Z]\\.)?(?![\\w'’-])`, 'g');
/** `JOHN SMITH`, `SMITH, JOHN`, `JOHN Q SMITH` in upper-case headers. */
const UPPER = /(?<![\w'’-])([A-Z][A-Z'’-]+)(,?) ([A-Z][A-Z'’-]+)(?: ([A-Z][A-Z'’-]+))?\b/g;
/** `P. Perry`, `J Smith`. */
const INITIAL_LAST = new RegExp(`(?<![\\w'’.-])[A-Z]\\.? (${TOKEN})\\b`, 'g');

/** One side a dictionary name, neither side an everyday word. */
function lastFirstOk(last: string, first: string): boolean {
  if (notName(last) || notName(first) || last.length < 2 || first.length < 2) return false;
  if (isLast(last) && isFirst(first)) return !(ambiguous(last) && ambiguous(first));
  return (isLast(last) && !ambiguous(last)) || (isFirst(first) && !ambiguous(first));
}

export function findLastFirst(text: string, out: Detection[]): void {
  eachMatch(LAST_FIRST, text, (m) => {
    if (!lastFirstOk((m[1] ?? '').toLowerCase(), (m[2] ?? '').toLowerCase())) return;
    out.push({
      entity: 'PERSON_NAME',
      start: m.index,
      end: m.index + m[0].length,
      score: 0.8,
      detector: 'person-name',
    });
  });
}

export function findUpper(text: string, out: Detection[]): void {
  eachMatch(UPPER, text, (m) => {
    const [, a = '', comma = '', b = '', c] = m;
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    const lc = c?.toLowerCase();
    const endOfB = m.index + a.length + comma.length + 1 + b.length;
    let end = -1;
    if (comma === ',') {
      if (lastFirstOk(la, lb)) end = endOfB;
    } else if (lc !== undefined && isFirst(la) && isLast(lc) && !(ambiguous(la) && ambiguous(lc))) {
      end = m.index + m[0].length;
    } else if (isFirst(la) && isLast(lb) && !(ambiguous(la) && ambiguous(lb))) {
      end = endOfB;
    }
    if (end > 0)
      out.push({ entity: 'PERSON_NAME', start: m.index, end, score: 0.8, detector: 'person-name' });
  });
}

export function findInitialLast(text: string, out: Detection[]): void {
  eachMatch(INITIAL_LAST, text, (m) => {
    const last = (m[1] ?? '').toLowerCase();
    if (!isLast(last) || ambiguous(last)) return;
    out.push({
      entity: 'PERSON_NAME',
      start: m.index,
      end: m.index + m[0].length,
      score: 0.75,
      detector: 'person-name',
    });
  });
}
