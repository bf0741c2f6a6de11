/** The bench module runs and measures what it says (tiny iteration counts: shape, not speed). */
import { describe, expect, it } from 'vitest';
import { benchPolicy, statement200 } from '../../../bench/policy-bench.js';

describe('benchPolicy', () => {
  it('returns µs rows for the cached, shape-cached and uncached pipeline on a 200-character statement', async () => {
    expect(statement200(1)).toHaveLength(200);
    const rows = await benchPolicy({ rounds: 1, iterations: 20 });
    const names = rows.map((r) => r.name);
    expect(names).toContain('policy: cached decision (200-char statement)');
    expect(names).toContain('policy: uncached parse + fingerprint + facts + decide (200 chars)');
    expect(names).toContain('policy: shape-cache hit (pgbench-like statement with a new literal)');
    for (const r of rows) expect(r.value).toBeGreaterThan(0);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.value]));
    const uncached = byName['policy: uncached parse + fingerprint + facts + decide (200 chars)']!;
    expect(byName['policy: cached decision (200-char statement)']).toBeLessThan(uncached);
    expect(byName['policy: shape-cache hit (pgbench-like statement with a new literal)']).toBeLessThan(
      uncached,
    );
    expect(byName['policy: shape-cache hit (200-char statement with a new literal)']).toBeLessThan(uncached);
  });
});
