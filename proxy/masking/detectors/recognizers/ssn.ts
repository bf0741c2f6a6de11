import { CONTEXT_BOOST, contextWords, hasContext } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

/** Delimited SSN: the same delimiter twice (Presidio rejects mixed delimiters). */
const DELIMITED = /(?<![\w-])(\d{3})([- .])(\d{2})\2(\d{4})(?![\w-]|\.\d)/g;
const BARE = /(?<![\w-])\d{9}(?![\w-]|\.\d)/g;
const CONTEXT = contextWords([
  'ssn',
  'ss#',
  'ssn#',
  'social security',
  'soc sec',
  'social sec',
  'ss no',
  'social',
]);

/** Numbers the SSA never issued or that are famous samples (Presidio's list plus the Woolworth card). */
const INVALID_PREFIXES = ['123456789', '98765432', '078051120', '219099999'];

/**
 * SSA validity: area not 000, 666 or 9xx; group not 00; serial not 0000; not one repeated
 * digit; not a known sample number.
 */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (/^(\d)\1{8}$/.test(digits)) return false;
  return !INVALID_PREFIXES.some((p) => digits.startsWith(p));
}

export const ssnRecognizer: Recognizer = {
  name: 'ssn',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    eachMatch(DELIMITED, text, (m) => {
      const digits = `${m[1]}${m[3]}${m[4]}`;
      if (!ssnValid(digits)) return;
      const base = m[2] === '-' ? 0.6 : 0.4;
      const ctx = hasContext(text, m.index, CONTEXT) ? CONTEXT_BOOST : 0;
      out.push({
        entity: 'SSN',
        start: m.index,
        end: m.index + m[0].length,
        score: clampScore(base + ctx),
        detector: 'ssn',
      });
    });
    eachMatch(BARE, text, (m) => {
      if (!ssnValid(m[0]) || !hasContext(text, m.index, CONTEXT, 30)) return;
      out.push({ entity: 'SSN', start: m.index, end: m.index + 9, score: 0.75, detector: 'ssn' });
    });
  },
};
