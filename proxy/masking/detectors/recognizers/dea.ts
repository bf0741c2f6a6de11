import { deaValid } from '../checksums.js';
import { CONTEXT_BOOST, contextWords, hasContext } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

/** First letter: registrant type (A B C D E F G H J K L M P R S T U X); second: name initial or 9. */
const DEA = /(?<![\w-])[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}(?![\w-])/g;
const CONTEXT = contextWords(['dea', 'dea#', 'dea no', 'registration', 'controlled', 'prescriber']);

export const deaRecognizer: Recognizer = {
  name: 'dea',
  needs: FEATURE.digit | FEATURE.upper,
  find(text: string, out: Detection[]) {
    eachMatch(DEA, text, (m) => {
      if (!deaValid(m[0])) return;
      const ctx = hasContext(text, m.index, CONTEXT, 30) ? CONTEXT_BOOST : 0;
      out.push({
        entity: 'DEA',
        start: m.index,
        end: m.index + 9,
        score: clampScore(0.6 + ctx),
        detector: 'dea',
      });
    });
  },
};
