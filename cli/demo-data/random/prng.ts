/**
 * A small, fast, seeded pseudo-random generator (sfc32, seeded through a 32-bit mixer).
 * Deterministic on every platform: only 32-bit integer arithmetic, no Math.random and no
 * transcendental functions, so the same seed yields byte-identical demo data everywhere.
 */

/** A 32-bit finaliser (lowbias32): a bijection on uint32 with good avalanche. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of uint32 keys into one uint32 (order-sensitive). */
export function hashKeys(keys: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const key of keys) h = mix32((h ^ mix32((key >>> 0) ^ 0x85ebca6b)) + 0x632be5ab);
  return h;
}

export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** A generator whose stream is fully determined by `keys` (for example seed, patient, stream). */
  static derive(...keys: number[]): Prng {
    return new Prng(hashKeys(keys));
  }

  constructor(seed: number) {
    this.#a = mix32(seed ^ 0xa0761d65);
    this.#b = mix32(seed ^ 0xe7037ed1);
    this.#c = mix32(seed ^ 0x8ebc6af0);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next uint32. */
  next(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`empty integer range [${min}, ${max}]`);
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** true with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** `count` distinct items in random order (all of them when count >= length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.float() * (copy.length - i));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }

  /**
   * An approximately normal value (Irwin–Hall sum of four uniforms: mean 0, sd 1, bounded at ±3.46),
   * kept to arithmetic only so results are identical on every platform.
   */
  normal(): number {
    const s = this.float() + this.float() + this.float() + this.float();
    return (s - 2) * 1.7320508075688772;
  }

  /** Zero-padded decimal digits, e.g. digits(4) -> "0412". */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String.fromCharCode(48 + this.int(0, 9));
    return out;
  }

  /** Upper-case letters, e.g. letters(3) -> "QWE". */
  letters(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String.fromCharCode(65 + this.int(0, 25));
    return out;
  }
}
