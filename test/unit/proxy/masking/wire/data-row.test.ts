import { describe, expect, it, vi } from 'vitest';
import {
  type CellTransform,
  MalformedMessageError,
  mapDataRow,
} from '../../../../../proxy/masking/wire/index.js';
import { cellsOf, dataRow, frame, rng } from './frames.js';

const upper: CellTransform = (cell) => Buffer.from(cell.toString('utf8').toUpperCase());
const redact: CellTransform = () => Buffer.from('[SSN]');

describe('mapDataRow', () => {
  it('returns the same frame when no column has a transform', () => {
    const row = dataRow(['1', 'ann', null, '']);
    expect(mapDataRow(row, [undefined, undefined, undefined, undefined])).toBe(row);
  });

  it('masks only the columns with a transform, in one new frame', () => {
    const row = dataRow(['1', 'ann', 'lee', 'x']);
    const before = Buffer.from(row);
    const out = mapDataRow(row, [undefined, upper, undefined, redact]);
    expect(cellsOf(out)).toEqual(['1', 'ANN', 'lee', '[SSN]']);
    expect(row.equals(before)).toBe(true);
  });

  it('passes each cell with its column index, never a NULL cell, and keeps NULL as NULL', () => {
    const fn = vi.fn((cell: Buffer, index: number) => Buffer.from(`${index}:${cell.toString()}`));
    const out = mapDataRow(dataRow([null, 'a', null, '']), [fn, fn, fn, fn]);
    expect(fn.mock.calls.map(([c, i]) => [c.toString(), i])).toEqual([
      ['a', 1],
      ['', 3],
    ]);
    expect(cellsOf(out)).toEqual([null, '1:a', null, '3:']);
  });

  it('turns a cell into NULL when the transform returns null, and grows or shrinks cells', () => {
    const out = mapDataRow(dataRow(['abc', 'd', 'efgh']), [
      () => null,
      () => Buffer.alloc(300, 0x41),
      () => Buffer.alloc(0),
    ]);
    expect(cellsOf(out)).toEqual([null, 'A'.repeat(300), '']);
  });

  it('handles rows with no columns and binary cell bytes', () => {
    const empty = dataRow([]);
    expect(mapDataRow(empty, [])).toBe(empty);
    const bin = dataRow([Buffer.from([0, 0, 0, 7]), Buffer.from([0xff, 0])]);
    const out = mapDataRow(bin, [undefined, (c) => Buffer.from([c[0]! ^ 0xff])]);
    expect(out.subarray(7)).toEqual(Buffer.from([0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 1, 0]));
  });

  it('propagates a transform error (masking failure fails the statement)', () => {
    const boom: CellTransform = () => {
      throw new Error('MASKING_FAILED');
    };
    expect(() => mapDataRow(dataRow(['a']), [boom])).toThrow('MASKING_FAILED');
  });

  const good = dataRow(['12', 'ann', null]);
  it.each([
    ['truncated header', good.subarray(0, 6)],
    ['wrong type byte', Buffer.concat([Buffer.from('T'), good.subarray(1)])],
    [
      'length word too large',
      (() => {
        const b = Buffer.from(good);
        b.writeInt32BE(good.length + 10, 1);
        return b;
      })(),
    ],
    ['column count differs from the description', dataRow(['12', 'ann'])],
    [
      'cell length past the end',
      (() => {
        const b = Buffer.from(good);
        b.writeInt32BE(100, 7);
        return b;
      })(),
    ],
    [
      'negative cell length other than -1',
      (() => {
        const b = Buffer.from(good);
        b.writeInt32BE(-2, 7);
        return b;
      })(),
    ],
    ['trailing bytes', frame('D', Buffer.concat([good.subarray(5), Buffer.from([1, 2])]))],
    ['missing cells', frame('D', good.subarray(5, good.length - 4))],
  ])('refuses a malformed row: %s', (_name, bad) => {
    expect(() => mapDataRow(bad, [undefined, redact, undefined])).toThrow(MalformedMessageError);
  });

  it('never lets a masked column through raw on random frames: masked or refused', () => {
    const random = rng(7);
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const cells = Array.from({ length: 3 }, () =>
        random() < 0.2
          ? null
          : Buffer.from(
              Array.from({ length: Math.floor(random() * 6) }, () => 0x61 + Math.floor(random() * 3)),
            ),
      );
      const row = Buffer.from(dataRow(cells));
      // Corrupt a few bytes after the header (keep type and length word so the body is what is judged).
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const at = 5 + Math.floor(random() * (row.length - 5));
        row[at] = Math.floor(random() * 256);
      }
      try {
        const out = mapDataRow(row, [undefined, () => Buffer.from('#'), undefined]);
        const cellsOut = cellsOf(out);
        expect(cellsOut[1] === null || cellsOut[1] === '#').toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(MalformedMessageError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('is re-entrant (a transform may map another row)', () => {
    const inner = dataRow(['x', 'y']);
    const out = mapDataRow(dataRow(['a', 'b']), [
      () => Buffer.from(cellsOf(mapDataRow(inner, [upper, upper])).join('')),
      upper,
    ]);
    expect(cellsOf(out)).toEqual(['XY', 'B']);
  });
});
