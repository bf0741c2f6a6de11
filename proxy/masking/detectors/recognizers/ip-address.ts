import { isIPv6 } from 'node:net';
import { CONTEXT_BOOST, contextWords, hasContext } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Not part of a longer dotted sequence (OIDs like 1.2.840.10008 or versions). */
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?:/\\d{1,2})?(?![\\w]|\\.\\d)`, 'g');
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
const CONTEXT = contextWords(['ip', 'ip address', 'address', 'host', 'client', 'from', 'login', 'logged in']);
const VERSION_BEFORE = /(?:\bv|version|ver\.?)\s*$/i;

export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    eachMatch(IPV4, text, (m) => {
      if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 10), m.index))) return;
      const ctx = hasContext(text, m.index, CONTEXT, 30) ? CONTEXT_BOOST : 0;
      const end = m.index + m[0].length;
      out.push({
        entity: 'IP_ADDRESS',
        start: m.index,
        end,
        score: clampScore(0.6 + ctx),
        detector: 'ip-address',
      });
    });
    eachMatch(IPV6, text, (m) => {
      const value = m[0];
      if (!/[0-9a-f]/i.test(value) || !isIPv6(value)) return;
      const end = m.index + value.length;
      out.push({ entity: 'IP_ADDRESS', start: m.index, end, score: 0.75, detector: 'ip-address' });
    });
  },
};
