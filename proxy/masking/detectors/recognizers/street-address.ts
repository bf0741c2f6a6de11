import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

const SUFFIX =
  '(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Plaza|Plz|Alley|Aly|Row|Crescent|Cres|Loop|Pike|Run|Path|Walk|Heights|Hts|Point|Pt|Ridge|Commons|Turnpike|Tpke|Expressway|Expy|Causeway)';
const WORD = "(?:[A-Z][a-z]+(?:['’-][A-Za-z]+)?|[A-Z]\\.|\\d{1,3}(?:st|nd|rd|th))";
const UNIT =
  '(?:\\s*,?\\s*(?:Apt|Apartment|Unit|Suite|Ste|Fl|Floor|Rm|Room|Bldg|#)\\.?\\s*#?\\s*[A-Za-z0-9-]{1,6})?';
/** 123 Main St, 4500 N. Martin Luther King Jr Blvd Apt 5B, 77 West 42nd Street. */
const STREET = new RegExp(
  `(?<![\\w-])\\d{1,6}[A-Za-z]?\\s+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?\\s+)?${WORD}(?:\\s+${WORD}){0,4}\\s+${SUFFIX}\\b\\.?${UNIT}`,
  'g',
);
const PO_BOX = /\bP\.?\s?O\.?\s*Box\s+\d{1,6}\b/gi;
export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  needs: FEATURE.digit | FEATURE.upper,
  find(text: string, out: Detection[]) {
    eachMatch(STREET, text, (m) => {
      const end = m.index + m[0].replace(/[\s,]+$/, '').length;
      out.push({ entity: 'STREET_ADDRESS', start: m.index, end, score: 0.8, detector: 'street-address' });
    });
    eachMatch(PO_BOX, text, (m) => {
      out.push({
        entity: 'STREET_ADDRESS',
        start: m.index,
        end: m.index + m[0].length,
        score: 0.8,
        detector: 'street-address',
      });
    });
  },
};
