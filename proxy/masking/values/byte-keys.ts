/**
 * Keys read straight from a cell's bytes, for masks whose result depends on a small part of the
 * value only: a generalized date on its year (and month), a generalized ZIP on its first three
 * digits. Each key function returns a non-negative integer such that every cell with that key
 * masks (through the generic path, `maskCell`) to the very same bytes, or -1 when the cell is not
 * in the plain form the key function knows (the caller then masks it the generic way). The
 * masked bytes are computed once per key by the generic path, so these functions decide only
 * which cells share a result, never the result itself.
 */
import { civilFromDays } from './codecs/datetime.js';
import { OID } from './type-oids.js';

/** A cell's key, or -1 when it must be masked the generic way. */
export type ByteKey = (src: Buffer, start: number, end: number) => number;

/** The value of the ASCII digit at `p` ('0' = 0x30 ... '9' = 0x39), or -1. */
function digitAt(b: Buffer, p: number): number {
  const d = b[p]! - 0x30;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two ASCII digits at `p` as a number, or -1. */
function twoDigits(b: Buffer, p: number): number {
  const hi = digitAt(b, p);
  const lo = digitAt(b, p + 1);
  return hi < 0 || lo < 0 ? -1 : hi * 10 + lo;
}

/**
 * `YYYY-MM-DD` at `s` (ISO DateStyle, a 4-digit year: 0x2d is '-') as year * 100 + month, or -1.
 * The month and day are only checked to be digits, as generalizeDateValue's pattern does.
 */
function isoDate(b: Buffer, s: number, e: number): number {
  if (e - s < 10 || b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return -1;
  const c = twoDigits(b, s);
  const y = twoDigits(b, s + 2);
  const m = twoDigits(b, s + 5);
  if (c < 0 || y < 0 || m < 0 || twoDigits(b, s + 8) < 0) return -1;
  return (c * 100 + y) * 100 + m;
}

/** True when b[p, e) is one or more of the time characters [0-9:.] (as the pattern's [\d:.]+). */
function timeChars(b: Buffer, p: number, e: number): boolean {
  if (p >= e) return false;
  for (let i = p; i < e; i++) {
    const c = b[i]!;
    if (!((c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x2e)) return false;
  }
  return true;
}

/**
 * Code of a UTC offset as timestamptz_out prints it at b[p, e): `+HH`, `+HH:MM` or `+HH:MM:SS`
 * (0x2b '+', 0x2d '-', 0x3a ':'), distinct for every distinct text; -1 for any other form.
 */
function offsetCode(b: Buffer, p: number, e: number): number {
  const n = e - p;
  if (n !== 3 && n !== 6 && n !== 9) return -1;
  const sign = b[p] === 0x2b ? 0 : b[p] === 0x2d ? 1 : -1;
  const hh = twoDigits(b, p + 1);
  if (sign < 0 || hh < 0) return -1;
  let mm = 0;
  let ss = 0;
  if (n >= 6) {
    if (b[p + 3] !== 0x3a || (mm = twoDigits(b, p + 4)) < 0) return -1;
    mm++;
  }
  if (n === 9) {
    if (b[p + 6] !== 0x3a || (ss = twoDigits(b, p + 7)) < 0) return -1;
    ss++;
  }
  return ((sign * 100 + hh) * 101 + mm) * 101 + ss;
}

const OFFSET_CODES = 2 * 100 * 101 * 101;

/**
 * Key of a text-format date / timestamp / timestamptz cell for date generalization:
 * `YYYY-MM-DD` (date), `YYYY-MM-DD HH:MM:SS[.ffffff]` (timestamp), the same with a printed
 * offset (timestamptz; the offset is part of the result, so of the key). The year (and month,
 * for month granularity) is all the result depends on otherwise. BC dates, infinity, 5-digit
 * years and other DateStyles return -1.
 */
export function textDateKey(typeOid: number, month: boolean): ByteKey | undefined {
  const ym = (k: number) => (month ? k : k - (k % 100));
  switch (typeOid) {
    case OID.date:
      return (b, s, e) => (e - s === 10 ? ym(isoDate(b, s, e)) : -1);
    case OID.timestamp:
      return (b, s, e) => {
        const k = isoDate(b, s, e);
        // 0x20 ' ' or 0x54 'T' between the date and the time.
        if (k < 0 || (b[s + 10] !== 0x20 && b[s + 10] !== 0x54) || !timeChars(b, s + 11, e)) return -1;
        return ym(k);
      };
    case OID.timestamptz:
      return (b, s, e) => {
        const k = isoDate(b, s, e);
        if (k < 0 || (b[s + 10] !== 0x20 && b[s + 10] !== 0x54)) return -1;
        // The offset starts at the last '+' or '-' (the time has neither).
        let p = e - 1;
        while (p > s + 11 && b[p] !== 0x2b && b[p] !== 0x2d) p--;
        if (p <= s + 11 || !timeChars(b, s + 11, p)) return -1;
        const code = offsetCode(b, p, e);
        return code < 0 ? -1 : ym(k) * OFFSET_CODES + code;
      };
    default:
      return undefined;
  }
}

/**
 * Key of a date kept as text (a text or varchar column holding `YYYY-MM-DD`) for generalizeDate:
 * year * 100 + month, all readYearMonth reads from that form (an invalid month redacts, also a
 * function of the key); -1 for any other form.
 */
export const isoTextDateKey: ByteKey = (b, s, e) => (e - s === 10 ? isoDate(b, s, e) : -1);

/** 2000-01-01 (PostgreSQL's epoch) in days after 1970-01-01. */
const PG_EPOCH_DAYS = 10957;
const US_PER_DAY = 86_400_000_000n;

/** Year * 100 + month of a day count after 2000-01-01, for years 1 AD and later; else -1. */
function civilKey(days: number, month: boolean): number {
  const c = civilFromDays(days + PG_EPOCH_DAYS);
  if (c.year < 1) return -1;
  return c.year * 100 + (month ? c.month : 0);
}

/**
 * Key of a binary date (int32 days since 2000-01-01) or timestamp / timestamptz (int64 µs since
 * 2000-01-01 UTC; the text form of a binary timestamptz is always in UTC) for date
 * generalization: its year (and month). Infinity (the int32 / int64 extremes) and BC return -1.
 */
export function binaryDateKey(typeOid: number, month: boolean): ByteKey | undefined {
  switch (typeOid) {
    case OID.date:
      return (b, s, e) => {
        if (e - s !== 4) return -1;
        const days = (b[s]! << 24) | (b[s + 1]! << 16) | (b[s + 2]! << 8) | b[s + 3]!;
        if (days === 0x7fffffff || days === -0x80000000) return -1;
        return civilKey(days, month);
      };
    case OID.timestamp:
    case OID.timestamptz:
      return (b, s, e) => {
        if (e - s !== 8) return -1;
        const us = b.readBigInt64BE(s);
        if (us === 0x7fffffffffffffffn || us === -0x8000000000000000n) return -1;
        let days = us / US_PER_DAY;
        if (us % US_PER_DAY < 0n) days -= 1n; // floor, as decodeTimestamp does
        return civilKey(Number(days), month);
      };
    default:
      return undefined;
  }
}

/**
 * Key of a text ZIP for Safe Harbor generalization: the first three digits of `ddddd`,
 * `ddddddddd` or `ddddd-dddd` (0x2d '-'), all that generalizeZip's result depends on; -1 for any
 * other form (spaces, 3- or 4-digit ZIPs, non-ASCII).
 */
export const zipKey: ByteKey = (b, s, e) => {
  const n = e - s;
  if (n !== 5 && n !== 9 && n !== 10) return -1;
  for (let i = 0; i < n; i++) {
    if (n === 10 && i === 5) {
      if (b[s + 5] !== 0x2d) return -1;
    } else if (digitAt(b, s + i) < 0) return -1;
  }
  return digitAt(b, s) * 100 + digitAt(b, s + 1) * 10 + digitAt(b, s + 2);
};
