/**
 * Fixed dates and UTC formatting for the demo data. Nothing reads the wall clock, so the data
 * set is the same whenever it is generated.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The data set is "as of" this instant: no encounter starts after it. */
export const AS_OF_MS = Date.UTC(2025, 9, 1, 0, 0, 0);
/** Encounters start on or after this instant. */
export const ENCOUNTERS_FROM_MS = Date.UTC(2019, 0, 1, 0, 0, 0);

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Civil date of a day number (days since 1970-01-01), Hinnant's algorithm: no Date objects. */
function civil(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 2024-03-14 */
export function isoDate(ms: number): string {
  const [y, m, d] = civil(Math.floor(ms / DAY_MS));
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** 2024-03-14 09:05:00+00 (PostgreSQL timestamptz input, UTC). */
export function isoTimestamp(ms: number): string {
  const inDay = ms - Math.floor(ms / DAY_MS) * DAY_MS;
  const h = Math.floor(inDay / HOUR_MS);
  const m = Math.floor((inDay % HOUR_MS) / MINUTE_MS);
  const sec = Math.floor((inDay % MINUTE_MS) / 1000);
  return `${isoDate(ms)} ${pad2(h)}:${pad2(m)}:${pad2(sec)}+00`;
}

/** Whole years from `fromMs` to `toMs` by calendar (birthday rule). */
export function yearsBetween(fromMs: number, toMs: number): number {
  const a = new Date(fromMs);
  const b = new Date(toMs);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  const before =
    b.getUTCMonth() < a.getUTCMonth() ||
    (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate());
  if (before) years--;
  return years;
}

/** Whole months from `fromMs` to `toMs` by calendar. */
export function monthsBetween(fromMs: number, toMs: number): number {
  const a = new Date(fromMs);
  const b = new Date(toMs);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  if (b.getUTCDate() < a.getUTCDate()) months--;
  return months;
}

/** Midnight UTC of the day containing `ms`. */
export const startOfDay = (ms: number): number => ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
