import { contextWords, lastContextIndex } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

/**
 * NANP numbers: optional +1/1, area code [2-9][0-8]d (optionally in parentheses), exchange
 * [2-9]dd, line dddd, optional extension. Separators: space, dash, dot.
 */
const FORMATTED =
  /(?<![\w+-])(?:\+?1[-. ]?)?(?:\(([2-9][0-8]\d)\)[-. ]?|([2-9][0-8]\d)[-. ])([2-9]\d{2})[-. ](\d{4})(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?(?![\w-]|\.\d)/gi;
const BARE = /(?<![\w+-])(?:\+?1)?([2-9][0-8]\d)([2-9]\d{2})(\d{4})(?![\w-]|\.\d)/g;

const PHONE_WORDS = contextWords([
  'phone',
  'ph',
  'tel',
  'telephone',
  'cell',
  'mobile',
  'call',
  'called',
  'contact',
  'reached at',
  'number',
  'home',
  'work',
  'pager',
  'text',
  'voicemail',
  'vm',
  'callback',
  'call back',
  'ph#',
  'tel#',
]);
const FAX_WORDS = contextWords(['fax', 'facsimile', 'fx', 'faxed', 'fax#']);

const isN11 = (code: string) => code[1] === '1' && code[2] === '1';

/** FAX when the nearest context word before the number is a fax word. */
function entityFor(text: string, start: number): { entity: 'PHONE' | 'FAX'; context: boolean } {
  const window = text.slice(Math.max(0, start - 40), start).toLowerCase();
  const fax = lastContextIndex(window, FAX_WORDS);
  const phone = lastContextIndex(window, PHONE_WORDS);
  if (fax >= 0 && fax >= phone) return { entity: 'FAX', context: true };
  return { entity: 'PHONE', context: phone >= 0 };
}

export const phoneRecognizer: Recognizer = {
  name: 'phone',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    eachMatch(FORMATTED, text, (m) => {
      const area = m[1] ?? m[2] ?? '';
      if (isN11(area) || isN11(m[3] ?? '')) return;
      const { entity, context } = entityFor(text, m.index);
      const base = m[1] !== undefined || m[0].startsWith('+') ? 0.75 : 0.65;
      const score = clampScore(base + (context ? 0.25 : 0));
      out.push({ entity, start: m.index, end: m.index + m[0].length, score, detector: 'phone' });
    });
    eachMatch(BARE, text, (m) => {
      if (isN11(m[1] ?? '') || isN11(m[2] ?? '')) return;
      const { entity, context } = entityFor(text, m.index);
      const score = context ? 0.7 : 0.3;
      out.push({ entity, start: m.index, end: m.index + m[0].length, score, detector: 'phone' });
    });
  },
};
