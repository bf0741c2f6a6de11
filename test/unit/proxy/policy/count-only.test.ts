/**
 * A row count over a PHI table returns one number and none of the table's values: the
 * bulk-export rule does not hold it for approval. Anything that ties the count to values
 * (GROUP BY, FILTER, DISTINCT, another aggregate or a column) still does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../../proxy/policy/index.js';
import { baselineEngine, session, verdict } from './fixtures.js';

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await baselineEngine();
});

describe('count-only reads of PHI tables', () => {
  const cases: Array<[string, string]> = [
    ['select count(*) from patients', 'allow allow'],
    ['SELECT COUNT(*) FROM public.patients', 'allow allow'],
    ['select count(ssn), count(distinct mrn) from patients', 'allow allow'],
    ['select pg_catalog.count(*) from patients p join encounters e using (patient_id)', 'allow allow'],
    ['select count(*) from patients group by state', 'approve phi-bulk-read'],
    ['select count(*) filter (where ssn like $$1%$$) from patients', 'approve phi-bulk-read'],
    ['select count(*), min(ssn) from patients', 'approve phi-bulk-read'],
    ['select count(*) over () from patients', 'approve phi-bulk-read'],
    ['select distinct count(*) from patients', 'approve phi-bulk-read'],
    ['select ssn from patients', 'approve phi-bulk-read'],
    ['select count(*) from (select ssn from patients) s', 'approve phi-bulk-read'],
  ];
  for (const [sql, expected] of cases) {
    it(`${expected}: ${sql}`, () => {
      expect(verdict(session(engine).decide(sql))).toBe(expected);
    });
  }
});
