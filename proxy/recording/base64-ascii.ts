/**
 * Standard base64 (RFC 4648, with padding) of bytes, as ASCII bytes in a Buffer: a recording
 * segment's payload goes from the recorder to the audit log file without ever becoming a
 * JavaScript string. (A streamed 1M-row result otherwise turns into tens of megabytes of
 * short-lived strings that V8 promotes to old space before it collects them, and the gateway's
 * resident memory grows with the result instead of staying flat.)
 */
const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'ascii');
const PAD = 0x3d; // '='

export function base64Ascii(src: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(Math.ceil(src.length / 3) * 4);
  const whole = src.length - (src.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
    out[o++] = ALPHABET[n >>> 18]!;
    out[o++] = ALPHABET[(n >>> 12) & 63]!;
    out[o++] = ALPHABET[(n >>> 6) & 63]!;
    out[o++] = ALPHABET[n & 63]!;
  }
  const rest = src.length - whole;
  if (rest === 1) {
    const n = src[whole]! << 16;
    out[o++] = ALPHABET[n >>> 18]!;
    out[o++] = ALPHABET[(n >>> 12) & 63]!;
    out[o++] = PAD;
    out[o++] = PAD;
  } else if (rest === 2) {
    const n = (src[whole]! << 16) | (src[whole + 1]! << 8);
    out[o++] = ALPHABET[n >>> 18]!;
    out[o++] = ALPHABET[(n >>> 12) & 63]!;
    out[o++] = ALPHABET[(n >>> 6) & 63]!;
    out[o++] = PAD;
  }
  return out;
}
