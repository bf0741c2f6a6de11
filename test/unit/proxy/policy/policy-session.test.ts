/**
 * Per-session behaviour: SQL PREPARE/EXECUTE state across messages, refused messages changing
 * nothing, deferred apply for approved messages, search_path tracking and upstream reports,
 * the decision cache (what is shared, what invalidates it), offsets and fingerprints, failing
 * closed, and the wire errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SQLSTATE } from '../../../../core/sqlstate.js';
import {
  createPolicyEngine,
  decisionError,
  devPolicyConfig,
  isRefusal,
  type PolicyEngine,
} from '../../../../proxy/policy/index.js';
import { baselineEngine, engineFor, session, verdict } from './fixtures.js';

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await baselineEngine();
});

describe('SQL PREPARE / EXECUTE across messages', () => {
  it('remembers what a name was prepared as and decides EXECUTE on it', () => {
    const s = session(engine);
    expect(verdict(s.decide('prepare ok as select * from departments'))).toBe('allow allow');
    expect(verdict(s.decide('execute ok'))).toBe('allow allow');
    expect(verdict(s.decide('prepare ins(int) as select * from patients where patient_id = $1'))).toBe(
      'allow allow',
    );
    expect(verdict(s.decide('execute ins(7)'))).toBe('allow allow');
    expect(s.preparedCount).toBe(2);
    expect(verdict(s.decide('deallocate ok'))).toBe('allow allow');
    expect(verdict(s.decide('execute ok'))).toBe('deny dynamic-sql');
    expect(s.decideExecute('ins').action).toBe('allow');
  });

  it('changes nothing when a message is refused (no partial execution)', () => {
    const s = session(engine);
    expect(verdict(s.decide('prepare p as select 1; drop table patients'))).toBe('deny ddl');
    expect(verdict(s.decide('execute p'))).toBe('deny dynamic-sql');
    expect(s.preparedCount).toBe(0);
  });

  it('applies a held message only when told (the approval path), and not at Parse', () => {
    const s = session(engine);
    const held = s.decide('prepare bulk as select * from patients');
    expect(verdict(held)).toBe('approve phi-bulk-read');
    expect(verdict(s.decide('execute bulk'))).toBe('deny dynamic-sql');
    s.apply(held);
    expect(verdict(s.decide('execute bulk'))).toBe('approve phi-bulk-read');

    const parsedOnly = s.decide('prepare later as select 1', { apply: false });
    expect(parsedOnly.action).toBe('allow');
    expect(verdict(s.decide('execute later'))).toBe('deny dynamic-sql');
  });

  it('denies an extended-protocol Parse of a denied statement without changing the session', () => {
    const s = session(engine);
    const parse = s.decide('prepare p as select 1; prepare q as delete from departments', { apply: false });
    expect(verdict(parse)).toBe('deny update-delete-without-where');
    expect(s.preparedCount).toBe(0);
    expect(verdict(s.decide('select pg_read_file($1)', { apply: false }))).toBe('deny server-file-functions');
    expect(verdict(s.decide('select set_config($1, $2, false)', { apply: false }))).toBe('deny dynamic-sql');
    expect(verdict(s.decide('select * from patients where patient_id = $1', { apply: false }))).toBe(
      'allow allow',
    );
  });

  it('decides an EXECUTE of a name that needs quoting through decideExecute', () => {
    const s = session(engine);
    s.decide('prepare "Mixed Name" as delete from departments where code = $1');
    expect(s.decideExecute('Mixed Name').action).toBe('allow');
    expect(verdict(s.decideExecute('mixed name'))).toBe('deny dynamic-sql');
  });
});

describe('search_path', () => {
  it('follows SET search_path and keeps earlier paths as possible until the upstream reports', () => {
    const s = session(engine);
    s.decide('set search_path = archive');
    const read = s.decide('select * from patients limit 5').statements[0]!.facts.tablesRead[0]!;
    expect(read.name).toBe('archive.patients');
    expect(read.candidates).toContain('public.patients');
    // Still PHI: the SET may have been rolled back.
    expect(verdict(s.decide('select * from patients'))).toBe('approve phi-bulk-read');

    s.observeSearchPath('archive');
    const exact = s.decide('select * from patients').statements[0]!.facts.tablesRead[0]!;
    expect(exact.candidates).toEqual(['archive.patients']);
    expect(verdict(s.decide('select * from patients'))).toBe('allow allow');
    expect(verdict(s.decide('select * from public.patients'))).toBe('approve phi-bulk-read');
  });

  it('takes the first upstream report as the value RESET returns to', () => {
    const s = session(engine);
    s.observeSearchPath('clinic, public');
    s.decide('set search_path = other');
    s.decide('reset search_path');
    expect(s.decide('select * from x').statements[0]!.facts.tablesRead[0]!.name).toBe('clinic.x');
  });

  it('treats a path set by set_config (when a policy allows it) as unknown: any schema may be PHI', async () => {
    const permissive = await engineFor({
      disable: ['set-config-search-path'],
      phiTables: { ehr: ['clinic.charts'] },
    });
    const s = session(permissive);
    expect(s.decide("select set_config('search_path', 'clinic', false)").action).toBe('allow');
    const t = s.decide('select * from charts').statements[0]!.facts.tablesRead[0]!;
    expect(t.anySchema).toBe(true);
    expect(verdict(s.decide('select * from charts'))).toBe('approve phi-bulk-read');
    s.observeSearchPath('public');
    expect(verdict(s.decide('select * from charts'))).toBe('allow allow');
  });
});

describe('decision cache', () => {
  it('shares stateless decisions between sessions of the same agent and resource', () => {
    const a = session(engine).decide('select * from departments where code = $1');
    const b = session(engine).decide('select * from departments where code = $1');
    expect(b).toBe(a);
    expect(Object.isFrozen(a.statements[0]!.facts)).toBe(true);
  });

  it('keys on agent, resource, upstream user and search_path', () => {
    const text = 'select * from patients where patient_id = 3';
    const base = session(engine).decide(text);
    expect(session(engine, { agent: { id: 'other' } }).decide(text)).not.toBe(base);
    expect(session(engine, { resource: { name: 'ehr2' } }).decide(text)).not.toBe(base);
    const noUser = session(engine, { upstreamUser: undefined }).decide(text);
    expect(noUser).not.toBe(base);
    expect(noUser.statements[0]!.facts.tablesRead[0]!.anySchema).toBe(true);
    const other = session(engine);
    other.decide('set search_path = x');
    expect(other.decide(text)).not.toBe(base);
  });

  it('is invalidated by a new PHI classification (a new Set) and by invalidate()', async () => {
    await baselineEngine();
    let phi: ReadonlySet<string> = new Set(['public.patients']);
    const e = createPolicyEngine(devPolicyConfig(), { phiTables: () => phi });
    const s = session(e);
    expect(verdict(s.decide('select * from departments'))).toBe('allow allow');
    phi = new Set(['public.departments']);
    expect(verdict(s.decide('select * from departments'))).toBe('approve phi-bulk-read');
    const first = s.decide('select 1');
    e.invalidate();
    expect(s.decide('select 1')).not.toBe(first);
  });

  it('does not cache long messages (the key would hold the text)', async () => {
    const s = session(await engineFor({ cache: { maxCachedTextLength: 50 } }));
    const long = `select 1 where ${'true and '.repeat(10)}true`;
    expect(s.decide(long)).not.toBe(s.decide(long));
    expect(s.decide('select 1')).toBe(s.decide('select 1'));
  });

  it('does not cache messages that read or change session state', () => {
    const s = session(engine);
    expect(verdict(s.decide('execute p'))).toBe('deny dynamic-sql');
    s.decide('prepare p as select 1');
    expect(verdict(s.decide('execute p'))).toBe('allow allow');
  });
});

describe('statements of a message', () => {
  it('gives each statement its text, offsets and fingerprint; the first most restrictive is decisive', () => {
    const text = "select 'é'; select * from patients ;\n delete from departments; drop table x";
    const batch = session(engine).decide(text);
    expect(batch.statements.map((s) => s.text)).toEqual([
      "select 'é'",
      'select * from patients',
      'delete from departments',
      'drop table x',
    ]);
    for (const s of batch.statements) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(batch.statements.map((s) => s.decision.action)).toEqual(['allow', 'approve', 'deny', 'deny']);
    expect(batch.decisive).toBe(batch.statements[2]);
    expect(batch.decision.ruleId).toBe('update-delete-without-where');
  });

  it('fingerprints ignore constants, case and layout', () => {
    const a = session(engine).decide('select * from t where a = 1').statements[0]!.fingerprint;
    const b = session(engine).decide('SELECT  *  FROM t WHERE a = 42').statements[0]!.fingerprint;
    const c = session(engine).decide('select * from t where b = 1').statements[0]!.fingerprint;
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('reports inner decisions with the facts path that fired', () => {
    const d = session(engine).decide('explain analyze delete from departments').decision;
    expect(d).toMatchObject({ action: 'deny', ruleId: 'update-delete-without-where' });
    expect(d.factsUsed).toEqual(['inner[0].statementType', 'inner[0].where']);
  });
});

describe('failing closed', () => {
  it('denies when the PHI classification cannot be read', async () => {
    await baselineEngine();
    const e = createPolicyEngine(devPolicyConfig(), {
      phiTables: () => {
        throw new Error('catalog unavailable');
      },
    });
    expect(verdict(session(e).decide('select 1'))).toBe('deny engine-error');
  });

  it('survives absurd nesting and sizes without throwing', () => {
    const s = session(engine);
    for (const n of [1_000, 3_000, 10_000, 100_000]) {
      for (const sql of [
        `select ${'(select '.repeat(n)}1${')'.repeat(n)}`,
        `select ${'coalesce('.repeat(n)}1${')'.repeat(n)}`,
        `select * from patients where ${'not '.repeat(n)} true`,
      ]) {
        const batch = s.decide(sql);
        // Either fully analyzed, or refused as unanalyzable: never an exception, never a guess.
        if (batch.action !== 'allow')
          expect(['unparseable', 'engine-error'], sql.slice(0, 30)).toContain(batch.decision.ruleId);
        if (n >= 10_000) expect(batch.action).toBe('deny');
      }
    }
    expect(verdict(s.decide('select * from patients'))).toBe('approve phi-bulk-read');
    const many = Array.from({ length: 2000 }, (_, i) => `select ${i}`).join(';');
    const batch = s.decide(many);
    expect(batch.statements).toHaveLength(2000);
    expect(batch.action).toBe('allow');
  });
});

describe('decisionError', () => {
  it('maps deny to 42501 naming the rule and reason, without the statement', () => {
    const batch = session(engine).decide("delete from departments -- 'secret 123-45-6789'");
    if (!isRefusal(batch.decision)) throw new Error('expected a refusal');
    const err = decisionError(batch.decision);
    expect(err.sqlstate).toBe(SQLSTATE.insufficientPrivilege);
    expect(err.code).toBe('POLICY_DENIED');
    expect(err.message).toContain('rule "update-delete-without-where"');
    expect(err.message).toContain('UPDATE or DELETE without WHERE');
    expect(err.message).not.toContain('123-45-6789');
  });

  it('maps approve to PG001 "approval required"', () => {
    const batch = session(engine).decide('select * from patients');
    if (!isRefusal(batch.decision)) throw new Error('expected a refusal');
    const err = decisionError(batch.decision);
    expect(err.sqlstate).toBe('PG001');
    expect(err.message).toMatch(/^approval required .*rule "phi-bulk-read"/);
  });

  it('maps unparseable to 42601 with the position, never the text near it', () => {
    const batch = session(engine).decide("select * from patients where ssn = '123-45-6789");
    expect(batch.syntaxError).toEqual({ message: 'unterminated quoted string', position: 36 });
    if (!isRefusal(batch.decision)) throw new Error('expected a refusal');
    const err = decisionError(batch.decision);
    expect(err.sqlstate).toBe(SQLSTATE.syntaxError);
    expect(err.message).toContain('rule "unparseable"');
    expect(err.message).toContain('position 36');
    expect(err.message).not.toContain('123');
    const near = session(engine).decide('select * from patients wher ssn_value_42 = 1');
    expect(near.decision.reason).toBe('the statement cannot be parsed: syntax error at position 29');
  });
});
