import { describe, expect, it } from 'vitest';
import { base64Ascii } from '../../../../proxy/recording/base64-ascii.js';

describe('base64Ascii', () => {
  it('gives the RFC 4648 encoding (with padding) as ASCII bytes, for every tail length', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base64Ascii(Buffer.from(plain)).toString('latin1')).toBe(encoded);
    }
  });

  it('encodes a view into a larger buffer, not the buffer around it', () => {
    const whole = Uint8Array.from([0xff, 0x00, 0x01, 0x02, 0xfe]);
    const view = whole.subarray(1, 4);
    expect(base64Ascii(view).toString('latin1')).toBe('AAEC');
    expect(base64Ascii(Buffer.from(whole).subarray(1, 4)).toString('latin1')).toBe('AAEC');
  });
});
