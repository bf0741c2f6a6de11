import { cellError } from './cell-error.js';

const NUMERIC_POS = 0x0000;
const NUMERIC_NEG = 0x4000;
const NUMERIC_NAN = 0xc000;
const NUMERIC_PINF = 0xd000;
const NUMERIC_NINF = 0xf000;

/**
 * numeric_send → numeric_out text: int16 ndigits, int16 weight, uint16 sign, int16 dscale, then
 * ndigits base-10000 digits (int16). Digit i has weight `weight - i`.
 */
export function decodeNumeric(buf: Buffer): string {
  if (buf.length < 8) throw cellError('numeric');
  const ndigits = buf.readInt16BE(0);
  const weight = buf.readInt16BE(2);
  const sign = buf.readUInt16BE(4);
  const dscale = buf.readInt16BE(6);
  if (ndigits < 0 || dscale < 0 || buf.length !== 8 + 2 * ndigits) throw cellError('numeric');
  if (sign === NUMERIC_NAN) return 'NaN';
  if (sign === NUMERIC_PINF) return 'Infinity';
  if (sign === NUMERIC_NINF) return '-Infinity';
  if (sign !== NUMERIC_POS && sign !== NUMERIC_NEG) throw cellError('numeric');
  const digit = (i: number) => (i >= 0 && i < ndigits ? buf.readInt16BE(8 + 2 * i) : 0);
  let int = '';
  if (weight < 0) int = '0';
  else {
    for (let i = 0; i <= weight; i++) {
      const d = digit(i);
      if (d < 0 || d > 9999) throw cellError('numeric');
      int += i === 0 ? String(d) : String(d).padStart(4, '0');
    }
  }
  let frac = '';
  for (let k = 1; frac.length < dscale; k++) frac += String(digit(weight + k)).padStart(4, '0');
  const body = dscale > 0 ? `${int}.${frac.slice(0, dscale)}` : int;
  return sign === NUMERIC_NEG && /[1-9]/.test(body) ? `-${body}` : body;
}

/** numeric_out text → numeric_recv bytes (plain decimal, NaN, ±Infinity). */
export function encodeNumeric(text: string): Buffer {
  const head = (ndigits: number, weight: number, sign: number, dscale: number) => {
    const b = Buffer.alloc(8 + 2 * ndigits);
    b.writeInt16BE(ndigits, 0);
    b.writeInt16BE(weight, 2);
    b.writeUInt16BE(sign, 4);
    b.writeInt16BE(dscale, 6);
    return b;
  };
  if (text === 'NaN') return head(0, 0, NUMERIC_NAN, 0);
  if (text === 'Infinity') return head(0, 0, NUMERIC_PINF, 0);
  if (text === '-Infinity') return head(0, 0, NUMERIC_NINF, 0);
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw cellError('numeric');
  const intDigits = (m[2] ?? '').replace(/^0+/, '');
  const fracDigits = m[3] ?? '';
  const dscale = fracDigits.length;
  const intPadded = intDigits.padStart(Math.ceil(intDigits.length / 4) * 4, '0');
  const fracPadded = fracDigits.padEnd(Math.ceil(fracDigits.length / 4) * 4, '0');
  const groups: number[] = [];
  for (let i = 0; i < intPadded.length; i += 4) groups.push(Number(intPadded.slice(i, i + 4)));
  const intGroups = groups.length;
  for (let i = 0; i < fracPadded.length; i += 4) groups.push(Number(fracPadded.slice(i, i + 4)));
  let weight = intGroups - 1;
  let first = 0;
  while (first < groups.length && groups[first] === 0) {
    first++;
    weight--;
  }
  let last = groups.length;
  while (last > first && groups[last - 1] === 0) last--;
  const digits = groups.slice(first, last);
  if (digits.length === 0) return head(0, 0, NUMERIC_POS, dscale);
  const b = head(digits.length, weight, m[1] === '-' ? NUMERIC_NEG : NUMERIC_POS, dscale);
  for (let i = 0; i < digits.length; i++) b.writeInt16BE(digits[i]!, 8 + 2 * i);
  return b;
}
