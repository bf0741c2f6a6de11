/**
 * The shape cache in a policy session: a statement with new literals is decided from the shape
 * of an earlier one (same facts, decision and fingerprint, its own text and offsets); what the
 * key holds; what is never stored; standard_conforming_strings; invalidation. The equivalence
 * with the full path over thousands of statements is in shape-differential.test.ts.
 */
import { fingerprintSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../../../core/config/policy.js';
import {
  createPolicyEngine,
  DEV_PHI_TABLES,
  devPolicyConfig,
  loadSqlParser,
  type PolicyEngine,
} from '../../../../proxy/policy/index.js';
import { SHAPE_RULES } from '../../../../proxy/policy/shape-cache.js';
import { lexShape } from '../../../../proxy/sql/shape-lexer.js';
import { session, verdict } from './fixtures.js';
import { instantiate, seeded, TEMPLATES } from './shape-corpus.js';

const PGBENCH = (aid: number | string) => `SELECT abalance FROM pgbench_accounts WHERE aid = ${aid};`;

beforeAll(async () => {
  await loadSqlParser();
});

const fresh = () => createPolicyEngine(devPolicyConfig());
const shapeHits = (e: PolicyEngine) => e.cacheStats().shapeHits;

describe('a statement with new literals', () => {
  it('is decided from the shape of an earlier one, with its own text and offsets', () => {
    const e = fresh();
    const s = session(e);
    const first = s.decide(PGBENCH(48213));
    expect(e.cacheStats()).toMatchObject({ shapeHits: 0, fullDecisions: 1, shapesStored: 1 });
    const text = `  ${PGBENCH(7)}  -- next`;
    const second = s.decide(text);
    expect(e.cacheStats()).toMatchObject({ shapeHits: 1, fullDecisions: 1 });
    const stmt = second.statements[0]!;
    expect(stmt).toMatchObject({ text: PGBENCH(7).slice(0, -1), start: 2, end: 2 + PGBENCH(7).length - 1 });
    expect(stmt.facts).toBe(first.statements[0]!.facts);
    expect(stmt.decision).toBe(first.decision);
    expect(stmt.fingerprint).toBe(fingerprintSync(stmt.text));
    expect(second.decisive).toBe(stmt);
    expect(second.decision).toBe(stmt.decision);
    expect(Object.isFrozen(second) && Object.isFrozen(stmt) && Object.isFrozen(second.statements)).toBe(true);
  });

  it('keeps refusals: a denied or held statement with other literals is still denied or held', () => {
    const e = fresh();
    const s = session(e);
    expect(verdict(s.decide("select * into t2 from patients where last_name = 'a'"))).toBe(
      'deny select-into',
    );
    expect(verdict(s.decide("select * into t2 from patients where last_name = 'b'"))).toBe(
      'deny select-into',
    );
    expect(
      verdict(s.decide("select * from patients where 'a' = 'b' union all select * from encounters")),
    ).toBe('approve phi-bulk-read');
    expect(
      verdict(s.decide("select * from patients where 'c' = 'd' union all select * from encounters")),
    ).toBe('approve phi-bulk-read');
    expect(shapeHits(e)).toBe(2);
  });

  it('keeps limits apart: numbers after LIMIT, FETCH and OFFSET are part of the shape', () => {
    const e = fresh();
    const s = session(e);
    expect(verdict(s.decide('select * from patients limit 1000'))).toBe('allow allow');
    expect(verdict(s.decide('select * from patients limit 1001'))).toBe('approve phi-bulk-read');
    expect(verdict(s.decide('select * from patients fetch first 5000 rows only'))).toBe(
      'approve phi-bulk-read',
    );
    expect(shapeHits(e)).toBe(0);
    expect(verdict(s.decide("select * from patients where last_name = 'x' limit 1000"))).toBe('allow allow');
    expect(verdict(s.decide("select * from patients where last_name = 'y' limit 1000"))).toBe('allow allow');
    expect(shapeHits(e)).toBe(1);
  });
});

describe('fingerprints (libpg-query fingerprints ignore constants)', () => {
  it('are equal, by fingerprintSync, for every two statements of one shape', () => {
    const random = seeded(99);
    const byKey = new Map<string, string>();
    let groupsChecked = 0;
    for (const template of TEMPLATES) {
      for (let v = 0; v < 12; v++) {
        const text = instantiate(template, random);
        const lex = lexShape(text, SHAPE_RULES);
        if (!lex) continue;
        let fp: string;
        try {
          fp = fingerprintSync(text.slice(lex.start, lex.end));
        } catch {
          continue; // does not parse: never stored
        }
        const seen = byKey.get(lex.key);
        if (seen === undefined) byKey.set(lex.key, fp);
        else {
          expect(fp, text).toBe(seen);
          groupsChecked++;
        }
      }
    }
    expect(groupsChecked).toBeGreaterThan(100);
  });
});

describe('the key', () => {
  it('holds agent, groups, resource, labels, PHI set, search_path state and upstream user', () => {
    let phi: ReadonlySet<string> = new Set(DEV_PHI_TABLES);
    const e = createPolicyEngine(devPolicyConfig(), { phiTables: () => phi });
    session(e).decide(PGBENCH(1));
    const others = [
      session(e, { agent: { id: 'other' } }),
      session(e, { agent: { id: 'agent-1', groups: ['admins'] } }),
      session(e, { resource: { name: 'ehr2' } }),
      session(e, { resource: { name: 'ehr', labels: { env: 'prod' } } }),
      session(e, { upstreamUser: 'someone' }),
      session(e, { searchPath: 'archive, public' }),
    ];
    for (const s of others) s.decide(PGBENCH(2));
    expect(shapeHits(e)).toBe(0);
    const moved = session(e);
    moved.decide('set search_path = archive');
    moved.decide(PGBENCH(3));
    expect(shapeHits(e)).toBe(0);
    phi = new Set(['public.pgbench_accounts']);
    expect(verdict(session(e).decide(PGBENCH(4)))).toBe('allow allow');
    expect(shapeHits(e)).toBe(0);
    session(e).decide(PGBENCH(5));
    expect(shapeHits(e)).toBe(1);
  });
});

describe('never stored', () => {
  it.each([
    ['two statements', "select * from departments where code = 'a'; select 1"],
    ['set_config', "select set_config('application_name', 'a', false)"],
    ['a node inside an operator run', 'select * from departments where code<-1'],
    ['SET', "set application_name = 'a'"],
    ['EXPLAIN', "explain select * from departments where code = 'a'"],
    ['a dollar quote', 'select $$a$$ from departments'],
    ['unparseable', "select * from departments where code = 'a' and"],
  ])('%s', (_, text) => {
    const e = fresh();
    session(e).decide(text);
    expect(e.cacheStats().shapesStored).toBe(0);
  });

  it('nor longer texts than the cache takes, nor anything with the decision cache off', async () => {
    await loadSqlParser();
    for (const cache of [{ maxCachedTextLength: 40 }, { decisionEntries: 0 }]) {
      const e = createPolicyEngine(policySchema.parse({ phiTables: { ehr: [...DEV_PHI_TABLES] }, cache }));
      const s = session(e);
      s.decide(PGBENCH(1));
      s.decide(PGBENCH(2));
      expect(e.cacheStats()).toMatchObject({ shapeHits: 0, shapesStored: 0, fullDecisions: 2 });
    }
  });

  it('and invalidate() drops the stored shapes', () => {
    const e = fresh();
    session(e).decide(PGBENCH(1));
    e.invalidate();
    session(e).decide(PGBENCH(2));
    expect(e.cacheStats()).toMatchObject({ shapeHits: 0, fullDecisions: 2 });
  });
});

describe('standard_conforming_strings', () => {
  it('uses shapes only while the upstream has it on (start-up value, ParameterStatus)', () => {
    const e = fresh();
    session(e).decide(PGBENCH(1));
    const off = session(e, { standardConformingStrings: 'off' });
    off.decide(PGBENCH(2));
    expect(shapeHits(e)).toBe(0);
    off.observeParameterStatus('standard_conforming_strings', 'on');
    off.decide(PGBENCH(3));
    expect(shapeHits(e)).toBe(1);
    off.observeParameterStatus('standard_conforming_strings', 'off');
    off.decide(PGBENCH(4));
    expect(shapeHits(e)).toBe(1);
  });

  it('stops using shapes after a message that may change it, until the upstream reports it', () => {
    const e = fresh();
    session(e).decide(PGBENCH(1));
    for (const change of [
      'set standard_conforming_strings = off',
      "select 1; select set_config('standard_conforming_strings', 'off', false)",
      'reset standard_conforming_strings',
    ]) {
      const s = session(e);
      s.decide(change);
      const before = shapeHits(e);
      s.decide(PGBENCH(2));
      expect(shapeHits(e), change).toBe(before);
      s.observeParameterStatus('standard_conforming_strings', 'on');
      s.decide(PGBENCH(3));
      expect(shapeHits(e), change).toBe(before + 1);
    }
  });

  it('treats RESET ALL and DISCARD ALL as a change only when the start-up value was off', () => {
    const e = fresh();
    session(e).decide(PGBENCH(1));
    const on = session(e);
    on.decide('reset all');
    on.decide(PGBENCH(2));
    expect(shapeHits(e)).toBe(1);
    const offAtStart = session(e, { standardConformingStrings: 'off' });
    offAtStart.observeParameterStatus('standard_conforming_strings', 'on');
    offAtStart.decide('discard all');
    offAtStart.decide(PGBENCH(3));
    expect(shapeHits(e)).toBe(1);
  });

  it('passes search_path reports on like observeSearchPath, and ignores other parameters', () => {
    const s = session(fresh());
    s.observeParameterStatus('search_path', 'archive');
    s.observeParameterStatus('TimeZone', 'UTC');
    expect(s.decide('select * from patients limit 5').statements[0]!.facts.tablesRead[0]!.candidates).toEqual(
      ['archive.patients'],
    );
  });
});
