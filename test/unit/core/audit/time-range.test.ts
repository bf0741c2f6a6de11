import { describe, expect, it } from 'vitest';
import { parseTimeBound, parseUpperBound } from '../../../../core/audit/time-range.js';

const now = Date.parse('2026-11-28T12:00:00.000Z');

describe('time bounds of the audit commands', () => {
  it('accepts dates, date-times with a zone, now and durations ago', () => {
    expect(parseTimeBound('2026-11-01', now)).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseTimeBound('2026-11-01T10:30:00Z', now)).toBe(Date.parse('2026-11-01T10:30:00Z'));
    expect(parseTimeBound('2026-11-01T10:30:00+02:00', now)).toBe(Date.parse('2026-11-01T08:30:00Z'));
    expect(parseTimeBound('now', now)).toBe(now);
    expect(parseTimeBound('30m', now)).toBe(now - 30 * 60_000);
    expect(parseTimeBound('24h', now)).toBe(now - 86_400_000);
    expect(parseTimeBound('7d', now)).toBe(now - 7 * 86_400_000);
  });

  it('a date-only upper bound includes the whole day', () => {
    expect(parseUpperBound('2026-11-01', now)).toBe(Date.parse('2026-11-02T00:00:00Z') - 1);
    expect(parseUpperBound('2026-11-01T05:00:00Z', now)).toBe(Date.parse('2026-11-01T05:00:00Z'));
  });

  it('refuses local times without a zone and nonsense, saying what is accepted', () => {
    for (const bad of ['2026-11-01T10:00', 'yesterday', '2026-13-45', '5w', '']) {
      const r = parseTimeBound(bad, now);
      expect(typeof r, bad).toBe('object');
      expect((r as { error: string }).error).toMatch(/ISO date/);
    }
  });
});
