/**
 * The catalog loaded from upstream resolves names as the server does: relations through the
 * search path (pg_catalog first unless placed, `$user`, schemas without USAGE skipped),
 * functions as built-in or user (a user function of the same name on the path makes a call
 * opaque), and function result shapes; view definitions come schema-qualified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineageCatalog, loadLineageCatalog } from '../../../../../proxy/masking/lineage/index.js';
import { upstreamServer } from '../../../../helpers/upstream.js';
import { type LineageDb, openLineageDb } from './ehr-fixture.js';

let db: LineageDb;
let catalog: LineageCatalog;
const login = upstreamServer().user;
const role = `lineage_reader_${process.pid}`;

beforeAll(async () => {
  db = await openLineageDb('lineage_catalog');
  await db.client.query(`
    create table public.pg_class (id int);
    create schema "${login}"; create table "${login}".patients (id int);
    create schema locked; create table locked.secrets (v text);
    create function public.upper(x int) returns int language sql as 'select x';
    do $$ begin if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role}; end if; end $$;
    grant usage on schema public, research to ${role};`);
  catalog = await loadLineageCatalog(db.client);
});

afterAll(async () => {
  await db?.client.query(`drop owned by ${role}; drop role ${role}`).catch(() => undefined);
  await db?.client.end();
});

async function serverResolves(path: string, name: string): Promise<number | null> {
  await db.client.query('begin');
  try {
    await db.client.query(`set local search_path = ${path}`);
    const r = await db.client.query('select to_regclass($1)::oid as oid', [name]);
    return r.rows[0].oid === null ? null : Number(r.rows[0].oid);
  } finally {
    await db.client.query('rollback');
  }
}

describe('relation names', () => {
  it.each([
    [['public'], 'patients'],
    [['research'], 'patients'],
    [['research', 'public'], 'patients'],
    [['$user', 'public'], 'patients'],
    [['public'], 'pg_class'],
    [['public', 'pg_catalog'], 'pg_class'],
    [['nonexistent', 'public'], 'departments'],
    [['research'], 'departments'],
  ])('search_path %j, %s: the relation the server picks', async (path, name) => {
    const text = path.map((s) => (s === '$user' ? '"$user"' : `"${s}"`)).join(', ');
    const expected = await serverResolves(text, name);
    expect(catalog.relation({ name }, path)?.oid ?? null).toBe(expected);
  });

  it('qualified names, quoted identifiers, kinds and column order', () => {
    const p = catalog.relation({ schema: 'Clinic', name: 'Patients' }, [])!;
    expect(p.columns.map((c) => c.name)).toEqual(['id', 'SSN', 'Full Name']);
    expect(catalog.relation({ name: 'patient_contacts' }, ['public'])?.kind).toBe('view');
    expect(catalog.relation({ name: 'encounter_counts' }, ['public'])?.kind).toBe('matview');
    expect(catalog.relation({ schema: 'pg_temp', name: 'anything' }, [])).toBeUndefined();
    const tags = catalog.relation({ name: 'patient_tags' }, ['public'])!;
    expect(tags.columns.map((c) => [c.name, c.generated ?? null])).toEqual([
      ['patient_id', null],
      ['first_name', null],
      ['tag', 'stored'],
    ]);
  });

  it('view definitions are schema-qualified', () => {
    expect(catalog.relation({ name: 'patient_contacts' }, ['public'])?.viewQuery).toContain(
      'public.patients',
    );
  });

  it('schemas the login cannot use are skipped', async () => {
    await db.client.query(`set role ${role}`);
    let restricted: LineageCatalog;
    try {
      restricted = await loadLineageCatalog(db.client);
    } finally {
      await db.client.query('reset role');
    }
    expect(restricted.relation({ name: 'secrets' }, ['locked', 'public'])).toBeUndefined();
    expect(catalog.relation({ name: 'secrets' }, ['locked', 'public'])).toBeDefined();
    expect(restricted.relation({ name: 'patients' }, ['$user', 'public'])?.schema).toBe('public');
  });
});

describe('functions', () => {
  it('built-in, user, and built-in shadowed by a user overload on the path', () => {
    expect(catalog.func({ name: 'lower' }, ['public'])?.builtin).toBe(true);
    expect(catalog.func({ name: 'lookup_ssn' }, ['public'])?.builtin).toBe(false);
    expect(catalog.func({ name: 'upper' }, ['public'])?.builtin).toBe(false);
    expect(catalog.func({ name: 'upper' }, ['research'])?.builtin).toBe(true);
    expect(catalog.func({ schema: 'pg_catalog', name: 'upper' }, ['public'])?.builtin).toBe(true);
    expect(catalog.func({ name: 'no_such_function' }, ['public'])).toBeUndefined();
  });

  it('result shapes: OUT parameters, composite types, scalars, polymorphic', () => {
    expect(catalog.func({ name: 'jsonb_each' }, [])?.result).toEqual({
      type: 'columns',
      names: ['key', 'value'],
    });
    expect(catalog.func({ name: 'generate_series' }, [])?.result).toEqual({ type: 'scalar' });
    expect(catalog.func({ name: 'patients_in' }, ['public'])?.result).toMatchObject({ type: 'columns' });
    expect(catalog.func({ name: 'json_populate_record' }, [])?.result).toEqual({ type: 'unknown' });
  });
});
