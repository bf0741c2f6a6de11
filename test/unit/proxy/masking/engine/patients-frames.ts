/**
 * Wire frames of the demo `patients` table (cli/demo-data/load/schema.ts) for in-process
 * masking tests and benchmarks: its columns and types, one generated patient as cells, a
 * cell in binary format, and the RowDescription PostgreSQL sends for `select *`.
 */

import { patientFields } from '../../../../../cli/demo-data/load/copy-text.js';
import type { Patient } from '../../../../../cli/demo-data/records/patient.js';

const INT4 = 23;
const TEXT = 25;
const DATE = 1082;

export const PATIENT_COLUMNS: readonly { name: string; typeOid: number; typeSize: number }[] = [
  { name: 'patient_id', typeOid: INT4, typeSize: 4 },
  { name: 'mrn', typeOid: TEXT, typeSize: -1 },
  { name: 'first_name', typeOid: TEXT, typeSize: -1 },
  { name: 'last_name', typeOid: TEXT, typeSize: -1 },
  { name: 'birth_date', typeOid: DATE, typeSize: 4 },
  { name: 'sex', typeOid: TEXT, typeSize: -1 },
  { name: 'ssn', typeOid: TEXT, typeSize: -1 },
  { name: 'phone', typeOid: TEXT, typeSize: -1 },
  { name: 'email', typeOid: TEXT, typeSize: -1 },
  { name: 'street', typeOid: TEXT, typeSize: -1 },
  { name: 'city', typeOid: TEXT, typeSize: -1 },
  { name: 'state', typeOid: TEXT, typeSize: -1 },
  { name: 'zip', typeOid: TEXT, typeSize: -1 },
  { name: 'insurance_member_id', typeOid: TEXT, typeSize: -1 },
];

/** The row as PostgreSQL's text output of `select *` (empty strings stand for NULL). */
export function patientCells(p: Patient): (string | null)[] {
  // Columns up to ssn are never empty; later ones may be (NULL in this row's text output).
  return patientFields(p).map((v, i) => (i > 6 && v === '' ? null : String(v)));
}

const EPOCH_2000 = Date.UTC(2000, 0, 1);

/** A value in binary format: int4 big-endian, date as int32 days since 2000-01-01, text as UTF-8. */
export function binaryCell(value: string, typeOid: number): Buffer {
  if (typeOid === INT4 || typeOid === DATE) {
    const b = Buffer.alloc(4);
    const n =
      typeOid === INT4
        ? Number(value)
        : Math.round((Date.parse(`${value}T00:00:00Z`) - EPOCH_2000) / 86_400_000);
    b.writeInt32BE(n);
    return b;
  }
  return Buffer.from(value, 'utf8');
}

/** RowDescription ('T') of `select * from patients`, every column in `format`. */
export function rowDescription(tableOid: number, format: 0 | 1): Buffer {
  const fields = PATIENT_COLUMNS.map((c, i) => {
    const name = Buffer.from(`${c.name}\0`, 'utf8');
    const f = Buffer.alloc(name.length + 18);
    name.copy(f, 0);
    let at = name.length;
    at = f.writeInt32BE(tableOid, at);
    at = f.writeInt16BE(i + 1, at);
    at = f.writeInt32BE(c.typeOid, at);
    at = f.writeInt16BE(c.typeSize, at);
    at = f.writeInt32BE(-1, at);
    f.writeInt16BE(format, at);
    return f;
  });
  const body = Buffer.concat(fields);
  const head = Buffer.alloc(7);
  head[0] = 0x54; // 'T'
  head.writeInt32BE(body.length + 6, 1);
  head.writeInt16BE(fields.length, 5);
  return Buffer.concat([head, body]);
}
