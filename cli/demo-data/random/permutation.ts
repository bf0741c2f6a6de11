import { hashKeys, mix32 } from './prng.js';

/**
 * A keyed pseudo-random permutation of [0, domain): a 4-round Feistel network over the
 * smallest even bit width that covers the domain, with cycle walking. Used where values must
 * be unique (MRN, SSN, NPI, member ids) yet look random: index i always maps to the same
 * value for the same key, and two indexes never map to the same value.
 */
export class Permutation {
  readonly domain: number;
  readonly #half: number;
  readonly #mask: number;
  readonly #roundKeys: readonly number[];

  constructor(domain: number, key: readonly number[]) {
    if (!Number.isSafeInteger(domain) || domain < 2 || domain > 2 ** 30) {
      throw new RangeError(`permutation domain must be an integer in [2, 2^30], got ${domain}`);
    }
    this.domain = domain;
    let bits = 2;
    while (2 ** bits < domain) bits += 2;
    this.#half = Math.max(1, bits / 2);
    this.#mask = (1 << this.#half) - 1;
    this.#roundKeys = [0, 1, 2, 3].map((r) => hashKeys([...key, r]));
  }

  apply(index: number): number {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.domain) {
      throw new RangeError(`permutation index ${index} is outside [0, ${this.domain})`);
    }
    let x = index;
    do x = this.#round(x);
    while (x >= this.domain);
    return x;
  }

  #round(x: number): number {
    let left = x >>> this.#half;
    let right = x & this.#mask;
    for (const k of this.#roundKeys) {
      const next = left ^ (mix32(right ^ k) & this.#mask);
      left = right;
      right = next;
    }
    return ((left << this.#half) | right) >>> 0;
  }
}
