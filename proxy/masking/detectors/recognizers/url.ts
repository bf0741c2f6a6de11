import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

const URL_RE = /\b(?:(?:https?|ftps?|sftp):\/\/|www\.)[^\s<>"'{}|\\^`]+/gi;
const TRAILING = /[.,;:!?'"\]]+$/;

/** Drops trailing punctuation and an unbalanced closing parenthesis. */
function trimUrl(raw: string): string {
  let s = raw.replace(TRAILING, '');
  while (s.endsWith(')') && (s.match(/\(/g)?.length ?? 0) < (s.match(/\)/g)?.length ?? 0)) {
    s = s.slice(0, -1).replace(TRAILING, '');
  }
  return s;
}

export const urlRecognizer: Recognizer = {
  name: 'url',
  needs: FEATURE.urlish,
  find(text: string, out: Detection[]) {
    eachMatch(URL_RE, text, (m) => {
      const value = trimUrl(m[0]);
      if (value.length < 8 || !/[a-z0-9]\.[a-z]{2,}/i.test(value)) return;
      const score = value[3] === '.' ? 0.6 : 0.75;
      out.push({ entity: 'URL', start: m.index, end: m.index + value.length, score, detector: 'url' });
    });
  },
};
