import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../../../core/crypto/hmac-sha256.js';

const nodeHmac = (key: Buffer, message: string) => createHmac('sha256', key).update(message, 'utf8').digest();

describe('hmacSha256', () => {
  it('equals node:crypto for every message length across block boundaries and for any key length', () => {
    for (const keyLength of [1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const hmac = hmacSha256(createSecretKey(key));
      for (let n = 0; n <= 300; n++) {
        const message = randomBytes(n)
          .toString('latin1')
          .replace(/[\u0080-\u00ff]/g, 'x');
        expect(hmac(message).toString('hex')).toBe(nodeHmac(key, message).toString('hex'));
      }
    }
  });

  it('equals node:crypto on non-ASCII text (UTF-8, lone surrogates replaced) and long text', () => {
    const key = randomBytes(32);
    const hmac = hmacSha256(createSecretKey(key));
    const texts = [
      'words\u0000josé garcía',
      'digits\u0000+1 (617) 555-0134',
      '名前\u0000山田太郎',
      'emoji 😀 and \ud800 lone and \udfff',
      'é'.repeat(100),
      'x'.repeat(5000),
      `${'a'.repeat(54)}é`,
    ];
    for (const t of texts) expect(hmac(t).equals(nodeHmac(key, t))).toBe(true);
  });

  it('returns a fresh buffer per call (callers may write into it)', () => {
    const hmac = hmacSha256(createSecretKey(randomBytes(32)));
    const a = hmac('same');
    a.fill(0);
    expect(hmac('same').equals(a)).toBe(false);
  });
});

describe('hmacSha256 over bytes', () => {
  it('equals node:crypto for byte messages of every length, views included, and after long ones', () => {
    const key = randomBytes(32);
    const hmac = hmacSha256(createSecretKey(key));
    const big = randomBytes(2000);
    for (let n = 0; n <= 300; n++) {
      const m = big.subarray(7, 7 + n);
      expect(hmac(m).equals(createHmac('sha256', key).update(m).digest()), `length ${n}`).toBe(true);
    }
    expect(hmac(big).equals(createHmac('sha256', key).update(big).digest())).toBe(true);
    // The scratch grew for the long message; a short one afterwards is unaffected.
    expect(
      hmac(Uint8Array.from([1, 2, 3])).equals(
        createHmac('sha256', key)
          .update(Buffer.from([1, 2, 3]))
          .digest(),
      ),
    ).toBe(true);
  });
});
