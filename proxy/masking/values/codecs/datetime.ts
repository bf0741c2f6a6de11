import { cellError } from './cell-error.js';

/** PostgreSQL's epoch, 2000-01-01, in days after 1970-01-01. */
const PG_EPOCH_DAYS = 10957;
const US_PER_DAY = 86_400_000_000n;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Days after 1970-01-01 of a proleptic Gregorian date (astronomical years: 0 = 1 BC). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** ISO date text as date_out prints it with DateStyle ISO: `1984-03-15`, `0044-03-15 BC`. */
function dateText(days: number): { date: string; bc: boolean } {
  const { year, month, day } = civilFromDays(days + PG_EPOCH_DAYS);
  const bc = year <= 0;
  return { date: `${String(bc ? 1 - year : year).padStart(4, '0')}-${p2(month)}-${p2(day)}`, bc };
}

export function decodeDate(buf: Buffer): string {
  if (buf.length !== 4) throw cellError('date');
  const days = buf.readInt32BE(0);
  if (days === INT32_MAX) return 'infinity';
  if (days === INT32_MIN) return '-infinity';
  const { date, bc } = dateText(days);
  return bc ? `${date} BC` : date;
}

function timeText(us: bigint): string {
  const secs = us / 1_000_000n;
  const frac = us % 1_000_000n;
  const h = Number(secs / 3600n);
  const m = Number((secs / 60n) % 60n);
  const s = Number(secs % 60n);
  const f = frac === 0n ? '' : `.${frac.toString().padStart(6, '0').replace(/0+$/, '')}`;
  return `${p2(h)}:${p2(m)}:${p2(s)}${f}`;
}

/** timestamp[tz]_send → ISO text. timestamptz is rendered in UTC (`+00`): binary carries no zone. */
export function decodeTimestamp(buf: Buffer, withZone: boolean): string {
  if (buf.length !== 8) throw cellError('timestamp');
  const us = buf.readBigInt64BE(0);
  if (us === INT64_MAX) return 'infinity';
  if (us === INT64_MIN) return '-infinity';
  let days = us / US_PER_DAY;
  let rest = us % US_PER_DAY;
  if (rest < 0n) {
    rest += US_PER_DAY;
    days -= 1n;
  }
  const { date, bc } = dateText(Number(days));
  return `${date} ${timeText(rest)}${withZone ? '+00' : ''}${bc ? ' BC' : ''}`;
}

export function decodeTime(buf: Buffer): string {
  if (buf.length !== 8) throw cellError('time');
  return timeText(buf.readBigInt64BE(0));
}

const DATE_RE = /^(\d{4,})-(\d{2})-(\d{2})/;
const STAMP_RE =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;

function civilDays(y: string, m: string, d: string, bc: boolean, what: string): number {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) throw cellError(what);
  return daysFromCivil(bc ? 1 - year : year, month, day) - PG_EPOCH_DAYS;
}

/** ISO date text → date_recv bytes. */
export function encodeDate(text: string): Buffer {
  const b = Buffer.alloc(4);
  if (text === 'infinity' || text === '-infinity') {
    b.writeInt32BE(text === 'infinity' ? INT32_MAX : INT32_MIN, 0);
    return b;
  }
  const m = DATE_RE.exec(text);
  if (!m || !(text.length === m[0].length || text.slice(m[0].length) === ' BC')) throw cellError('date');
  b.writeInt32BE(civilDays(m[1]!, m[2]!, m[3]!, text.endsWith(' BC'), 'date'), 0);
  return b;
}

/** ISO timestamp text (with an offset for timestamptz) → timestamp_recv bytes (µs since 2000-01-01 UTC). */
export function encodeTimestamp(text: string, withZone: boolean): Buffer {
  const b = Buffer.alloc(8);
  if (text === 'infinity' || text === '-infinity') {
    b.writeBigInt64BE(text === 'infinity' ? INT64_MAX : INT64_MIN, 0);
    return b;
  }
  const m = STAMP_RE.exec(text);
  if (!m || (withZone && m[8] === undefined) || (!withZone && m[8] !== undefined))
    throw cellError('timestamp');
  const days = BigInt(civilDays(m[1]!, m[2]!, m[3]!, m[12] !== undefined, 'timestamp'));
  const secs = BigInt(Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]));
  const frac = BigInt((m[7] ?? '').padEnd(6, '0') || '0');
  let us = days * US_PER_DAY + secs * 1_000_000n + frac;
  if (m[8] !== undefined) {
    const off = BigInt(Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1_000_000n;
    us = m[8] === '+' ? us - off : us + off;
  }
  b.writeBigInt64BE(us, 0);
  return b;
}
