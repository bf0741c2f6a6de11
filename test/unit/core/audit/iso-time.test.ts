import { describe, expect, it } from 'vitest';
import { isoMs } from '../../../../core/audit/iso-time.js';

describe('isoMs', () => {
  it('equals Date#toISOString for every millisecond, repeated or interleaved', () => {
    const base = Date.UTC(2026, 10, 29, 5, 59, 59, 990);
    const seq = [0, 0, 1, 0, 5, 9, 10, 10, 3, 11, 0, 12, 999_999, 1, 2, 3, 4, 5, 0];
    for (const d of seq) expect(isoMs(base + d)).toBe(new Date(base + d).toISOString());
    expect(isoMs(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
