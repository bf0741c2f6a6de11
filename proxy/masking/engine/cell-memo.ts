/**
 * A bounded map from a cell's bytes to a value, looked up without making a string of the bytes
 * (Buffer#toString costs ~150 ns a call: a trip into C++). A cell of up to 6 bytes is its own
 * number key (a leading 1, then the bytes in base 256: distinct for every length and content,
 * below 2^53); a longer one is found by a 32-bit FNV-1a hash of its bytes and then compared
 * byte by byte with the stored copy.
 */

/** Longest cell with a number key: 1 + 6 bytes in base 256 stays below 2^53. */
const SMALL = 6;

interface Long<V> {
  readonly bytes: Buffer;
  readonly value: V;
  readonly next: Long<V> | undefined;
}

export class CellMemo<V> {
  // Made on first use: a statement that returns a row or two should not pay for them.
  private small: Map<number, V> | undefined;
  private long: Map<number, Long<V>> | undefined;
  private entries = 0;

  /** `maxEntries` bounds the cells held; `maxBytes` the length of a cell that is held at all. */
  constructor(
    private readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.entries;
  }

  get(src: Buffer, start: number, end: number): V | undefined {
    if (end - start <= SMALL) return this.small?.get(smallKey(src, start, end));
    for (let e = this.long?.get(hash(src, start, end)); e !== undefined; e = e.next) {
      if (sameBytes(e.bytes, src, start, end)) return e.value;
    }
    return undefined;
  }

  /** Holds `value` for the cell unless the memo is full or the cell too long (then a no-op). */
  set(src: Buffer, start: number, end: number, value: V): void {
    if (this.entries >= this.maxEntries || end - start > this.maxBytes) return;
    this.entries++;
    if (end - start <= SMALL) {
      (this.small ??= new Map()).set(smallKey(src, start, end), value);
      return;
    }
    const h = hash(src, start, end);
    // A copy: `src` is a chunk the socket reuses. Outside node's shared pool, so that a kept
    // key holds its own bytes only, not a pool slab.
    const bytes = Buffer.allocUnsafeSlow(end - start);
    src.copy(bytes, 0, start, end);
    const long = (this.long ??= new Map());
    long.set(h, { bytes, value, next: long.get(h) });
  }
}

function smallKey(b: Buffer, start: number, end: number): number {
  let k = 1;
  for (let i = start; i < end; i++) k = k * 256 + b[i]!;
  return k;
}

/** FNV-1a, 32 bits (offset basis 0x811c9dc5, prime 0x01000193). */
function hash(b: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

function sameBytes(a: Buffer, b: Buffer, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}
