/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) of short messages under one fixed key, in JavaScript: for a
 * pseudonym per cell or an audited statement parameter, node:crypto's createHmac costs ~2.9 µs a call (a native object, an update
 * and a digest each cross into C++), this ~0.5 µs. The key's inner and outer pad blocks are
 * compressed once; a message then costs its own blocks plus one outer block. Results are
 * identical to createHmac('sha256', key) (checked in the unit tests against node:crypto).
 */
import { createHash, type KeyObject } from 'node:crypto';

/** SHA-256 round constants: the first 32 bits of the fractional cube roots of the first 64 primes. */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** Initial hash value: the first 32 bits of the fractional square roots of the first 8 primes. */
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const BLOCK = 64;
/** Message schedule, reused (the functions below never re-enter). */
const W = new Int32Array(64);

/** One compression of the 64-byte block at b[p] (big-endian words) into state `h`. */
function compress(h: Int32Array, b: Uint8Array, p: number): void {
  const w = W;
  for (let i = 0; i < 16; i++, p += 4)
    w[i] = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = h[0]!;
  let bb = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & bb) ^ (a & c) ^ (bb & c);
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = bb;
    bb = a;
    a = (t1 + S0 + maj) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + bb) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + hh) | 0;
}

/** State after the key block XOR `pad` (0x36 inner, 0x5c outer). */
function padState(key: Buffer, pad: number): Int32Array {
  const block = new Uint8Array(BLOCK).fill(pad);
  for (let i = 0; i < key.length; i++) block[i] = key[i]! ^ pad;
  const h = IV.slice();
  compress(h, block, 0);
  return h;
}

// Scratch for a message's blocks and padding; grown for long messages.
let scratch = new Uint8Array(4 * BLOCK);
const state = new Int32Array(8);
const outer = new Uint8Array(BLOCK);

/**
 * Hashes m[0, n) from `start` (the state after the key block): full blocks, then the padding
 * (0x80, zeros, the message bit length as a big-endian 64-bit number, counting the 64-byte key
 * block before it).
 */
function finish(start: Int32Array, m: Uint8Array, n: number): void {
  state.set(start);
  let p = 0;
  for (; p + BLOCK <= n; p += BLOCK) compress(state, m, p);
  // The tail (the last partial block, then the padding) is completed in place after the
  // message: the buffers have room for it.
  const rest = n - p;
  const tail = rest + 9 <= BLOCK ? BLOCK : 2 * BLOCK;
  m.fill(0, n, p + tail);
  m[n] = 0x80;
  const bits = (BLOCK + n) * 8;
  // 64-bit length: high word then low word (messages here are far below 2^32 bits).
  const hi = Math.floor(bits / 0x100000000);
  const end = p + tail;
  m[end - 8] = hi >>> 24;
  m[end - 7] = hi >>> 16;
  m[end - 6] = hi >>> 8;
  m[end - 5] = hi;
  m[end - 4] = bits >>> 24;
  m[end - 3] = bits >>> 16;
  m[end - 2] = bits >>> 8;
  m[end - 1] = bits;
  for (let q = p; q < end; q += BLOCK) compress(state, m, q);
}

/** UTF-8 of `s` at the start of the scratch (room for the padding kept); returns its length. */
function encode(s: string): number {
  if (scratch.length < s.length * 3 + 2 * BLOCK) scratch = new Uint8Array(s.length * 3 + 2 * BLOCK);
  const b = scratch;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return Buffer.from(b.buffer, b.byteOffset, b.length).write(s, 0, 'utf8');
    b[i] = c;
  }
  return s.length;
}

/** The bytes of `m` at the start of the scratch (room for the padding kept); returns its length. */
function copyIn(m: Uint8Array): number {
  if (scratch.length < m.length + 2 * BLOCK) scratch = new Uint8Array(m.length + 2 * BLOCK);
  scratch.set(m, 0);
  return m.length;
}

/**
 * HMAC-SHA256 under `key`, as createHmac('sha256', key).update(message).digest(): a string is
 * taken as UTF-8, bytes as they are.
 */
export type HmacSha256 = (message: string | Uint8Array) => Buffer;

/** The state's 8 words, big-endian, at the start of `into` (the digest's bytes). */
function digestInto(into: Uint8Array): void {
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    into[i * 4] = v >>> 24;
    into[i * 4 + 1] = v >>> 16;
    into[i * 4 + 2] = v >>> 8;
    into[i * 4 + 3] = v;
  }
}

export function hmacSha256(key: KeyObject): HmacSha256 {
  let raw = key.export();
  if (raw.length > BLOCK) raw = createHash('sha256').update(raw).digest();
  const inner = padState(raw, 0x36);
  const outerStart = padState(raw, 0x5c);
  raw.fill(0);
  return (message) => {
    const n = typeof message === 'string' ? encode(message) : copyIn(message);
    finish(inner, scratch, n);
    // Outer: H((K ^ opad) || inner digest), the digest written big-endian into the block.
    digestInto(outer);
    finish(outerStart, outer, 32);
    const out = Buffer.allocUnsafe(32);
    digestInto(out);
    return out;
  };
}
