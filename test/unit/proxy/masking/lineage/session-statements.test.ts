/**
 * Statements whose rows come later or through session state: DECLARE then FETCH, PREPARE then
 * EXECUTE (with PHI passed through parameters), EXPLAIN (plan text), SHOW, CALL, utility.
 * Where the server can run them, its RowDescription and data are compared with the analysis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementLineage } from '../../../../../proxy/masking/lineage/index.js';
import { type LineageDb, openLineageDb } from './ehr-fixture.js';
import { analyze, DEFAULT_PATH, describeColumn } from './shape-harness.js';

let db: LineageDb;

beforeAll(async () => {
  db = await openLineageDb('lineage_session');
});

afterAll(async () => {
  await db?.client.end();
});

const cols = (l: StatementLineage) => l.columns.map((c) => describeColumn(c, false));

async function inTransaction<T>(fn: () => Promise<T>): Promise<T> {
  await db.client.query('begin');
  try {
    return await fn();
  } finally {
    await db.client.query('rollback');
  }
}

describe('cursors', () => {
  const declare =
    'declare c cursor for select ssn, patient_id, upper(city) from patients order by birth_date';

  it('DECLARE gives the columns FETCH returns; FETCH resolves them through the lookup', async () => {
    const d = analyze(db, declare);
    expect(d).toMatchObject({ statementType: 'DeclareCursorStmt', rows: 'none', cursor: 'c' });
    expect(cols(d)).toEqual(['ssn column SSN', 'patient_id column -', 'upper derived CITY']);
    expect(d.predicateUses.map((p) => `${p.column.column} ${p.clause}`)).toEqual(['birth_date order_by']);
    const f = analyze(db, 'fetch 1 from c', DEFAULT_PATH, { cursor: (n) => (n === 'c' ? d : undefined) });
    expect(f).toMatchObject({ rows: 'result', cursor: 'c', dependsOnSession: true, touchesPhi: true });
    expect(cols(f)).toEqual(cols(d));
    const fields = await inTransaction(async () => {
      await db.client.query(declare);
      return (await db.client.query('fetch 1 from c')).fields;
    });
    expect(fields.map((x) => x.name)).toEqual(f.columns.map((c) => c.name));
    expect(fields.map((x) => x.tableID !== 0 && { t: x.tableID, a: x.columnID })).toEqual(
      f.columns.map((c) => c.origin !== undefined && { t: c.origin.tableOid, a: c.origin.attnum }),
    );
  });

  it('MOVE returns no rows; FETCH from a cursor nobody declared is masked entirely', () => {
    expect(analyze(db, 'move 1 in c').rows).toBe('none');
    const f = analyze(db, 'fetch all from nowhere');
    expect(f.shape).toBe('unknown');
    expect(f.fallback).toMatchObject({ mask: true, entity: 'OTHER_ID' });
    expect(f.unknownLineage).toContainEqual({ kind: 'unknown-cursor', name: 'nowhere' });
  });
});

describe('prepared statements', () => {
  it('EXECUTE returns the PREPAREd statement’s columns, as the server does', async () => {
    const p = analyze(db, 'prepare p1(int) as select ssn, $1::int as n from patients where patient_id = $1');
    expect(p).toMatchObject({ rows: 'none', prepared: 'p1' });
    expect(p.columns[1]?.params).toEqual([1]);
    const e = analyze(db, 'execute p1(1)', DEFAULT_PATH, { prepared: (n) => (n === 'p1' ? p : undefined) });
    expect(e).toMatchObject({ rows: 'result', prepared: 'p1', dependsOnSession: true });
    expect(cols(e)).toEqual(['ssn column SSN', 'n constant -']);
    const fields = await inTransaction(async () => {
      await db.client.query(
        'prepare p1(int) as select ssn, $1::int as n from patients where patient_id = $1',
      );
      const r = await db.client.query('execute p1(1)');
      await db.client.query('deallocate p1');
      return r.fields;
    });
    expect(fields.map((f) => [f.name, f.tableID])).toEqual(
      e.columns.map((c) => [c.name, c.origin?.tableOid ?? 0]),
    );
  });

  it('PHI passed through an EXECUTE argument is masked in the output that returns it', async () => {
    // PostgreSQL refuses subqueries in EXECUTE arguments; a function can still read PHI.
    const p = analyze(db, 'prepare echo(text) as select $1 as v, 1 as one');
    const sql = 'execute echo(lookup_ssn(1))';
    const e = analyze(db, sql, DEFAULT_PATH, { prepared: () => p });
    expect(cols(e)).toEqual(['v unknown OTHER_ID', 'one constant -']);
    expect(analyze(db, "execute echo('x')", DEFAULT_PATH, { prepared: () => p }).columns[0]?.mask).toBe(
      false,
    );
    const served = await inTransaction(async () => {
      await db.client.query('prepare echo(text) as select $1 as v, 1 as one');
      const r = await db.client.query(sql);
      await db.client.query('deallocate echo');
      return r.rows[0].v;
    });
    expect(served).toBe('512-44-3901');
  });

  it('EXECUTE of a statement this session has not prepared is masked entirely', () => {
    const e = analyze(db, 'execute nothing(1)');
    expect(e.shape).toBe('unknown');
    expect(e.fallback.mask).toBe(true);
    expect(e.unknownLineage).toContainEqual({ kind: 'unknown-prepared', name: 'nothing' });
  });
});

describe('EXPLAIN', () => {
  const plan = async (sql: string) =>
    inTransaction(async () => (await db.client.query(sql)).rows.map((r) => r['QUERY PLAN']).join('\n'));

  it('plan text: detectors on, inference facts and analyze flag from the explained statement', () => {
    const l = analyze(db, "explain (analyze, verbose) select ssn from patients where zip like '02%'");
    expect(cols(l)).toEqual(['QUERY PLAN constant ~']);
    expect(l.explain?.analyze).toBe(true);
    expect(l.explain?.inner.columns.map((c) => c.entity)).toEqual(['SSN']);
    expect(l.predicateUses.map((p) => `${p.column.column} ${p.operator}`)).toEqual(['zip like']);
    expect(analyze(db, 'explain select 1').explain?.analyze).toBe(false);
    expect(analyze(db, 'explain (analyze false) select 1').explain?.analyze).toBe(false);
    expect(cols(analyze(db, 'explain select * from departments'))).toEqual(['QUERY PLAN constant -']);
  });

  it('the server’s plan text (ANALYZE, VERBOSE) carries no stored PHI value', async () => {
    const values = (
      await db.client.query('select ssn, phone, email, mrn, last_name, zip from patients')
    ).rows.flatMap((r) => Object.values(r) as string[]);
    for (const sql of [
      'select * from patients p join encounters e using (patient_id) order by ssn',
      "select ssn, count(*) from patients where zip like '02%' group by ssn",
      'select (select max(ssn) from patients) as m, row_to_json(p) from patients p',
      'with c as materialized (select ssn from patients) select * from c where ssn > (select min(ssn) from c)',
    ]) {
      const text = await plan(`explain (analyze, verbose, buffers, settings) ${sql}`);
      for (const v of values) expect(text.includes(v), 'plan text quotes a stored value').toBe(false);
    }
  });

  it('EXPLAIN EXECUTE with an argument computed from PHI prints it: the plan is masked', async () => {
    const p = analyze(db, 'prepare echo2(text) as select $1 as v');
    const sql = 'explain (verbose) execute echo2(lookup_ssn(1))';
    const l = analyze(db, sql, DEFAULT_PATH, { prepared: () => p });
    expect(l.columns[0]).toMatchObject({ mask: true, entity: 'OTHER_ID' });
    const text = await inTransaction(async () => {
      await db.client.query('prepare echo2(text) as select $1 as v');
      return (await db.client.query(sql)).rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(text).toContain('512-44-3901');
  });
});

describe('SHOW, CALL and utility statements', () => {
  it('SHOW returns one setting column; SHOW ALL an unknown shape that touches no PHI', async () => {
    const l = analyze(db, 'show search_path');
    expect(cols(l)).toEqual(['search_path constant -']);
    expect((await db.client.query('show search_path')).fields.map((f) => f.name)).toEqual(['search_path']);
    const all = analyze(db, 'show all');
    expect(all).toMatchObject({ shape: 'unknown', touchesPhi: false, fallback: { mask: false } });
  });

  it('CALL of a procedure is opaque: output parameters are masked', () => {
    const l = analyze(db, 'call refresh_everything(1)');
    expect(l).toMatchObject({ rows: 'result', shape: 'unknown', touchesPhi: true, fallback: { mask: true } });
  });

  it.each(['set search_path = public', 'begin', 'listen ch', 'deallocate all', 'vacuum patients'])(
    '%s returns no rows',
    (sql) => {
      const l = analyze(db, sql);
      expect(l.rows).toBe('none');
      expect(l.columns).toEqual([]);
    },
  );
});
