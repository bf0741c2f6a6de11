/**
 * RETURNING rows of INSERT / UPDATE / DELETE / MERGE (checked against RowDescription), COPY TO
 * STDOUT (checked against the server's CopyOutResponse column count and data), and PHI flows:
 * PHI written where later reads would not trace it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineageDb, openLineageDb } from './ehr-fixture.js';
import { analyze, checkRowDescription, checkShape, type Shape } from './shape-harness.js';

let db: LineageDb;

beforeAll(async () => {
  db = await openLineageDb('lineage_dml');
});

afterAll(async () => {
  await db?.client.end();
});

const NEW_PATIENT = `(mrn, first_name, last_name, birth_date, sex, ssn) values ('MRN09', 'Ida', 'Berg', '2001-02-03', 'F', '700-01-0002')`;

const RETURNING: readonly Shape[] = [
  {
    sql: "insert into departments (code, name) values ('X', 'Y') returning *",
    cols: ['code column -', 'name column -'],
    touchesPhi: false,
  },
  {
    sql: `insert into patients ${NEW_PATIENT} returning patient_id, ssn`,
    cols: ['patient_id column -', 'ssn column SSN/partial'],
  },
  {
    sql: `insert into patients ${NEW_PATIENT} on conflict (mrn) do update set city = excluded.city returning ssn, mrn`,
    cols: ['ssn column SSN', 'mrn column MRN/pseudonymize'],
  },
  {
    sql: "update patients set phone = null where ssn = '512-44-3901' returning first_name, upper(last_name)",
    cols: ['first_name column PERSON_NAME', 'upper derived PERSON_NAME/redact'],
    preds: ['patients.ssn where eq constant'],
  },
  {
    sql: "update patients set city = 'X' where patient_id = 1 returning old.city, new.city, old",
    cols: ['city column CITY', 'city column CITY', 'old derived OTHER_ID/redact'],
  },
  {
    sql: "delete from lab_results l using patients p where p.patient_id = l.patient_id and p.zip = '02139' returning l.value, p.email",
    cols: ['value column -', 'email column EMAIL'],
    preds: ['patients.zip where eq constant'],
  },
  {
    sql: "update encounters e set notes = notes from departments d where d.code = e.department and d.name = 'Oncology' returning *",
    cols: [
      'encounter_id column -',
      'patient_id column -',
      'admitted_at column DATE',
      'discharged_at column DATE',
      'department column -',
      'diagnosis_code column -',
      'attending_npi column NPI',
      'notes column ~',
      'code column -',
      'name column -',
    ],
  },
  {
    sql: "merge into departments d using (select 'CARD' as code, 'Cardio' as name) s on d.code = s.code when matched then update set name = s.name when not matched then insert values (s.code, s.name) returning merge_action(), d.*",
    cols: ['merge_action constant -', 'code column -', 'name column -'],
  },
  {
    sql: "merge into patients p using (select 1 as id) s on p.patient_id = s.id when matched and p.ssn like '5%' then update set city = p.city returning p.ssn",
    cols: ['ssn column SSN'],
    preds: ['patients.ssn where like constant'],
  },
  {
    sql: 'with d as (delete from lab_results where lab_id = 1 returning patient_id, collected_at) select p.last_name, d.collected_at from d join patients p using (patient_id)',
    cols: ['last_name column PERSON_NAME', 'collected_at column DATE'],
  },
];

describe('RETURNING', () => {
  it.each(RETURNING.map((s) => [s.sql.slice(0, 100), s] as const))('%s', async (_t, shape) => {
    const l = checkShape(db, shape);
    expect(l.rows).toBe('result');
    await checkRowDescription(db, shape, l);
  });

  it('a write without RETURNING has no rows', () => {
    const l = analyze(db, "update patients set city = 'X' where ssn = $1");
    expect(l.rows).toBe('none');
    expect(l.columns).toEqual([]);
    expect(l.predicateUses.map((p) => `${p.column.column} ${p.operator} ${p.comparedTo}`)).toEqual([
      'ssn eq param',
    ]);
  });
});

/** COPY TO STDOUT on the server: the column count of its CopyOutResponse and the first data row. */
async function serverCopy(sql: string): Promise<{ columns: number; firstRow: string[] }> {
  const con = (db.client as unknown as { connection: NodeJS.EventEmitter }).connection;
  let columns = -1;
  const chunks: Buffer[] = [];
  const onResponse = (m: { columnTypes: unknown[] }) => {
    columns = m.columnTypes.length;
  };
  const onData = (m: { chunk: Buffer }) => chunks.push(m.chunk);
  con.on('copyOutResponse', onResponse);
  con.on('copyData', onData);
  try {
    await db.client.query('begin');
    await db.client.query(sql);
  } finally {
    await db.client.query('rollback');
    con.off('copyOutResponse', onResponse);
    con.off('copyData', onData);
  }
  const first = Buffer.concat(chunks).toString('utf8').split('\n')[0] ?? '';
  return { columns, firstRow: first.split(/csv/i.test(sql) ? ',' : '\t') };
}

describe('COPY', () => {
  const cases: readonly [string, readonly string[]][] = [
    ['copy patients to stdout', ['patient_id column -', 'mrn column MRN', 'first_name column PERSON_NAME']],
    ['copy patient_tags to stdout', ['patient_id column -', 'first_name column PERSON_NAME']],
    ['copy patients (ssn, mrn) to stdout', ['ssn column SSN', 'mrn column MRN']],
    [
      'copy (select upper(first_name), count(*) from patients group by 1) to stdout',
      ['upper derived PERSON_NAME', 'count aggregate-safe -'],
    ],
    [
      'copy (select * from patient_contacts) to stdout with (format csv)',
      ['patient_id column -', 'first_name column PERSON_NAME'],
    ],
    [
      'copy (delete from lab_results where lab_id = 2 returning collected_at, value) to stdout',
      ['collected_at column DATE', 'value column -'],
    ],
  ];
  it.each(cases)('%s', async (sql, prefix) => {
    const l = analyze(db, sql);
    expect(l.rows).toBe('copy');
    expect(
      l.columns.slice(0, prefix.length).map((c) => `${c.name} ${c.kind} ${c.mask ? c.entity : '-'}`),
    ).toEqual(prefix);
    const server = await serverCopy(sql);
    expect(server.columns).toBe(l.columns.length);
    expect(server.firstRow.length).toBe(l.columns.length);
  });

  it('a COPY column analyzed as a stored column carries that column’s value', async () => {
    const l = analyze(db, 'copy patients (mrn, ssn) to stdout');
    const { firstRow } = await serverCopy(
      'copy (select mrn, ssn from patients order by patient_id limit 1) to stdout',
    );
    const direct = await db.client.query('select mrn, ssn from patients order by patient_id limit 1');
    expect(l.columns.map((c) => c.sources[0]?.column)).toEqual(['mrn', 'ssn']);
    expect(firstRow).toEqual([direct.rows[0].mrn, direct.rows[0].ssn]);
  });

  it('COPY FROM and COPY to a server file send no rows to the client', () => {
    expect(analyze(db, 'copy departments from stdin').rows).toBe('none');
    expect(analyze(db, "copy patients to '/tmp/x.csv'").rows).toBe('none');
  });
});

describe('PHI flows', () => {
  const flows = (sql: string) =>
    analyze(db, sql).phiFlows.map((f) =>
      f.target.type === 'column'
        ? `${f.target.table}.${f.target.column} <- ${f.sources.map((s) => s.column).join(',')}`
        : `${f.target.name}() <- ${f.sources.map((s) => s.column).join(',')}`,
    );
  it.each([
    [
      'insert into departments (code, name) select mrn, ssn from patients',
      ['departments.code <- mrn', 'departments.name <- ssn'],
    ],
    [
      "update departments set name = (select ssn from patients limit 1) where code = 'CARD'",
      ['departments.name <- ssn'],
    ],
    ['update patients set phone = ssn where patient_id = 1', ['patients.phone <- ssn']],
    ['update patients set ssn = ssn, city = upper(city) where patient_id = 1', []],
    [
      'insert into patients (mrn, first_name, last_name, birth_date, sex, ssn) select mrn, first_name, last_name, birth_date, sex, ssn from patients',
      [],
    ],
    ["select set_config('app.x', ssn, false) from patients", ['set_config() <- ssn']],
    ["select pg_notify('ch', email) from patients", ['pg_notify() <- email']],
    ['select ssn into temp t from patients', ['t.ssn <- ssn']],
    ['create table t2 as select first_name from patients', ['t2.first_name <- first_name']],
    [
      'merge into departments d using patients p on d.code = p.mrn when not matched then insert values (p.mrn, p.last_name)',
      ['departments.code <- mrn', 'departments.name <- last_name'],
    ],
  ])('%s', (sql, expected) => {
    expect(flows(sql)).toEqual(expected);
  });

  it('the output of set_config carries the PHI it stores', () => {
    const l = analyze(db, "select set_config('app.x', ssn, false) from patients");
    expect(l.columns[0]).toMatchObject({ mask: true, entity: 'SSN' });
  });
});
