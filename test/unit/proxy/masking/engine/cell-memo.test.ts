import { describe, expect, it } from 'vitest';
import { CellMemo } from '../../../../../proxy/masking/engine/cell-memo.js';

describe('CellMemo', () => {
  it('finds cells by their bytes wherever they lie, short and long', () => {
    const memo = new CellMemo<string>(100, 64);
    const cells = [
      '',
      'F',
      'MA',
      '\u0000',
      '\u0000\u0000',
      'abcdef',
      'abcdefg',
      'Springfield',
      'x'.repeat(64),
    ];
    for (const c of cells) {
      const b = Buffer.from(`..${c}..`, 'latin1');
      memo.set(b, 2, 2 + c.length, `v:${c}`);
    }
    for (const c of cells) {
      const b = Buffer.from(`####${c}`, 'latin1');
      expect(memo.get(b, 4, 4 + c.length)).toBe(`v:${c}`);
    }
    expect(memo.get(Buffer.from('M'), 0, 1)).toBeUndefined();
    expect(memo.get(Buffer.from('abcdeg'), 0, 6)).toBeUndefined();
    expect(memo.get(Buffer.from('Springfielx'), 0, 11)).toBeUndefined();
    expect(memo.size).toBe(cells.length);
  });

  it('holds copies (the chunk may be overwritten) and tells colliding cells apart', () => {
    const memo = new CellMemo<number>(10_000, 64);
    const chunk = Buffer.from('Springfield');
    memo.set(chunk, 0, chunk.length, 1);
    chunk.write('Shelbyville');
    expect(memo.get(Buffer.from('Springfield'), 0, 11)).toBe(1);
    expect(memo.get(chunk, 0, 11)).toBeUndefined();
    // Many long keys: some share a 32-bit hash bucket only if FNV collides; all must resolve.
    for (let i = 0; i < 5000; i++) memo.set(Buffer.from(`value-${i}-xyz`), 0, `value-${i}-xyz`.length, i);
    for (let i = 0; i < 5000; i++)
      expect(memo.get(Buffer.from(`value-${i}-xyz`), 0, `value-${i}-xyz`.length)).toBe(i);
  });

  it('is bounded in entries and cell length', () => {
    const memo = new CellMemo<number>(2, 8);
    memo.set(Buffer.from('a'), 0, 1, 1);
    memo.set(Buffer.from('b'), 0, 1, 2);
    memo.set(Buffer.from('c'), 0, 1, 3);
    expect(memo.get(Buffer.from('c'), 0, 1)).toBeUndefined();
    const big = new CellMemo<number>(10, 8);
    big.set(Buffer.from('123456789'), 0, 9, 1);
    expect(big.get(Buffer.from('123456789'), 0, 9)).toBeUndefined();
    expect(big.size).toBe(0);
  });
});
