import { createHash } from 'node:crypto';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import {
  departmentLine,
  encounterLine,
  labLine,
  patientLine,
} from '../../../../cli/demo-data/load/copy-text.js';
import { DemoRecords } from '../../../../cli/demo-data/records/demo-records.js';
import { DEPARTMENTS } from '../../../../cli/demo-data/reference/departments.js';
import { seedDemoDatabase } from '../../../../cli/demo-data/seed.js';
import { freePort } from '../../../../core/net/free-port.js';
import { createEhrDatabase, createTestDatabase, upstreamUrl, withDirect } from '../../../helpers/upstream.js';

const SEED = 77;
const PATIENTS = 300;

/** sha256 of a table as COPY TO STDOUT text (UTC), read back from the server. */
async function tableHash(database: string, query: string): Promise<string> {
  const sql = postgres(upstreamUrl(database), {
    max: 1,
    onnotice: () => {},
    connection: { TimeZone: 'UTC' },
  });
  try {
    const h = createHash('sha256');
    for await (const chunk of await sql.unsafe(`copy (${query}) to stdout`).readable())
      h.update(chunk as Buffer);
    return h.digest('hex');
  } finally {
    await sql.end();
  }
}

const sha = (lines: Iterable<string>) => {
  const h = createHash('sha256');
  for (const l of lines) h.update(l);
  return h.digest('hex');
};

async function expectCode(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ code });
}

describe('seedDemoDatabase', () => {
  it('loads all tables with keys, foreign keys and indexes; the rows are exactly the generator output', async () => {
    const db = await createTestDatabase('seed_all');
    const result = await seedDemoDatabase(upstreamUrl(db), { patients: PATIENTS, seed: SEED });
    const records = [...new DemoRecords(SEED).records(PATIENTS)];
    const encounters = records.flatMap((r) => r.encounters);
    const labs = encounters.flatMap((e) => e.labs);
    expect(result).toMatchObject({
      patients: PATIENTS,
      encounters: encounters.length,
      labResults: labs.length,
      loaded: true,
    });
    expect(result.durationMs).toBeGreaterThan(0);

    await withDirect(db, async (c) => {
      const counts = await c.query(
        `select (select count(*) from patients)::int p, (select count(*) from encounters)::int e,
                (select count(*) from lab_results)::int l, (select count(*) from departments)::int d`,
      );
      expect(counts.rows[0]).toEqual({
        p: PATIENTS,
        e: encounters.length,
        l: labs.length,
        d: DEPARTMENTS.length,
      });
      const constraints = await c.query(
        `select conrelid::regclass::text as t, contype, pg_get_constraintdef(oid) as def from pg_constraint
         where connamespace = 'public'::regnamespace and contype in ('p', 'f', 'u') order by 1, 3`,
      );
      const defs = constraints.rows.map((r) => `${r.t} ${r.contype} ${r.def}`);
      expect(defs).toEqual(
        expect.arrayContaining([
          'departments p PRIMARY KEY (code)',
          'patients p PRIMARY KEY (patient_id)',
          'patients u UNIQUE (mrn)',
          'encounters p PRIMARY KEY (encounter_id)',
          'encounters f FOREIGN KEY (patient_id) REFERENCES patients(patient_id)',
          'encounters f FOREIGN KEY (department) REFERENCES departments(code)',
          'lab_results p PRIMARY KEY (lab_id)',
          'lab_results f FOREIGN KEY (patient_id) REFERENCES patients(patient_id)',
          'lab_results f FOREIGN KEY (encounter_id) REFERENCES encounters(encounter_id)',
        ]),
      );
      const indexes = await c.query(
        `select indexname from pg_indexes where schemaname = 'public' order by 1`,
      );
      expect(indexes.rows.map((r) => r.indexname)).toEqual(
        expect.arrayContaining([
          'encounters_patient_id_idx',
          'lab_results_encounter_id_idx',
          'lab_results_patient_id_idx',
        ]),
      );
      // Consistency the foreign keys cannot express.
      const bad = await c.query(
        `select count(*)::int n from lab_results l join encounters e using (encounter_id)
         where l.patient_id <> e.patient_id or l.collected_at < e.admitted_at
            or l.collected_at > coalesce(e.discharged_at, timestamptz '2025-10-01 00:00:00+00')`,
      );
      expect(bad.rows[0].n).toBe(0);
      // Identity columns continue after the loaded ids.
      const inserted = await c.query(
        `insert into patients (mrn, first_name, last_name, birth_date, sex, ssn)
         values ('MRN99999999', 'Test', 'Person', '2000-01-01', 'F', '123-45-6789') returning patient_id`,
      );
      expect(inserted.rows[0].patient_id).toBe(PATIENTS + 1);
      await c.query('delete from patients where patient_id = $1', [PATIENTS + 1]);
      const comment = await c.query(`select obj_description('public.patients'::regclass) as c`);
      expect(comment.rows[0].c).toContain(`seed ${SEED}`);
    });

    // Byte-for-byte round trip: COPY out of the server equals the generated COPY text.
    expect(await tableHash(db, 'select * from departments order by code')).toBe(
      sha([...DEPARTMENTS].sort((a, b) => (a.code < b.code ? -1 : 1)).map(departmentLine)),
    );
    expect(await tableHash(db, 'select * from patients order by patient_id')).toBe(
      sha(records.map((r) => patientLine(r.patient))),
    );
    expect(await tableHash(db, 'select * from encounters order by encounter_id')).toBe(
      sha(encounters.map((e) => encounterLine(e.row))),
    );
    expect(await tableHash(db, 'select * from lab_results order by lab_id')).toBe(sha(labs.map(labLine)));
  });

  it('refuses to load over existing tables, or skips with ifExists: skip', async () => {
    const db = await createTestDatabase('seed_twice');
    const first = await seedDemoDatabase(upstreamUrl(db), { patients: 20, seed: SEED });
    await expectCode(
      seedDemoDatabase(upstreamUrl(db), { patients: 20, seed: SEED }),
      'DEMO_DATA_TABLES_EXIST',
    );
    const skipped = await seedDemoDatabase(upstreamUrl(db), { patients: 20, seed: SEED, ifExists: 'skip' });
    expect(skipped).toMatchObject({
      patients: 20,
      encounters: first.encounters,
      labResults: first.labResults,
      loaded: false,
    });
    const other = await createTestDatabase('seed_conflict');
    await withDirect(other, (c) => c.query('create table public.encounters (x int)'));
    // A foreign table named like one of ours: refused even with skip (it is not our data set).
    await expectCode(
      seedDemoDatabase(upstreamUrl(other), { patients: 5, ifExists: 'skip' }),
      'DEMO_DATA_TABLES_EXIST',
    );
    await withDirect(other, async (c) => {
      const t = await c.query(`select to_regclass('public.patients') is null as absent`);
      expect(t.rows[0].absent).toBe(true);
    });
  });

  it('replaces the demo tables atomically with ifExists: replace', async () => {
    const db = await createTestDatabase('seed_replace');
    await seedDemoDatabase(upstreamUrl(db), { patients: 10, seed: 1 });
    const r = await seedDemoDatabase(upstreamUrl(db), { patients: 25, seed: 2, ifExists: 'replace' });
    expect(r).toMatchObject({ patients: 25, loaded: true });
    await withDirect(db, async (c) => {
      const first = await c.query(
        'select mrn, (select count(*)::int from patients) n from patients where patient_id = 1',
      );
      expect(first.rows[0]).toEqual({ mrn: new DemoRecords(2).patient(1).mrn, n: 25 });
      // Something of someone else's depends on a demo table: replace refuses and keeps the data.
      await c.query('create view public.my_report as select patient_id from public.patients');
    });
    await expect(seedDemoDatabase(upstreamUrl(db), { patients: 5, ifExists: 'replace' })).rejects.toThrow(
      /depend/,
    );
    await withDirect(db, async (c) => {
      expect((await c.query('select count(*)::int n from patients')).rows[0].n).toBe(25);
    });
  });

  it('loads only the patients table for the 1M-row benchmark shape', async () => {
    const db = await createTestDatabase('seed_only');
    const r = await seedDemoDatabase(upstreamUrl(db), { patients: 500, seed: SEED, only: ['patients'] });
    expect(r).toMatchObject({ patients: 500, encounters: 0, labResults: 0 });
    await withDirect(db, async (c) => {
      const t = await c.query(
        `select to_regclass('public.encounters') is null e, to_regclass('public.departments') is null d,
                (select count(distinct mrn)::int from patients) mrns`,
      );
      expect(t.rows[0]).toEqual({ e: true, d: true, mrns: 500 });
    });
    const records = new DemoRecords(SEED);
    expect(await tableHash(db, 'select * from patients order by patient_id')).toBe(
      sha([...records.patients(500)].map(patientLine)),
    );
  });

  it('rejects bad options before touching the database, naming the problem', async () => {
    const url = upstreamUrl('does_not_exist');
    const cases: [Parameters<typeof seedDemoDatabase>[1], RegExp][] = [
      [{ patients: 0 }, /patients must be an integer between 1 and/],
      [{ patients: 1.5 }, /patients must be an integer/],
      [{ patients: 10, seed: -1 }, /seed must be an integer/],
      [{ patients: 10, only: [] }, /at least one table/],
      [{ patients: 10, only: ['encounters'] }, /loading encounters needs patients and departments/],
      [
        { patients: 10, only: ['lab_results', 'patients', 'departments'] },
        /loading lab_results needs encounters/,
      ],
      [{ patients: 10, only: ['visits' as 'patients'] }, /unknown table/],
      [{ patients: 10, ifExists: 'drop' as 'skip' }, /ifExists must be/],
    ];
    for (const [options, message] of cases) {
      await expect(seedDemoDatabase(url, options)).rejects.toMatchObject({
        code: 'DEMO_DATA_INVALID_OPTIONS',
        message: expect.stringMatching(message),
      });
    }
  });

  it('rolls everything back when a step fails (no half-loaded database)', async () => {
    const db = await createTestDatabase('seed_rollback');
    // An object whose name the loader needs for an index makes the last step fail.
    await withDirect(db, (c) => c.query('create table public.lab_results_patient_id_idx (x int)'));
    await expect(seedDemoDatabase(upstreamUrl(db), { patients: 30, seed: SEED })).rejects.toThrow(
      /lab_results_patient_id_idx/,
    );
    await withDirect(db, async (c) => {
      const t = await c.query(`select count(*)::int n from pg_tables where schemaname = 'public'`);
      expect(t.rows[0].n).toBe(1);
    });
  });

  it('rejects (does not crash) when the server cannot be reached', async () => {
    const port = await freePort();
    await expect(
      seedDemoDatabase(`postgres://postgres:x@127.0.0.1:${port}/ehr`, { patients: 5 }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('ehr_template (global setup)', () => {
  it('is a seeded template that refuses connections, and copies into a usable database', async () => {
    const info = inject('ehrTemplate');
    expect(info).toMatchObject({ database: 'ehr_template', patients: 2000 });
    const db = await createEhrDatabase('tmpl_copy');
    await withDirect(db, async (c) => {
      const counts = await c.query(
        `select (select count(*) from patients)::int p, (select count(*) from encounters)::int e,
                (select count(*) from lab_results)::int l`,
      );
      expect(counts.rows[0]).toEqual({ p: info.patients, e: info.encounters, l: info.labResults });
      const flags = await c.query(
        `select datistemplate, datallowconn from pg_database where datname = 'ehr_template'`,
      );
      expect(flags.rows[0]).toEqual({ datistemplate: true, datallowconn: false });
      const first = await c.query('select mrn, last_name from patients where patient_id = 1');
      const expected = new DemoRecords(info.seed).patient(1);
      expect(first.rows[0]).toEqual({ mrn: expected.mrn, last_name: expected.lastName });
    });
  });
});
