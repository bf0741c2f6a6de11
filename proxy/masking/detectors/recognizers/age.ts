import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

/**
 * Ages over 89 (Safe Harbor: younger ages are not identifiers). The detection is the number:
 * `92-year-old`, `92 y/o`, `aged 95`, `age: 101`.
 */
const AGE_BEFORE_UNIT = /(?<![\w.])(\d{2,3})(?=\s?-?\s?(?:years?|yrs?|y\/o|yo|y\.o\.)\b)/gi;
const AGE_AFTER_WORD = /\b(?:age[ds]?|aged)\s*[:=]?\s*(\d{2,3})\b/gi;

const isOld = (s: string) => {
  const n = Number(s);
  return n >= 90 && n <= 125;
};

export const ageRecognizer: Recognizer = {
  name: 'age',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    eachMatch(AGE_BEFORE_UNIT, text, (m) => {
      if (!isOld(m[1] ?? '')) return;
      out.push({ entity: 'AGE', start: m.index, end: m.index + m[0].length, score: 0.85, detector: 'age' });
    });
    eachMatch(AGE_AFTER_WORD, text, (m) => {
      const v = m[1] ?? '';
      if (!isOld(v)) return;
      const start = m.index + m[0].length - v.length;
      out.push({ entity: 'AGE', start, end: start + v.length, score: 0.8, detector: 'age' });
    });
  },
};
