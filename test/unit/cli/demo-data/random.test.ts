import { describe, expect, it } from 'vitest';
import { Permutation } from '../../../../cli/demo-data/random/permutation.js';
import { Prng } from '../../../../cli/demo-data/random/prng.js';
import { WeightedTable } from '../../../../cli/demo-data/random/weighted.js';

describe('Prng', () => {
  it('yields the same stream for the same keys and different streams for different keys', () => {
    const a = Prng.derive(7, 1, 2);
    const b = Prng.derive(7, 1, 2);
    const c = Prng.derive(7, 2, 1);
    const sa = Array.from({ length: 64 }, () => a.next());
    expect(Array.from({ length: 64 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 64 }, () => c.next())).not.toEqual(sa);
  });

  it('pins its first outputs (platform-independent 32-bit arithmetic)', () => {
    const r = new Prng(1);
    expect(Array.from({ length: 4 }, () => r.next())).toMatchInlineSnapshot(`
      [
        4159258883,
        1449614456,
        1951683852,
        135007554,
      ]
    `);
  });

  it('keeps int() inside its bounds and hits both ends', () => {
    const r = new Prng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const v = r.int(-2, 3);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2, 3]);
    expect(() => r.int(2, 1)).toThrow(RangeError);
  });

  it('is roughly uniform and normal() has mean 0, sd 1', () => {
    const r = new Prng(11);
    const n = 40_000;
    let sum = 0;
    let sumN = 0;
    let sumN2 = 0;
    for (let i = 0; i < n; i++) {
      sum += r.float();
      const z = r.normal();
      sumN += z;
      sumN2 += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(sumN / n).toBeCloseTo(0, 1);
    expect(Math.sqrt(sumN2 / n)).toBeCloseTo(1, 1);
  });

  it('samples distinct items', () => {
    const r = new Prng(5);
    const s = r.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(s).size).toBe(4);
    expect(r.sample([1, 2], 5).sort()).toEqual([1, 2]);
    expect(() => r.pick([])).toThrow(RangeError);
  });
});

describe('Permutation', () => {
  it('is a bijection on its domain (odd-sized domain, cycle walking)', () => {
    const p = new Permutation(10_007, [1, 2]);
    const seen = new Set<number>();
    for (let i = 0; i < p.domain; i++) {
      const v = p.apply(i);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(p.domain);
      seen.add(v);
    }
    expect(seen.size).toBe(p.domain);
  });

  it('depends on its key and rejects indexes outside the domain', () => {
    const a = new Permutation(1_000_000, [1]);
    const b = new Permutation(1_000_000, [2]);
    const same = Array.from({ length: 100 }, (_, i) => a.apply(i) === b.apply(i)).filter(Boolean).length;
    expect(same).toBeLessThan(3);
    expect(() => a.apply(1_000_000)).toThrow(RangeError);
    expect(() => a.apply(-1)).toThrow(RangeError);
    expect(() => new Permutation(1, [1])).toThrow(RangeError);
  });
});

describe('WeightedTable', () => {
  it('picks in proportion to weight', () => {
    const t = new WeightedTable([
      ['a', 1],
      ['b', 3],
    ]);
    const r = new Prng(9);
    let b = 0;
    for (let i = 0; i < 20_000; i++) if (t.pick(r) === 'b') b++;
    expect(b / 20_000).toBeCloseTo(0.75, 1);
  });

  it('rank weights fall off like the census surname curve', () => {
    const t = WeightedTable.byRank(Array.from({ length: 1000 }, (_, i) => i));
    const r = new Prng(2);
    const counts = new Array(1000).fill(0);
    for (let i = 0; i < 200_000; i++) counts[t.pick(r)]++;
    // rank 1 is about 9x rank 100 (Smith vs. Myers in the 2010 census).
    const top = counts.slice(0, 5).reduce((a, b) => a + b, 0);
    const hundred = counts.slice(95, 100).reduce((a, b) => a + b, 0);
    expect(top / hundred).toBeGreaterThan(5);
    expect(top / hundred).toBeLessThan(12);
  });

  it('rejects empty tables and non-positive weights', () => {
    expect(() => new WeightedTable([])).toThrow(RangeError);
    expect(() => new WeightedTable([['x', 0]])).toThrow(RangeError);
  });
});
