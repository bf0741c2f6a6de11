import { luhnValid } from '../checksums.js';
import { CONTEXT_BOOST, contextWords, hasContext } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

const CANDIDATE = /(?<![\w-])\d(?:[- ]?\d){12,18}(?![\w-]|\.\d)/g;
const CONTEXT = contextWords([
  'card',
  'credit',
  'debit',
  'visa',
  'mastercard',
  'amex',
  'american express',
  'discover',
  'cc',
  'payment',
]);
/** Issuer prefixes: Visa, Mastercard (51-55, 2221-2720), Amex, Discover, JCB, Diners. */
const ISSUER =
  /^(?:4|5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720|3[47]|6011|65|64[4-9]|35|30[0-5]|36|38)/;

/** Groups of 4 (or Amex 4-6-5), one separator style, or none. */
function groupingOk(raw: string): boolean {
  const seps = raw.replace(/\d/g, '');
  if (seps.length === 0) return true;
  if (new Set(seps).size !== 1) return false;
  const groups = raw.split(/[- ]/).map((g) => g.length);
  if (groups.join(',') === '4,6,5') return true;
  return groups.slice(0, -1).every((g) => g === 4) && (groups.at(-1) ?? 0) <= 4 && (groups.at(-1) ?? 0) >= 1;
}

export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    eachMatch(CANDIDATE, text, (m) => {
      const digits = m[0].replace(/[- ]/g, '');
      if (digits.length < 13 || digits.length > 19 || !ISSUER.test(digits) || !luhnValid(digits)) return;
      if (!groupingOk(m[0])) return;
      const ctx = hasContext(text, m.index, CONTEXT, 40) ? CONTEXT_BOOST : 0;
      const base = m[0].length > digits.length ? 0.65 : 0.5;
      out.push({
        entity: 'CREDIT_CARD',
        start: m.index,
        end: m.index + m[0].length,
        score: clampScore(base + ctx),
        detector: 'credit-card',
      });
    });
  },
};
