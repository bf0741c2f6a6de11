import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

export interface MrnPattern {
  readonly pattern: string;
  readonly score?: number;
}

/**
 * A labelled record number: `MRN: 12345678`, `MRN# A1234567`, `medical record number 0042137`,
 * `MR# 123456`. The value (not the label) is the detection.
 */
const LABELLED =
  /\b(?:MRN|MR#|MR\s?No\.?|med(?:ical)?\.?\s?rec(?:ord)?\.?(?:\s?(?:no\.?|number|#))?|chart\s?(?:no\.?|number|#))\s*(?:is\s+|[:#=-]\s*)?(?:#\s*)?((?:[A-Z]{1,4}-?)?\d{5,12})\b/gi;

/** Builds the MRN recognizer from configured patterns (each compiled once, with the `g` flag). */
export function createMrnRecognizer(patterns: readonly MrnPattern[]): Recognizer {
  const compiled = patterns.map((p) => ({ re: new RegExp(p.pattern, 'gu'), score: p.score ?? 0.9 }));
  return {
    name: 'mrn',
    needs: FEATURE.digit,
    find(text: string, out: Detection[]) {
      for (const { re, score } of compiled) {
        eachMatch(re, text, (m) => {
          out.push({ entity: 'MRN', start: m.index, end: m.index + m[0].length, score, detector: 'mrn' });
        });
      }
      eachMatch(LABELLED, text, (m) => {
        const value = m[1] ?? '';
        const start = m.index + m[0].length - value.length;
        out.push({ entity: 'MRN', start, end: start + value.length, score: 0.85, detector: 'mrn' });
      });
    },
  };
}
