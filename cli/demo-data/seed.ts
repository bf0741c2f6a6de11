import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { PhigateError } from '../../core/errors.js';
import { chunked, departmentLine, encounterLine, labLine, patientLine } from './load/copy-text.js';
import {
  COPY_COLUMNS,
  CREATE_TABLE,
  DEMO_TABLES,
  type DemoTable,
  FINISH_TABLE,
  TABLE_DEPENDENCIES,
} from './load/schema.js';
import { assertSeed, DEFAULT_DEMO_SEED, DemoRecords } from './records/demo-records.js';
import { DEPARTMENTS } from './reference/departments.js';

export interface SeedOptions {
  /** Number of patients (1 .. 10,000,000). */
  patients: number;
  /** PRNG seed (uint32); same seed, same data. Default DEFAULT_DEMO_SEED. */
  seed?: number;
  /** Load only these tables (each table's dependencies must be included). Default: all four. */
  only?: readonly DemoTable[];
  /**
   * When demo tables already exist: 'error' (default) refuses; 'skip' loads nothing and reports
   * the existing counts; 'replace' drops them and loads afresh, in the same transaction.
   */
  ifExists?: 'error' | 'skip' | 'replace';
}

export interface SeedResult {
  patients: number;
  encounters: number;
  labResults: number;
  durationMs: number;
  /** false when `ifExists: 'skip'` found the tables already there. */
  loaded: boolean;
}

export const MAX_DEMO_PATIENTS = 10_000_000;

const invalid = (message: string) => new PhigateError('DEMO_DATA_INVALID_OPTIONS', message, { status: 400 });

function plan(options: SeedOptions): { tables: DemoTable[]; seed: number } {
  const { patients } = options;
  if (!Number.isSafeInteger(patients) || patients < 1 || patients > MAX_DEMO_PATIENTS) {
    throw invalid(`patients must be an integer between 1 and ${MAX_DEMO_PATIENTS}`);
  }
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  try {
    assertSeed(seed);
  } catch {
    throw invalid('seed must be an integer between 0 and 4294967295');
  }
  if (options.ifExists !== undefined && !['error', 'skip', 'replace'].includes(options.ifExists)) {
    throw invalid('ifExists must be error, skip or replace');
  }
  const only = options.only ?? DEMO_TABLES;
  if (only.length === 0) throw invalid('only must name at least one table');
  for (const t of only) {
    if (!(DEMO_TABLES as readonly string[]).includes(t)) {
      throw invalid(`only names an unknown table; expected some of ${DEMO_TABLES.join(', ')}`);
    }
    const missing = TABLE_DEPENDENCIES[t].filter((d) => !only.includes(d));
    if (missing.length > 0) throw invalid(`loading ${t} needs ${missing.join(' and ')} in only`);
  }
  return { tables: DEMO_TABLES.filter((t) => only.includes(t)), seed };
}

/**
 * Creates the demo EHR tables in `public` and loads them with COPY FROM STDIN, streamed in
 * ~256 KB chunks (the data set is never held in memory), in one transaction: either every
 * table is loaded with its keys, foreign keys and indexes, or nothing is. When a demo table
 * already exists it refuses, does nothing (`ifExists: 'skip'`) or replaces them (`'replace'`).
 */
export async function seedDemoDatabase(connectionString: string, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const { tables, seed } = plan(options);
  const records = new DemoRecords(seed);
  const count = options.patients;
  const result: SeedResult = { patients: 0, encounters: 0, labResults: 0, durationMs: 0, loaded: true };
  const sql = postgres(connectionString, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: 'phigate-seed' },
  });
  try {
    await sql.begin(async (tx) => {
      const existing = await tx<{ name: string }[]>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname = any(${tables as string[]})`;
      if (existing.length > 0 && options.ifExists === 'replace') {
        // Reverse load order, no CASCADE: a table something else depends on is not dropped silently.
        for (const table of [...tables].reverse()) await tx.unsafe(`drop table if exists public.${table}`);
      } else if (existing.length > 0) {
        const names = existing.map((r) => r.name).sort();
        if (options.ifExists === 'skip' && names.length === tables.length) {
          await countExisting(tx, tables, result);
          result.loaded = false;
          return;
        }
        throw new PhigateError(
          'DEMO_DATA_TABLES_EXIST',
          `demo tables already exist in schema public: ${names.join(', ')}; use a fresh database or drop them first`,
          { status: 409 },
        );
      }
      await tx`set local synchronous_commit = off`;
      await tx`set local maintenance_work_mem = '256MB'`;
      for (const table of tables) await tx.unsafe(CREATE_TABLE[table]);
      const copy = async (table: DemoTable, lines: Iterable<string>) => {
        const target = await tx
          .unsafe(`copy public.${table} (${COPY_COLUMNS[table]}) from stdin with (freeze)`)
          .writable();
        await pipeline(Readable.from(chunked(lines)), target);
      };
      if (tables.includes('departments')) await copy('departments', DEPARTMENTS.map(departmentLine));
      if (tables.includes('patients')) {
        await copy('patients', patientLines(records, count, result));
      }
      if (tables.includes('encounters')) await copy('encounters', encounterLines(records, count, result));
      if (tables.includes('lab_results')) await copy('lab_results', labLines(records, count, result));
      for (const table of tables)
        for (const statement of FINISH_TABLE[table](seed)) await tx.unsafe(statement);
      for (const table of tables) await tx.unsafe(`analyze public.${table}`);
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

function* patientLines(records: DemoRecords, count: number, result: SeedResult): Generator<string> {
  for (const p of records.patients(count)) {
    result.patients++;
    yield patientLine(p);
  }
}

function* encounterLines(records: DemoRecords, count: number, result: SeedResult): Generator<string> {
  for (const r of records.records(count)) {
    for (const e of r.encounters) {
      result.encounters++;
      yield encounterLine(e.row);
    }
  }
}

function* labLines(records: DemoRecords, count: number, result: SeedResult): Generator<string> {
  for (const r of records.records(count, { notes: false })) {
    for (const e of r.encounters) {
      for (const l of e.labs) {
        result.labResults++;
        yield labLine(l);
      }
    }
  }
}

async function countExisting(tx: postgres.TransactionSql, tables: readonly DemoTable[], result: SeedResult) {
  const count = async (table: DemoTable) =>
    Number((await tx.unsafe<{ n: string }[]>(`select count(*) as n from public.${table}`))[0]?.n ?? 0);
  if (tables.includes('patients')) result.patients = await count('patients');
  if (tables.includes('encounters')) result.encounters = await count('encounters');
  if (tables.includes('lab_results')) result.labResults = await count('lab_results');
}
