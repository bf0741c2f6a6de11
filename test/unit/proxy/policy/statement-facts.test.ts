/**
 * Statement facts derived from the real parse tree, table-driven: kind, tables read and written
 * (resolved, CTE names excluded), functions everywhere, WHERE and LIMIT, COPY, settings, inner
 * statements, opaque parts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEngine, StatementFacts, TableRef } from '../../../../proxy/policy/index.js';
import { baselineEngine, session } from './fixtures.js';

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await baselineEngine();
});

/** Facts of the last statement of `sql`, decided in a fresh session. */
function facts(sql: string, options: Parameters<typeof session>[1] = {}): StatementFacts {
  const batch = session(engine, options).decide(sql);
  const last = batch.statements.at(-1);
  if (!last) throw new Error(`no statement in ${sql}`);
  return last.facts;
}
const names = (tables: readonly TableRef[]) => tables.map((t) => t.name).sort();

describe('kind and statement type', () => {
  it.each([
    ['select 1', 'read', 'SelectStmt'],
    ['values (1)', 'read', 'SelectStmt'],
    ['table t', 'read', 'SelectStmt'],
    ['insert into t values (1)', 'write', 'InsertStmt'],
    ['update t set a = 1 where b', 'write', 'UpdateStmt'],
    ['delete from t where b', 'write', 'DeleteStmt'],
    ['merge into t using s on t.a = s.a when matched then delete', 'write', 'MergeStmt'],
    ['truncate t', 'write', 'TruncateStmt'],
    ['with d as (delete from t where b returning *) select * from d', 'write', 'SelectStmt'],
    ['select * into t2 from t', 'ddl', 'SelectStmt'],
    ['create table t (a int)', 'ddl', 'CreateStmt'],
    ['create table t2 as select 1', 'ddl', 'CreateTableAsStmt'],
    ['drop table t', 'ddl', 'DropStmt'],
    ['grant select on t to x', 'dcl', 'GrantStmt'],
    ['create role r', 'dcl', 'CreateRoleStmt'],
    ['copy t to stdout', 'copy', 'CopyStmt'],
    ['begin', 'transaction', 'TransactionStmt'],
    ['set constraints all deferred', 'transaction', 'ConstraintsSetStmt'],
    ['set search_path = a', 'session_setting', 'VariableSetStmt'],
    ['reset all', 'session_setting', 'VariableSetStmt'],
    ['discard all', 'session_setting', 'DiscardStmt'],
    ['show x', 'utility', 'VariableShowStmt'],
    ['explain select 1', 'utility', 'ExplainStmt'],
    ['prepare p as select 1', 'utility', 'PrepareStmt'],
    ['lock t', 'utility', 'LockStmt'],
    ['listen c', 'utility', 'ListenStmt'],
    ['declare c cursor for select 1', 'read', 'DeclareCursorStmt'],
    ['fetch 1 from c', 'utility', 'FetchStmt'],
    ['do $$ begin null; end $$', 'procedural', 'DoStmt'],
    ['call p()', 'procedural', 'CallStmt'],
  ])('%s ⇒ %s (%s)', (sql, kind, type) => {
    const f = facts(sql);
    expect(f.kind).toBe(kind);
    expect(f.statementType).toBe(type);
  });
});

describe('tables read and written, resolved as the session would', () => {
  it.each([
    ['select * from patients', ['public.patients'], []],
    ['select * from PUBLIC."Patients"', ['public."Patients"'], []],
    ['select * from pg_class', ['pg_catalog.pg_class'], []],
    ['select * from pg_not_a_catalog', ['public.pg_not_a_catalog'], []],
    ['select * from a.b join c on true', ['a.b', 'public.c'], []],
    ['with x as (select * from t) select * from x', ['public.t'], []],
    ['with recursive r as (select 1 union select 1 from r) select * from r', [], []],
    ['with t as (select * from t) select * from t', ['public.t'], []],
    ['select * from (with x as (select 1) select * from x) s, x', ['public.x'], []],
    [
      'select (select max(a) from s1), exists (select 1 from s2) from t where c in (select c from s3)',
      ['public.s1', 'public.s2', 'public.s3', 'public.t'],
      [],
    ],
    ['insert into t select * from s', ['public.s'], ['public.t']],
    ['insert into t values (1) returning *', ['public.t'], ['public.t']],
    ['update t set a = s.a from s where s.id = t.id', ['public.s'], ['public.t']],
    ['delete from t using s where s.id = t.id', ['public.s'], ['public.t']],
    ['merge into t using s on t.a = s.a when matched then delete', ['public.s'], ['public.t']],
    ['select * into t2 from t', ['public.t'], ['public.t2']],
    ['create table t2 as select * from t', ['public.t'], ['public.t2']],
    ['copy t to stdout', ['public.t'], []],
    ['copy t from stdin', [], ['public.t']],
    ['copy (select * from t) to stdout', ['public.t'], []],
    ['truncate a, s.b', [], ['public.a', 's.b']],
    ['lock t', [], ['public.t']],
    ['alter table t add column x int', [], ['public.t']],
    ['vacuum t', ['public.t'], []],
    ['explain select * from t', [], []],
    ['explain analyze select * from t', ['public.t'], []],
    ['declare c cursor for select * from t', ['public.t'], []],
  ])('%s', (sql, read, written) => {
    const f = facts(sql);
    expect(names(f.tablesRead)).toEqual([...read].sort());
    expect(names(f.tablesWritten)).toEqual([...written].sort());
  });

  it('keeps every schema an unqualified name may resolve to, over the search paths the session had', () => {
    const f = facts('set search_path = app, public; select * from patients');
    const [t] = f.tablesRead;
    expect(t).toMatchObject({ name: 'app.patients', qualified: false, anySchema: false });
    expect([...(t?.candidates ?? [])].sort()).toEqual([
      'app.patients',
      'phigate.patients',
      'public.patients',
    ]);
  });

  it('marks the schema uncertain when $user is in the path and the upstream user is unknown', () => {
    const f = facts('select * from patients', { upstreamUser: undefined });
    expect(f.tablesRead[0]).toMatchObject({ name: 'public.patients', anySchema: true });
  });

  it('resolves through pg_catalog first unless the path names it later', () => {
    expect(names(facts('set search_path = public, pg_catalog; select * from pg_class').tablesRead)).toEqual([
      'public.pg_class',
    ]);
    expect(
      facts('set search_path = public, pg_catalog; select * from pg_class').tablesRead[0]?.candidates,
    ).toContain('pg_catalog.pg_class');
  });
});

describe('functions, wherever they are called', () => {
  it.each([
    ['select upper(a) from t', ['upper']],
    ['select * from t where lower(a) = md5(b)', ['lower', 'md5']],
    ['select * from t join s on f(t.a) = s.a', ['f']],
    ['select * from t order by g(a)', ['g']],
    ['select * from t group by h(a) having count(*) > 1', ['count', 'h']],
    ['select (select f() from s)', ['f']],
    ['with x as (select f()) select * from x', ['f']],
    ['values (f())', ['f']],
    ['insert into t values (default, f())', ['f']],
    ['update t set a = 1 where b returning f(a)', ['f']],
    ['select * from f() as x', ['f']],
    ['select * from rows from (f(), g())', ['f', 'g']],
    ['select int4(a) from t', ['int4']],
    ['select a::int from t', []],
    ['select s.f(), pg_catalog.g(), "Mixed"()', ['"Mixed"', 'pg_catalog.g', 's.f']],
    ['select count(*) filter (where f(a)) over (partition by g(b)) from t', ['count', 'f', 'g']],
    ['select extract(year from now())', ['now', 'pg_catalog.extract']],
    ['call p(f())', ['f', 'p']],
    ['explain select f()', []],
    ['explain analyze select f()', ['f']],
  ])('%s ⇒ %j', (sql, fns) => {
    expect([...facts(sql).functions].sort()).toEqual([...fns].sort());
  });
});

describe('WHERE, LIMIT and scans', () => {
  it.each([
    ['select * from t', false, null],
    ['select * from t where a', true, null],
    ['select * from t limit 10', false, 10],
    ['select * from t limit 0', false, 0],
    ['select * from t fetch first 3 rows only', false, 3],
    ['select * from t limit all', false, null],
    ['select * from t limit $1', false, 'unknown'],
    ['select * from t limit (select 1)', false, 'unknown'],
    ["select * from t limit '10'", false, 'unknown'],
    ['select * from t order by a fetch first 3 rows with ties', false, 'unknown'],
    ['select * from t where a union select * from s where b', true, null],
    ['select * from t where a union select * from s', false, null],
    ['(select * from t) union (select * from s) limit 5', false, 5],
    ['update t set a = 1 where current of c', true, null],
    ['delete from t', false, null],
  ])('%s ⇒ where %s, limit %s', (sql, where, limit) => {
    const f = facts(sql);
    expect(f.where).toBe(where);
    expect(f.limit).toBe(limit);
  });

  it('records each scan with the WHERE and LIMIT of the block that reads the table', () => {
    const f = facts(
      'select * from a where x in (select y from b) and exists (select 1 from c where c.z = a.z) limit 3',
    );
    const scans = Object.fromEntries(f.scans.map((s) => [s.table.name, [s.where, s.limit]]));
    expect(scans).toEqual({ 'public.a': [true, 3], 'public.b': [false, null], 'public.c': [true, null] });
  });

  it('lets a set operation limit bound the branches that have none', () => {
    const f = facts('select * from a union all (select * from b limit 2000) limit 10');
    const scans = Object.fromEntries(f.scans.map((s) => [s.table.name, s.limit]));
    expect(scans).toEqual({ 'public.a': 10, 'public.b': 2000 });
  });
});

describe('COPY, settings, inner statements, opaque parts', () => {
  it.each([
    ['copy t to stdout', { direction: 'to', target: 'stdio' }],
    ['copy t from stdin', { direction: 'from', target: 'stdio' }],
    ["copy t to '/tmp/x'", { direction: 'to', target: 'file' }],
    ["copy t from program 'cat'", { direction: 'from', target: 'program' }],
    ["copy (select 1) to program 'sh'", { direction: 'to', target: 'program' }],
  ])('%s ⇒ %j', (sql, copy) => {
    expect(facts(sql).copy).toEqual(copy);
  });

  it.each([
    ['set role x', [{ name: 'role', via: 'set' }]],
    ['set local role x', [{ name: 'role', via: 'set' }]],
    ['set session authorization x', [{ name: 'session_authorization', via: 'set' }]],
    ['reset role', [{ name: 'role', via: 'reset' }]],
    ['reset all', [{ name: 'all', via: 'reset' }]],
    ["set time zone 'UTC'", [{ name: 'timezone', via: 'set' }]],
    ["select set_config('Search_Path', 'x', false)", [{ name: 'search_path', via: 'set_config' }]],
  ])('%s ⇒ settings %j', (sql, settings) => {
    expect(facts(sql).settings).toEqual(settings);
  });

  it.each([
    ['explain select * from t', ['explains']],
    ['explain analyze select * from t', ['executes']],
    ['prepare p as select 1', ['prepares']],
    ['prepare p as select 1; execute p', ['executes']],
    [
      'with a as (insert into t values (1) returning *), b as (delete from s where x returning *) select 1',
      ['cte', 'cte'],
    ],
    ['copy (select 1) to stdout', ['executes']],
    ['create table t as select 1', ['executes']],
    ['create view v as select 1', ['body']],
    ['do $$ begin delete from t; update s set a = 1 where b; end $$', ['body', 'body']],
    ["create function f() returns int language sql as 'select 1; select 2'", ['body', 'body']],
    ['create function f() returns int language sql return g(1)', ['body']],
  ])('%s ⇒ inner %j', (sql, roles) => {
    expect(facts(sql).inner.map((i) => i.role)).toEqual(roles);
  });

  it('parses PL/pgSQL bodies: statements, expressions, assignments; dynamic EXECUTE is opaque', () => {
    const f = facts(
      "do $$ declare x text := pg_read_file('a'); begin x := lower(x); perform lo_import('y'); " +
        "if exists (select 1 from patients) then delete from t where a; end if; execute 'select 1'; end $$",
    );
    expect([...f.functions].sort()).toEqual(['lo_import', 'lower', 'pg_read_file']);
    expect(names(f.tablesRead)).toEqual(['public.patients']);
    expect(names(f.tablesWritten)).toEqual(['public.t']);
    expect(f.opaque).toEqual(['dynamic EXECUTE in PL/pgSQL']);
  });

  it.each([
    ["do $$ declare c refcursor; begin open c for execute 'x'; end $$", 'dynamic EXECUTE in PL/pgSQL'],
    [
      "do $$ declare r record; begin for r in execute 'x' loop end loop; end $$",
      'dynamic EXECUTE in PL/pgSQL',
    ],
    ['do language plperl $$ 1 $$', 'DO block in language plperl cannot be analyzed'],
    ['do $$ begin return query select 1; end $$', 'PL/pgSQL body cannot be parsed'],
    [
      "create function f() returns int language c as 'lib', 'sym'",
      'function body in language c cannot be analyzed',
    ],
    ["create function f() returns int language sql as 'selec 1'", 'SQL in a body cannot be parsed'],
    ['execute nope', 'EXECUTE of a prepared statement this session has not prepared'],
    ["select set_config(lower('ROLE'), 'x', false)", 'set_config with a setting name that is not a constant'],
    [
      "select set_config(setting_name => 'role', new_value => 'x', is_local => true)",
      'set_config with a setting name that is not a constant',
    ],
  ])('%s ⇒ opaque %j', (sql, reason) => {
    expect(facts(sql).opaque).toContain(reason);
  });

  it('never quotes statement text in opaque reasons (language names are checked)', () => {
    expect(facts(`do language "x'; select 1 --" $$ 1 $$`).opaque).toEqual([
      'DO block in language (unnamed) cannot be analyzed',
    ]);
  });
});
