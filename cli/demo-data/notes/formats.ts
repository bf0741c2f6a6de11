import type { PhoneNumber } from '../identifiers/phone.js';
import type { Prng } from '../random/prng.js';
import { WeightedTable } from '../random/weighted.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const pad = (n: number) => String(n).padStart(2, '0');

interface Parts {
  y: number;
  m: number;
  d: number;
  month: string;
  mon: string;
}
const partsOf = (ms: number): Parts => {
  const t = new Date(ms);
  const month = MONTHS[t.getUTCMonth()] as string;
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), month, mon: month.slice(0, 3) };
};

type DateFormat = readonly [(p: Parts) => string, number];

/** Full dates (day, month and year), in the ways US clinical notes write them, with weights. */
const FULL_FORMATS = {
  mmddyyyy: [(p) => `${pad(p.m)}/${pad(p.d)}/${p.y}`, 30], // 03/14/2024
  mdyyyy: [(p) => `${p.m}/${p.d}/${p.y}`, 15], // 3/14/2024
  iso: [(p) => `${p.y}-${pad(p.m)}-${pad(p.d)}`, 12], // 2024-03-14
  long: [(p) => `${p.month} ${p.d}, ${p.y}`, 12], // March 14, 2024
  short: [(p) => `${p.mon} ${p.d}, ${p.y}`, 7], // Mar 14, 2024
  ddmonyyyy: [(p) => `${pad(p.d)}-${p.mon}-${p.y}`, 7], // 14-Mar-2024
  dmonthyyyy: [(p) => `${p.d} ${p.month} ${p.y}`, 4], // 14 March 2024
  mdyy: [(p) => `${p.m}/${p.d}/${String(p.y).slice(2)}`, 6], // 3/14/24
  mmddyyyyDash: [(p) => `${pad(p.m)}-${pad(p.d)}-${p.y}`, 5], // 03-14-2024
  shortDot: [(p) => `${p.mon}. ${p.d}, ${p.y}`, 2], // Mar. 14, 2024
} as const satisfies Record<string, DateFormat>;

const FULL_DATE = new WeightedTable<(p: Parts) => string>(Object.values(FULL_FORMATS));
/** Birth dates always carry a 4-digit year (3/14/27 could be 1927 or 2027). */
const BIRTH_DATE = new WeightedTable<(p: Parts) => string>(
  Object.entries(FULL_FORMATS)
    .filter(([name]) => name !== 'mdyy')
    .map(([, format]) => format),
);

/** Dates that leave out the year or the day: still PHI (any date element but the year). */
const PARTIAL_DATE = new WeightedTable<(p: Parts) => string>([
  [(p) => `${p.month} ${p.d}`, 3], // March 14
  [(p) => `${p.m}/${p.d}`, 3], // 3/14
  [(p) => `${p.month} ${p.y}`, 2], // March 2024
  [(p) => `${pad(p.m)}/${p.y}`, 1], // 03/2024
]);

export function formatDate(rng: Prng, ms: number, allowPartial = false): string {
  const table = allowPartial && rng.chance(0.25) ? PARTIAL_DATE : FULL_DATE;
  return table.pick(rng)(partsOf(ms));
}

export const formatBirthDate = (rng: Prng, ms: number): string => BIRTH_DATE.pick(rng)(partsOf(ms));

export const monthYear = (ms: number): string => {
  const p = partsOf(ms);
  return `${p.month} ${p.y}`;
};

const PHONE = new WeightedTable<(p: PhoneNumber) => string>([
  [(p) => `(${p.area}) ${p.exchange}-${p.line}`, 30],
  [(p) => `${p.area}-${p.exchange}-${p.line}`, 30],
  [(p) => `${p.area}.${p.exchange}.${p.line}`, 10],
  [(p) => `+1 ${p.area} ${p.exchange} ${p.line}`, 8],
  [(p) => `${p.area}${p.exchange}${p.line}`, 5],
  [(p) => `1-${p.area}-${p.exchange}-${p.line}`, 6],
  [(p) => `+1 (${p.area}) ${p.exchange}-${p.line}`, 5],
  [(p) => `${p.area} ${p.exchange} ${p.line}`, 4],
  [(p) => `+1-${p.area}-${p.exchange}-${p.line}`, 2],
]);

export const formatPhoneNumber = (rng: Prng, p: PhoneNumber): string => PHONE.pick(rng)(p);

/** 123-45-6789 mostly; sometimes spaced or bare digits. */
export function formatSsnVariant(rng: Prng, ssn: string): string {
  const digits = ssn.replace(/-/g, '');
  const r = rng.float();
  if (r < 0.75) return ssn;
  if (r < 0.88) return `${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`;
  return digits;
}

/** Clock times (not PHI): 14:35, 2:35 PM, 1435, 0905h. */
export function formatTime(rng: Prng, ms: number): string {
  const t = new Date(ms);
  const h = t.getUTCHours();
  const m = t.getUTCMinutes();
  const r = rng.float();
  if (r < 0.45) return `${pad(h)}:${pad(m)}`;
  if (r < 0.75) return `${h % 12 === 0 ? 12 : h % 12}:${pad(m)} ${h < 12 ? 'AM' : 'PM'}`;
  if (r < 0.9) return `${pad(h)}${pad(m)}`;
  return `${pad(h)}${pad(m)}h`;
}
