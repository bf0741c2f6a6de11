import { contextWords, hasContext } from '../context.js';
import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';
import { STATE_BEFORE } from '../lexicon/us-states.js';

const ZIP = /(?<![\w$.,/-])(\d{5})(?:-(\d{4}))?(?![\w/-]|[.,]\d)/g;
const CONTEXT = contextWords(['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'zip+4']);

/**
 * ZIP and ZIP+4. A bare 5-digit number is a ZIP only right after a state (`Boston, MA 02115`)
 * or after a ZIP label; ZIP+4 needs less context.
 */
export const zipRecognizer: Recognizer = {
  name: 'zip',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    eachMatch(ZIP, text, (m) => {
      if (m[1] === '00000') return;
      const afterState = STATE_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index));
      const labelled = !afterState && hasContext(text, m.index, CONTEXT, 20);
      const plus4 = m[2] !== undefined;
      let score = plus4 ? 0.55 : 0.05;
      if (afterState) score = 0.9;
      else if (labelled) score = 0.85;
      out.push({ entity: 'ZIP', start: m.index, end: m.index + m[0].length, score, detector: 'zip' });
    });
  },
};
