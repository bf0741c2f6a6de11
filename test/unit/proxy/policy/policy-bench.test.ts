/** The bench module runs and measures what it says (tiny iteration counts: shape, not speed). */
import { describe, expect, it } from 'vitest';
import { benchPolicy, statement200 } from '../../../bench/policy-bench.js';

describe('benchPolicy', () => {
  it('returns µs rows for the cached and uncached pipeline on a 200-character statement', async () => {
    expect(statement200(1)).toHaveLength(200);
    const rows = await benchPolicy({ rounds: 1, iterations: 20 });
    const names = rows.map((r) => r.name);
    expect(names).toContain('policy: cached decision (200-char statement)');
    expect(names).toContain('policy: uncached parse + fingerprint + facts + decide (200 chars)');
    for (const r of rows) expect(r.value).toBeGreaterThan(0);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.value]));
    expect(byName['policy: cached decision (200-char statement)']).toBeLessThan(
      byName['policy: uncached parse + fingerprint + facts + decide (200 chars)']!,
    );
  });
});
