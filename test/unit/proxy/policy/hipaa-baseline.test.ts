/**
 * The hipaa-baseline pack, table-driven, through the real PostgreSQL parser: every rule, and
 * the known ways around regex guardrails (comments, case, whitespace, quoting, escapes,
 * qualified names, CTEs, EXPLAIN ANALYZE, PREPARE/EXECUTE, functions anywhere, COPY PROGRAM,
 * DO and dynamic SQL, multi-statement messages). Each case runs in a fresh session; the PHI
 * tables are the demo database's (public.patients, public.encounters, public.lab_results).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../../proxy/policy/index.js';
import { CURSORS, EVASIONS, EXPLAIN, PREPARED, READS, WRITES } from './baseline-cases/queries.js';
import {
  COPY,
  FUNCTIONS,
  MESSAGES,
  PROCEDURAL,
  SCHEMA_AND_PRIVILEGES,
  SEARCH_PATH,
  SETTINGS,
} from './baseline-cases/statements.js';
import { baselineEngine, session, verdict } from './fixtures.js';

const TABLES = {
  reads: READS,
  evasions: EVASIONS,
  cursors: CURSORS,
  writes: WRITES,
  explain: EXPLAIN,
  'prepare and execute': PREPARED,
  functions: FUNCTIONS,
  copy: COPY,
  'procedural and set_config': PROCEDURAL,
  'settings, transactions, utilities': SETTINGS,
  'schema and privileges': SCHEMA_AND_PRIVILEGES,
  'multi-statement and unparseable messages': MESSAGES,
  search_path: SEARCH_PATH,
};

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await baselineEngine();
});

describe('hipaa-baseline', () => {
  for (const [group, cases] of Object.entries(TABLES)) {
    describe(group, () => {
      it.each(cases)('%s ⇒ %s', (sql, expected) => {
        expect(verdict(session(engine).decide(sql))).toBe(expected);
      });
    });
  }

  it('has at least 150 cases and exercises every rule of the pack', () => {
    const all = Object.values(TABLES).flat();
    expect(all.length).toBeGreaterThanOrEqual(150);
    const fired = new Set(all.map(([, expected]) => expected.split(' ')[1]));
    for (const rule of engine.rules) expect(fired, rule.id).toContain(rule.id);
  });
});
