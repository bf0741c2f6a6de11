import { npiValid } from '../checksums.js';
import { CONTEXT_BOOST, contextWords, hasContext } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

const NPI = /(?<![\w-])[12]\d{9}(?![\w-]|\.\d)/g;
const CONTEXT = contextWords([
  'npi',
  'national provider',
  'provider',
  'prescriber',
  'attending',
  'physician',
  'dr',
  'md',
  'np',
  'referring',
  'rendering',
  'billing provider',
  'pcp',
  'ordering',
]);

/**
 * NPI: 10 digits, Luhn-valid with the 80840 prefix. A leading 1 cannot be a NANP phone number
 * (area codes start at 2), so it scores higher than a leading 2, which needs context.
 */
export const npiRecognizer: Recognizer = {
  name: 'npi',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    eachMatch(NPI, text, (m) => {
      if (!npiValid(m[0])) return;
      const base = m[0][0] === '1' ? 0.55 : 0.35;
      const ctx = hasContext(text, m.index, CONTEXT, 40) ? CONTEXT_BOOST + 0.05 : 0;
      out.push({
        entity: 'NPI',
        start: m.index,
        end: m.index + 10,
        score: clampScore(base + ctx),
        detector: 'npi',
      });
    });
  },
};
