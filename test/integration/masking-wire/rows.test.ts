/**
 * RowDescription and DataRow codecs on PostgreSQL 18's own frames (simple protocol text rows,
 * extended protocol binary rows) of a 14-column patients table; the rewritten frames are read
 * back by pg-protocol's parser (the one node-postgres uses).
 */
import { Readable } from 'node:stream';
import pg from 'pg';
import { parse } from 'pg-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../../../proxy/masking/detectors/index.js';
import { methodResolver } from '../../../proxy/masking/methods/index.js';
import { type CellMaskContext, maskCell, planMaskedColumn } from '../../../proxy/masking/values/index.js';
import {
  type CellTransform,
  MalformedMessageError,
  mapDataRow,
  parseRowDescription,
  rewriteRowDescription,
} from '../../../proxy/masking/wire/index.js';
import { createTestDatabase, upstreamUrl } from '../../helpers/upstream.js';
import { cellsOf } from '../../unit/proxy/masking/wire/frames.js';
import { ofType, UpstreamFrames } from './upstream-frames.js';

const PATIENTS = `create table patients (
  patient_id integer primary key, mrn text not null, first_name text not null, last_name text not null,
  birth_date date not null, sex text not null, ssn varchar(11) not null, phone text, email text,
  street text, city text, state text, zip text, insurance_member_id text)`;
const ROWS = [
  `(1, 'MRN00000001', 'Maria', 'Lopez', '1984-03-15', 'F', '219-45-6789', '(617) 555-0134', 'maria@example.com', '42 Maple St', 'Boston', 'MA', '02115', 'ABC123456789')`,
  `(2, 'MRN00000002', 'John', 'Ng', '1950-12-01', 'M', '321-54-9876', null, null, null, null, null, null, null)`,
];

let db: string;
let up: UpstreamFrames;
let relid: number;
const ctx: CellMaskContext = { detector: createDetector(), methodFor: methodResolver() };

beforeAll(async () => {
  db = await createTestDatabase('masking_wire_rows');
  const c = new pg.Client({ connectionString: upstreamUrl(db) });
  await c.connect();
  await c.query(PATIENTS);
  await c.query(`insert into patients values ${ROWS.join(', ')}`);
  relid = Number((await c.query(`select 'patients'::regclass::oid as o`)).rows[0].o);
  await c.end();
  up = await UpstreamFrames.open(db);
});
afterAll(() => up?.close());

/** Messages pg-protocol's parser reads from these frames. */
async function pgParse(frames: Buffer[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  await parse(Readable.from(frames), (m) => out.push(m as unknown as Record<string, unknown>));
  return out;
}

describe('RowDescription from PostgreSQL', () => {
  it('reads table OID, attribute number, type, size, typmod and format of each column', async () => {
    const frames = await up.query('select patient_id, ssn, birth_date, upper(ssn) as u from patients');
    const fields = parseRowDescription(ofType(frames, 'T')[0]!);
    expect(fields).toEqual([
      { name: 'patient_id', tableOid: relid, attnum: 1, typeOid: 23, typeSize: 4, typmod: -1, format: 0 },
      { name: 'ssn', tableOid: relid, attnum: 7, typeOid: 1043, typeSize: -1, typmod: 15, format: 0 },
      { name: 'birth_date', tableOid: relid, attnum: 5, typeOid: 1082, typeSize: 4, typmod: -1, format: 0 },
      { name: 'u', tableOid: 0, attnum: 0, typeOid: 25, typeSize: -1, typmod: -1, format: 0 },
    ]);
    const binary = await up.extended('select patient_id, ssn from patients', 1);
    expect(parseRowDescription(ofType(binary, 'T')[0]!).map((f) => f.format)).toEqual([1, 1]);
  });
});

describe('DataRow from PostgreSQL', () => {
  for (const format of [0, 1] as const) {
    it(`masks a patients row in ${format === 0 ? 'text' : 'binary'} format and pg-protocol reads the result`, async () => {
      const sql = 'select * from patients order by patient_id';
      const frames = format === 0 ? await up.query(sql) : await up.extended(sql, 1);
      const t = ofType(frames, 'T')[0]!;
      const rows = ofType(frames, 'D');
      const fields = parseRowDescription(t);
      const mask = new Map([
        ['ssn', planMaskedColumn(1043, 15, 'SSN', 'redact')],
        ['birth_date', planMaskedColumn(1082, -1, 'BIRTH_DATE', 'partial')],
        ['phone', planMaskedColumn(25, -1, 'PHONE', 'partial')],
      ]);
      const columns: (CellTransform | undefined)[] = fields.map((f) => {
        const plan = mask.get(f.name);
        return plan && ((cell) => maskCell(cell, format, plan, ctx));
      });
      const changes = new Map<number, { typeOid: number; typeSize: number; typmod: number }>();
      fields.forEach((f, i) => {
        const plan = mask.get(f.name);
        if (plan && !plan.keepsType) {
          changes.set(i, {
            typeOid: plan.outputTypeOid,
            typeSize: plan.outputTypeSize,
            typmod: plan.outputTypmod,
          });
        }
      });
      expect([...changes.keys()]).toEqual([4]); // birth_date partial is reported as text
      const outT = rewriteRowDescription(t, changes);
      const outRows = rows.map((r) => mapDataRow(r, columns));
      const all = Buffer.concat([outT, ...outRows]);
      for (const raw of ['219-45-6789', '321-54-9876', '1984-03-15', '555-0134']) {
        expect(all.includes(Buffer.from(raw))).toBe(false);
      }
      // Columns without a transform are the very bytes PostgreSQL sent.
      const before = cellsOf(rows[0]!);
      const after = cellsOf(outRows[0]!);
      fields.forEach((f, i) => {
        if (!mask.has(f.name)) expect(after[i]).toBe(before[i]);
      });
      expect(after[6]).toBe('[SSN]');
      expect(after[4]).toBe('1984-**-**');
      expect(cellsOf(outRows[1]!)[7]).toBeNull(); // NULL phone stays NULL
      const parsed = await pgParse([outT, ...outRows]);
      expect(parsed.map((m) => m.name)).toEqual(['rowDescription', 'dataRow', 'dataRow']);
      const desc = parsed[0] as { fields: { name: string; dataTypeID: number; format: string }[] };
      expect(desc.fields[4]).toMatchObject({ name: 'birth_date', dataTypeID: 25 });
      expect((parsed[1] as { fields: unknown[] }).fields.length).toBe(14);
    });
  }

  it("returns PostgreSQL's own frame when nothing is masked, and refuses it truncated", async () => {
    const frames = await up.query('select * from patients');
    const row = ofType(frames, 'D')[0]!;
    const none = new Array(14).fill(undefined);
    expect(mapDataRow(row, none)).toBe(row);
    const cut = Buffer.from(row.subarray(0, row.length - 3));
    cut.writeInt32BE(cut.length - 1, 1);
    expect(() => mapDataRow(cut, [...none.slice(0, 13), () => Buffer.from('x')])).toThrow(
      MalformedMessageError,
    );
  });
});
