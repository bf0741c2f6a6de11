import { contextWords, lastContextIndex } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\\.?';
const ORD = '(?:st|nd|rd|th)?';
const TIME = '(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?';
const END = '(?![\\w/]|[.-]\\d)';
const START = '(?<![\\w/.-])';

/** Each form: regex, how to read year/month/day from the groups, base score. */
const FORMS: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => Ymd; base: number }> = [
  // 1984-03-15, 1984-03-15T10:30:00Z, 1984/03/15
  {
    re: new RegExp(`${START}(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})${TIME}${END}`, 'g'),
    read: (m) => ({ y: m[1], mo: m[3], d: m[4] }),
    base: 0.85,
  },
  // 03/15/1984, 3-15-84, 15.03.1984 (MDY, or DMY when the first number is over 12)
  {
    re: new RegExp(`${START}(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})${END}`, 'g'),
    read: (m) => mdyOrDmy(m[1], m[3], m[4], m[2]),
    base: 0.75,
  },
  // March 15, 1984 / Mar. 15th 1984 / March 15
  {
    re: new RegExp(`\\b(${MONTH})\\s+(\\d{1,2})${ORD}(?:,?\\s+(\\d{4}))?(?![\\w:])`, 'g'),
    read: (m) => ({ y: m[3], mo: monthNumber(m[1]), d: m[2] }),
    base: 0.6,
  },
  // 15 March 1984 / 15th of March / 15-Mar-1984
  {
    re: new RegExp(
      `(?<![\\w.])(\\d{1,2})${ORD}(?:\\s+of\\s+|\\s+|-)(${MONTH})(?:(?:,?\\s+|-)(\\d{4}|\\d{2}(?=\\b)))?\\b`,
      'g',
    ),
    read: (m) => ({ y: m[3], mo: monthNumber(m[2]), d: m[1] }),
    base: 0.6,
  },
  // March 1984 / Mar 1984 / 03/1984
  {
    re: new RegExp(`\\b(${MONTH})\\s+(\\d{4})\\b|${START}(\\d{1,2})/(\\d{4})${END}`, 'g'),
    read: (m) => (m[1] ? { y: m[2], mo: monthNumber(m[1]) } : { y: m[4], mo: m[3] }),
    base: 0.55,
  },
];

/** 3/15 without a year: a date only with date context. */
const SHORT = new RegExp(`${START}(\\d{1,2})/(\\d{1,2})${END}`, 'g');

const BIRTH = contextWords([
  'dob',
  'd.o.b',
  'date of birth',
  'birth date',
  'birthdate',
  'born',
  'birthday',
  'born on',
  'b.',
]);
const DATE_WORDS = contextWords([
  'date',
  'dated',
  'on',
  'since',
  'seen',
  'admitted',
  'discharged',
  'visit',
  'dos',
  'admission',
  'discharge',
  'surgery',
  'last',
  'from',
  'until',
  'through',
  'scheduled',
  'follow-up',
  'followup',
  'onset',
  'effective',
  'tentatively',
  'due',
  'return',
  'next',
  'planned',
  'by',
  'before',
  'after',
  'appt',
  'appointment',
]);

interface Ymd {
  y?: string | undefined;
  mo?: string | number | undefined;
  d?: string | undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
function monthNumber(name: string | undefined): number {
  return MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1;
}

function mdyOrDmy(a: string | undefined, b: string | undefined, y: string | undefined, sep?: string): Ymd {
  const first = Number(a);
  if (first > 12 || sep === '.') return { y, mo: b, d: a };
  return { y, mo: a, d: b };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function valid({ y, mo, d }: Ymd): boolean {
  const month = Number(mo);
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  if (d !== undefined) {
    const day = Number(d);
    if (day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0)) return false;
  }
  if (y !== undefined && y.length === 4) {
    const year = Number(y);
    if (year < 1850 || year > 2150) return false;
  }
  return true;
}

/**
 * BIRTH_DATE when a birth word is in the 30 characters before and no other number stands
 * between it and the date (`DOB 1/2/1950, seen 3/4/2024`: only the first).
 */
function classify(text: string, start: number): { entity: 'DATE' | 'BIRTH_DATE'; context: boolean } {
  const window = text.slice(Math.max(0, start - 30), start).toLowerCase();
  const birth = lastContextIndex(window, BIRTH);
  const other = lastContextIndex(window, DATE_WORDS);
  if (birth >= 0 && !/\d/.test(window.slice(birth + 2))) {
    return { entity: 'BIRTH_DATE', context: true };
  }
  return { entity: 'DATE', context: other >= 0 || birth >= 0 };
}

/** Dates that are not about the individual: expiry of a lot or a card. */
const NOT_PERSONAL =
  /\b(?:exp|expires?|expiry|expiration|exp\.? date|valid (?:thru|through|until)|good thru|lot)\.?:?\s*$/i;

/** `GCS 9/15`, `strength 4/5`: a score, not a date. */
const SCORE_BEFORE = /\b(?:gcs|score|strength|grade|bp|ratio|apgar|pain|of|x|rated)\s*[:=]?\s*$/i;

export const dateRecognizer: Recognizer = {
  name: 'date',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    for (const form of FORMS) {
      eachMatch(form.re, text, (m) => {
        const ymd = form.read(m);
        if (!valid(ymd) || NOT_PERSONAL.test(text.slice(Math.max(0, m.index - 20), m.index))) return;
        const { entity, context } = classify(text, m.index);
        let score = form.base + (ymd.y !== undefined ? 0.15 : 0) + (context ? 0.15 : 0);
        if (ymd.y?.length === 2) score -= 0.15;
        out.push({
          entity,
          start: m.index,
          end: m.index + m[0].length,
          score: clampScore(score),
          detector: 'date',
        });
      });
    }
    eachMatch(SHORT, text, (m) => {
      const ymd = mdyOrDmy(m[1], m[2], undefined);
      const line = text.slice(Math.max(0, text.lastIndexOf('\n', m.index - 1) + 1, m.index - 30), m.index);
      if (!valid(ymd) || SCORE_BEFORE.test(line) || !/[a-z]/i.test(line)) return;
      const { entity, context } = classify(line, line.length);
      if (!context) return;
      out.push({ entity, start: m.index, end: m.index + m[0].length, score: 0.55, detector: 'date' });
    });
  },
};
