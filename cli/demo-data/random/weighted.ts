import type { Prng } from './prng.js';

/** Picks items with probability proportional to their weight (binary search over cumulative weights). */
export class WeightedTable<T> {
  readonly items: readonly T[];
  readonly #cumulative: Float64Array;
  readonly #total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('a weighted table needs at least one entry');
    this.items = entries.map(([item]) => item);
    this.#cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight > 0)) throw new RangeError(`weight at index ${i} must be positive`);
      total += weight;
      this.#cumulative[i] = total;
    });
    this.#total = total;
  }

  /**
   * Weights 1 / (rank + offset) for a list in frequency order. With offset 11 this follows the
   * US Census surname curve closely (rank 1 : rank 100 : rank 1000 is about 81 : 9 : 1).
   */
  static byRank<T>(items: readonly T[], offset = 11): WeightedTable<T> {
    return new WeightedTable(items.map((item, rank) => [item, 1 / (rank + 1 + offset)] as const));
  }

  pick(rng: Prng): T {
    const target = rng.float() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
