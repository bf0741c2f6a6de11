import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../../core/evidence/csv.js';
import { removeTempDirs, tempDataDir } from '../../proxy/audit/fixtures.js';

afterAll(removeTempDirs);

const tricky = [
  'plain',
  'comma, inside',
  'quote " inside',
  'line\nbreak',
  'crlf\r\nbreak',
  '=HYPERLINK("http://evil.example","click")',
  '+1+2',
  '-2+3',
  '@SUM(A1)',
  '\tTAB first',
  '\rCR first',
  'ünïcödé ✓',
  '',
];

describe('CSV (RFC 4180 with the formula-injection guard)', () => {
  it('round-trips through an independent reader (Python csv), guarded cells prefixed with a quote', () => {
    const file = join(tempDataDir('phigate-csv-'), 'x.csv');
    writeFileSync(
      file,
      toCsv(
        [
          { header: 'v', value: (r: string) => r },
          { header: 'n', value: () => -5 },
        ],
        tricky,
      ),
    );
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))',
        file,
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(py.status, py.stderr).toBe(0);
    const rows = JSON.parse(py.stdout) as string[][];
    expect(rows[0]).toEqual(['v', 'n']);
    const expected = tricky.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v));
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected);
    // Numbers stay numbers (a negative number is not text and is not prefixed).
    expect(rows.slice(1).every((r) => r[1] === '-5')).toBe(true);
  });

  it('cells', () => {
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('a"b')).toBe('"a""b"');
  });
});
