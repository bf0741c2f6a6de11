import { describe, expect, it } from 'vitest';
import { type CellOp, MalformedMessageError, maskDataRow } from '../../../../../proxy/masking/wire/index.js';
import { cellsOf, dataRow } from './frames.js';

const constant = (bytes: Buffer | null): CellOp => ({ constant: bytes, map: () => bytes, cells: 0 });
const upper = (): CellOp => ({
  constant: undefined,
  map: (src, s, e) => Buffer.from(src.toString('utf8', s, e).toUpperCase()),
  cells: 0,
});

/** Frames side by side in one chunk, as a socket read delivers them. */
function chunkOf(rows: Buffer[]): { buf: Buffer; ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  let at = 3;
  for (const r of rows) {
    ranges.push([at, at + r.length]);
    at += r.length;
  }
  return { buf: Buffer.concat([Buffer.from('ZZZ'), ...rows, Buffer.from('Z')]), ranges };
}

describe('maskDataRow', () => {
  it('masks frames in place in their chunk, leaves the chunk untouched, and counts masked cells', () => {
    const { buf, ranges } = chunkOf([dataRow(['1', 'ann', 'x']), dataRow(['2', null, 'yy'])]);
    const before = Buffer.from(buf);
    const ops = [undefined, upper(), constant(Buffer.from('[SSN]'))];
    const out = ranges.map(([s, e]) => maskDataRow(buf, s, e, ops)!);
    expect(out.map(cellsOf)).toEqual([
      ['1', 'ANN', '[SSN]'],
      ['2', null, '[SSN]'],
    ]);
    expect(buf.equals(before)).toBe(true);
    expect([ops[1]!.cells, ops[2]!.cells]).toEqual([1, 2]);
  });

  it('returns undefined when no cell changed (every masked cell NULL, or no op)', () => {
    const { buf, ranges } = chunkOf([dataRow(['1', null]), dataRow(['1', 'a'])]);
    expect(maskDataRow(buf, ranges[0]![0], ranges[0]![1], [undefined, upper()])).toBeUndefined();
    expect(maskDataRow(buf, ranges[1]![0], ranges[1]![1], [undefined, undefined])).toBeUndefined();
  });

  it('turns cells into NULL and fails closed on malformed frames', () => {
    const row = dataRow(['abc', 'd']);
    expect(cellsOf(maskDataRow(row, 0, row.length, [constant(null), undefined])!)).toEqual([null, 'd']);
    expect(() => maskDataRow(row, 0, row.length - 1, [undefined, undefined])).toThrow(MalformedMessageError);
    expect(() => maskDataRow(row, 0, row.length, [undefined])).toThrow(MalformedMessageError);
    const { buf, ranges } = chunkOf([row]);
    expect(() => maskDataRow(buf, ranges[0]![0], ranges[0]![1] + 1, [undefined, undefined])).toThrow(
      MalformedMessageError,
    );
  });

  it('gives every masked row bytes of its own (a later row never overwrites an earlier one)', () => {
    const ops = [upper()];
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const f = dataRow([`row ${i} ${'p'.repeat(i % 50)}`]);
      return maskDataRow(f, 0, f.length, ops)!;
    });
    rows.forEach((r, i) => {
      expect(cellsOf(r)).toEqual([`ROW ${i} ${'P'.repeat(i % 50)}`]);
    });
    const big = dataRow(['q'.repeat(10_000)]);
    expect(cellsOf(maskDataRow(big, 0, big.length, ops)!)).toEqual(['Q'.repeat(10_000)]);
  });
});
