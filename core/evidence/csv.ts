/**
 * CSV as RFC 4180 describes it (comma, CRLF, fields with a comma, quote, CR or LF quoted, quotes
 * doubled), with the OWASP guard against formula injection: a text cell that starts with `=`,
 * `+`, `-`, `@`, tab or carriage return is prefixed with `'` so spreadsheets show it as text.
 * Numbers are written as numbers.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function toCsv<T>(
  columns: readonly { header: string; value: (row: T) => CsvCell }[],
  rows: readonly T[],
): string {
  let out = csvLine(columns.map((c) => c.header));
  for (const r of rows) out += csvLine(columns.map((c) => c.value(r)));
  return out;
}
