/**
 * The engine's model of PostgreSQL checked against a real PostgreSQL 18 (the embedded server of
 * the test run): the pg_catalog relation list, name resolution through search_path (the table
 * the server picks is always among the engine's candidates), the search_path reports the engine
 * relies on, and which statements actually execute (EXPLAIN vs EXPLAIN ANALYZE, set_config's
 * argument names).
 */
import type pg from 'pg';
import pgModule from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_CATALOG_RELATIONS } from '../../../../proxy/policy/facts/catalog-relations.js';
import type { PolicyEngine } from '../../../../proxy/policy/index.js';
import { createTestDatabase, upstreamServer, upstreamUrl } from '../../../helpers/upstream.js';
import { baselineEngine, session } from './fixtures.js';

let engine: PolicyEngine;
let db: string;
let client: pg.Client;
const user = upstreamServer().user;

beforeAll(async () => {
  engine = await baselineEngine();
  db = await createTestDatabase('policy_agree');
  client = new pgModule.Client({ connectionString: upstreamUrl(db) });
  await client.connect();
  await client.query(`
    create schema app; create schema archive; create schema "a, b"; create schema "${user}";
    create table public.patients (id int); create table app.patients (id int);
    create table archive.visits (id int); create table public."Mixed" (id int);
    create table public.pg_class (id int); create table "a, b".x (id int);
    create table "${user}".notes (id int); create table public.notes (id int);
    create table public.t (id int); insert into public.t select generate_series(1, 5);
  `);
});

afterAll(async () => {
  await client?.end();
});

async function serverResolves(searchPath: string, relation: string): Promise<string | null> {
  await client.query(`set search_path = ${searchPath}`);
  const r = await client.query(
    `select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.oid = pg_catalog.to_regclass($1)`,
    [relation],
  );
  await client.query('reset search_path');
  return r.rows[0]?.name ?? null;
}

describe('pg_catalog relations', () => {
  it('match the running server exactly', async () => {
    const r = await client.query(
      `select relname from pg_class where relnamespace = 'pg_catalog'::regnamespace
         and relkind in ('r', 'v', 'm', 'p', 'f') order by 1`,
    );
    expect(r.rows.map((x) => x.relname)).toEqual([...PG_CATALOG_RELATIONS].sort());
  });
});

describe('name resolution agrees with the server', () => {
  it.each([
    ['"$user", public', 'patients', 'public.patients'],
    ['app, public', 'patients', 'app.patients'],
    ['public, app', 'patients', 'public.patients'],
    ['archive, public', 'patients', 'public.patients'],
    ['"$user", public', 'pg_class', 'pg_catalog.pg_class'],
    ['public, pg_catalog', 'pg_class', 'public.pg_class'],
    ['"$user", public', '"Mixed"', 'public."Mixed"'],
    ["'a, b'", 'x', '"a, b".x'],
    ['"$user", public', 'notes', `${user}.notes`],
  ])('search_path %s, %s ⇒ %s', async (searchPath, relation, expected) => {
    const resolved = await serverResolves(searchPath, relation);
    expect(resolved).toBe(expected);
    const s = session(engine, { upstreamUser: user });
    expect(s.decide(`set search_path = ${searchPath}`).action).toBe('allow');
    s.observeSearchPath(
      (await client.query(`set search_path = ${searchPath}; show search_path`).then(showLast)) ?? '',
    );
    await client.query('reset search_path');
    const table = s.decide(`select * from ${relation} where true`).statements[0]!.facts.tablesRead[0]!;
    expect(table.candidates).toContain(resolved);
  });
});

function showLast(results: unknown): string | undefined {
  const list = Array.isArray(results) ? results : [results];
  return (list.at(-1) as pg.QueryResult | undefined)?.rows[0]?.search_path;
}

describe('search_path reports (PostgreSQL 18 ParameterStatus)', () => {
  it('reports a committed change and nothing for a rolled-back one; the engine follows the reports', async () => {
    const reports: string[] = [];
    const c = new pgModule.Client({ connectionString: upstreamUrl(db) });
    const connection = (c as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
      if (m.parameterName === 'search_path') reports.push(m.parameterValue);
    });
    await c.connect();
    try {
      expect(reports).toEqual(['"$user", public']);
      const s = session(engine, { upstreamUser: user, searchPath: reports[0] });

      s.decide('set search_path = app, public');
      await c.query('set search_path = app, public');
      expect(reports.at(-1)).toBe('app, public');
      s.observeSearchPath(reports.at(-1)!);
      expect(
        s.decide('select * from patients where true').statements[0]!.facts.tablesRead[0]!.candidates,
      ).toEqual(['app.patients', 'public.patients']);

      // Rolled back: the engine cannot know, so it keeps both paths possible; the server sends nothing.
      s.decide('begin; set search_path = archive; rollback');
      await c.query('begin; set search_path = archive; rollback');
      expect(reports).toHaveLength(2);
      const possible = s.decide('select * from visits where true').statements[0]!.facts.tablesRead[0]!;
      expect(possible.candidates).toContain('archive.visits');
      expect(possible.candidates).toContain('app.visits');
    } finally {
      await c.end();
    }
  });
});

describe('what actually runs on the server', () => {
  async function rowsAfter(sql: string): Promise<number> {
    await client.query('begin');
    try {
      await client.query(sql);
      return Number((await client.query('select count(*) as n from public.t')).rows[0].n);
    } finally {
      await client.query('rollback');
    }
  }

  it.each([
    ['explain delete from public.t', 5],
    ['explain analyze delete from public.t', 0],
    ['explain (analyze 0) delete from public.t', 5],
    ['explain (analyze 1) delete from public.t', 0],
    ['explain (analyze off) delete from public.t', 5],
    ['explain (analyze on, analyze off) delete from public.t', 5],
    ['explain (format json, analyze) delete from public.t', 0],
  ])('%s leaves %d rows, and the engine decides it accordingly', async (sql, rows) => {
    expect(await rowsAfter(sql)).toBe(rows);
    const batch = session(engine).decide(sql);
    expect(batch.action).toBe(rows === 0 ? 'deny' : 'allow');
  });

  it('has no argument names for set_config: a named call fails there and the engine refuses it', async () => {
    await expect(
      client.query(
        "select set_config(setting_name => 'application_name', new_value => 'x', is_local => false)",
      ),
    ).rejects.toThrow(/does not exist/);
    const facts = session(engine).decide(
      "select set_config(setting_name => 'role', new_value => 'x', is_local => false)",
    ).statements[0]!.facts;
    expect(facts.opaque).toEqual(['set_config with a setting name that is not a constant']);
    const r = await client.query("select set_config('application_name', 'probe', false) as v");
    expect(r.rows[0].v).toBe('probe');
  });
});
