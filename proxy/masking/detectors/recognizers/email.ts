import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

/** RFC 5321-ish: a dot-atom local part and a domain of labels with an alphabetic TLD. */
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;

export const emailRecognizer: Recognizer = {
  name: 'email',
  needs: FEATURE.at,
  find(text: string, out: Detection[]) {
    eachMatch(EMAIL, text, (m) => {
      const local = m[0].slice(0, m[0].indexOf('@'));
      if (local.includes('..') || local.endsWith('.')) return;
      out.push({
        entity: 'EMAIL',
        start: m.index,
        end: m.index + m[0].length,
        score: 0.95,
        detector: 'email',
      });
    });
  },
};
