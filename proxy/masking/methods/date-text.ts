/**
 * Reads the year and month of a date written in free text or a text column: ISO
 * (1984-03-15, 1984/03/15, with a time), US (03/15/1984, 3-15-84), European dotted
 * (15.03.1984), month names (March 15, 1984; 15 Mar 1984; March 1984) and 03/1984.
 */
export interface YearMonth {
  readonly year: number;
  /** 1..12 when the text names a month. */
  readonly month?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?/i;

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length !== 2) return n;
  const pivot = (new Date().getUTCFullYear() % 100) + 1;
  return n < pivot ? 2000 + n : 1900 + n;
}

const ok = (year: number, month?: number): YearMonth | undefined =>
  year >= 1 && year <= 9999 && (month === undefined || (month >= 1 && month <= 12))
    ? month === undefined
      ? { year }
      : { year, month }
    : undefined;

export function readYearMonth(text: string): YearMonth | undefined {
  const s = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:\b|T)/.exec(s);
  if (m) return ok(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})\b/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const dmy = a > 12 || m[2] === '.';
    return ok(fullYear(m[4] ?? ''), dmy ? Number(m[3]) : a);
  }
  m = /^(\d{1,2})\/(\d{4})\b/.exec(s);
  if (m) return ok(Number(m[2]), Number(m[1]));
  const name = MONTH_NAME.exec(s);
  const year = /\b(\d{4})\b/.exec(s) ?? /'(\d{2})\b/.exec(s) ?? /\b(\d{2})$/.exec(s);
  if (name && year) return ok(fullYear(year[1] ?? ''), MONTHS.indexOf((name[1] ?? '').toLowerCase()) + 1);
  const y4 = /(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)/.exec(s);
  if (y4) return ok(Number(y4[1]));
  return undefined;
}
