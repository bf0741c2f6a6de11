/**
 * Epoch milliseconds as ISO 8601 UTC with milliseconds (`Date#toISOString`), remembering the
 * last few: a busy gateway stamps several records per statement with the same millisecond,
 * and making a Date and its string each time was a measurable share of the audit path.
 */
const SLOTS = 4;
const keys = new Float64Array(SLOTS).fill(Number.NaN);
const values: string[] = new Array(SLOTS).fill('');
let next = 0;

export function isoMs(ms: number): string {
  for (let i = 0; i < SLOTS; i++) if (keys[i] === ms) return values[i] as string;
  const s = new Date(ms).toISOString();
  keys[next] = ms;
  values[next] = s;
  next = (next + 1) % SLOTS;
  return s;
}
