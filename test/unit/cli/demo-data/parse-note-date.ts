/**
 * Parses the date formats US clinical notes use, independently of the generator's formatter:
 * 03/14/2024, 3/14/24, 2024-03-14, 03-14-2024, March 14, 2024, Mar. 14, 2024, 14-Mar-2024,
 * 14 March 2024, and partial dates (March 14, 3/14, March 2024, 03/2024). A date without a year
 * gets the year that puts it closest to `nearMs`; one without a day gets day 1.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const month = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

export function parseNoteDate(
  s: string,
  nearMs = Date.UTC(2022, 0, 1),
): { iso: string; ms: number } | undefined {
  const nearYear = new Date(nearMs).getUTCFullYear();
  let yearless = false;
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  let r: RegExpExecArray | null;
  if ((r = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$/.exec(s))) {
    [m, d, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
    if (r[3]!.length === 2) y = y + (y > 30 ? 1900 : 2000);
  } else if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)))
    [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})$/.exec(s)))
    [m, d, y] = [month(r[1]!), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[- ]([A-Z][a-z]+)[- ](\d{4})$/.exec(s)))
    [d, m, y] = [Number(r[1]), month(r[2]!), Number(r[3])];
  else if ((r = /^([A-Z][a-z]+) (\d{1,2})$/.exec(s)))
    [m, d, y, yearless] = [month(r[1]!), Number(r[2]), nearYear, true];
  else if ((r = /^(\d{1,2})\/(\d{1,2})$/.exec(s)))
    [m, d, y, yearless] = [Number(r[1]), Number(r[2]), nearYear, true];
  else if ((r = /^([A-Z][a-z]+) (\d{4})$/.exec(s))) [m, d, y] = [month(r[1]!), 1, Number(r[2])];
  else if ((r = /^(\d{2})\/(\d{4})$/.exec(s))) [m, d, y] = [Number(r[1]), 1, Number(r[2])];
  else return undefined;
  if (!m || m < 1 || m > 12 || !d || d < 1 || d > 31 || !y) return undefined;
  if (yearless) {
    const candidates = [y - 1, y, y + 1].map((year) => Date.UTC(year, (m as number) - 1, d as number));
    y = new Date(
      candidates.reduce((a, b) => (Math.abs(b - nearMs) < Math.abs(a - nearMs) ? b : a)),
    ).getUTCFullYear();
  }
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCDate() !== d) return undefined;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { iso, ms };
}
