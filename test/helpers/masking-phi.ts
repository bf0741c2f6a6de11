/**
 * The leak oracle of the masking harness: every raw value of every PHI column of the demo
 * data for a set of patients (and their encounters and lab results), read directly from
 * upstream, turned into the byte patterns a leak would show as — the value as stored, the
 * forms it takes in other renderings (digits only, upper case, US dates, JSON timestamps) and,
 * for binary results, its binary encoding in a DataRow cell of a date, timestamp or integer
 * column. `scanForLeaks` searches any bytes (socket captures, psql output, a driver's decoded
 * rows) and reports *which column* leaked, never the value, so test output carries no PHI.
 *
 * The PHI columns are listed here, independent of the classifier under test: the oracle must
 * not share the code it checks.
 */
import type pg from 'pg';
import { parseDataRow, parseRowDescription, type RowField, type WireMessage } from './masking-tap.js';

/** The demo data's PHI columns (docs/demo-data.md), by table. */
export const PHI_COLUMNS = {
  patients: [
    'mrn',
    'first_name',
    'last_name',
    'birth_date',
    'ssn',
    'phone',
    'email',
    'street',
    'city',
    'state',
    'zip',
    'insurance_member_id',
  ],
  encounters: ['admitted_at', 'discharged_at', 'attending_npi', 'notes'],
  lab_results: ['collected_at'],
} as const;

/** How a needle must be bounded where it is found. */
type Boundary = 'none' | 'digits' | 'letters';

interface Needle {
  /** The pattern as a latin1 string of its UTF-8 bytes (the captures are searched as latin1). */
  readonly bytes: string;
  readonly boundary: Boundary;
  /** `table.column/form` — what a report names (never the value). */
  readonly label: string;
}

export interface PhiOracle {
  readonly patientIds: readonly number[];
  readonly needles: readonly Needle[];
  /** Raw dates (YYYY-MM-DD) of date-typed PHI that are not the first of a year. */
  readonly dates: ReadonlySet<string>;
  /** Raw timestamptz values as µs since 2000-01-01 (binary encoding). */
  readonly timestampsMicros: ReadonlySet<bigint>;
  /** Raw identifiers as plain digit strings (SSN, phone, ZIP, NPI, MRN and member-id digits). */
  readonly digitStrings: ReadonlySet<string>;
  /** Number of raw values behind the needles (for the report). */
  readonly values: number;
}

export interface LeakFinding {
  /** `table.column/form` of the raw value found (the value itself is never reported). */
  readonly what: string;
  /** Where: `bytes` (search), `cell` (a binary DataRow cell), or the caller's label. */
  readonly where: string;
  readonly offset?: number;
}

const MIN_LENGTH = 4;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

function toLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Reads the raw PHI of patients 1..maxPatient (and their encounters and labs) directly from upstream. */
export async function loadPhiOracle(client: pg.Client, maxPatient = 20): Promise<PhiOracle> {
  const needles = new Map<string, Needle>();
  const dates = new Set<string>();
  const micros = new Set<bigint>();
  const digitStrings = new Set<string>();
  let values = 0;
  const add = (label: string, value: string, boundary: Boundary) => {
    if (value.length < MIN_LENGTH) return;
    const key = `${boundary}\u0000${value}`;
    if (!needles.has(key)) needles.set(key, { bytes: toLatin1(value), boundary, label });
  };
  const addDigits = (label: string, digits: string) => {
    if (digits.length < 5) return;
    add(`${label}/digits`, digits, 'digits');
    digitStrings.add(digits.replace(/^0+(?=\d)/, ''));
  };
  const addDate = (label: string, iso: string) => {
    // The first of January is what generalization to the year produces: not a leak by itself.
    if (iso.endsWith('-01-01')) return;
    dates.add(iso);
    add(`${label}/iso`, iso, 'digits');
    const [y, m, d] = iso.split('-');
    add(`${label}/us`, `${m}/${d}/${y}`, 'digits');
  };

  const patients = await client.query(
    `select patient_id, mrn, first_name, last_name, to_char(birth_date, 'YYYY-MM-DD') as birth_date, ssn,
            phone, email, street, city, state, zip, insurance_member_id
       from patients where patient_id <= $1 order by patient_id`,
    [maxPatient],
  );
  for (const p of patients.rows) {
    values += PHI_COLUMNS.patients.length;
    add('patients.mrn', p.mrn, 'none');
    addDigits('patients.mrn', p.mrn.replace(/\D/g, ''));
    for (const c of ['first_name', 'last_name', 'city'] as const) {
      add(`patients.${c}`, p[c], 'letters');
      add(`patients.${c}/upper`, p[c].toUpperCase(), 'letters');
    }
    addDate('patients.birth_date', p.birth_date);
    add('patients.ssn', p.ssn, 'digits');
    addDigits('patients.ssn', p.ssn.replace(/\D/g, ''));
    add('patients.phone', p.phone, 'digits');
    const ph = p.phone.replace(/\D/g, '');
    addDigits('patients.phone', ph);
    add('patients.phone/paren', `(${ph.slice(0, 3)}) ${ph.slice(3, 6)}-${ph.slice(6)}`, 'digits');
    add('patients.phone/dots', `${ph.slice(0, 3)}.${ph.slice(3, 6)}.${ph.slice(6)}`, 'digits');
    add('patients.phone/spaces', `${ph.slice(0, 3)} ${ph.slice(3, 6)} ${ph.slice(6)}`, 'digits');
    add('patients.email', p.email, 'none');
    add('patients.email/upper', p.email.toUpperCase(), 'none');
    add('patients.street', p.street, 'none');
    add('patients.street/upper', p.street.toUpperCase(), 'none');
    add('patients.state', p.state, 'letters'); // two letters: below the length floor, kept for completeness
    add('patients.zip', p.zip, 'digits');
    digitStrings.add(p.zip.replace(/^0+(?=\d)/, ''));
    add('patients.insurance_member_id', p.insurance_member_id, 'none');
    addDigits('patients.insurance_member_id', p.insurance_member_id.replace(/\D/g, ''));
  }

  const ts = (col: string) =>
    `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD') as ${col}_d,
     to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as ${col}_t,
     to_char(${col} at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as ${col}_s,
     ((extract(epoch from ${col}) - 946684800) * 1000000)::bigint::text as ${col}_us`;
  const addTimestamp = (label: string, row: Record<string, string | null>, col: string) => {
    const d = row[`${col}_d`];
    if (!d) return;
    values++;
    addDate(label, d);
    micros.add(BigInt(row[`${col}_us`] as string));
    // A timestamp on the first of January: the date alone is what generalization gives, the time is not.
    const t = row[`${col}_t`] as string;
    if (d.endsWith('-01-01') && !t.endsWith('00:00')) {
      add(`${label}/t`, t, 'digits');
      add(`${label}/s`, row[`${col}_s`] as string, 'digits');
    }
  };
  const encounters = await client.query(
    `select encounter_id, attending_npi, notes, ${ts('admitted_at')}, ${ts('discharged_at')}
       from encounters where patient_id <= $1 order by encounter_id`,
    [maxPatient],
  );
  for (const e of encounters.rows) {
    addTimestamp('encounters.admitted_at', e, 'admitted_at');
    addTimestamp('encounters.discharged_at', e, 'discharged_at');
    values += 2;
    add('encounters.attending_npi', e.attending_npi, 'digits');
    digitStrings.add(e.attending_npi);
    if (e.notes) add('encounters.notes/whole', e.notes, 'none');
  }
  const labs = await client.query(`select ${ts('collected_at')} from lab_results where patient_id <= $1`, [
    maxPatient,
  ]);
  for (const l of labs.rows) addTimestamp('lab_results.collected_at', l, 'collected_at');

  return {
    patientIds: patients.rows.map((p) => p.patient_id as number),
    needles: [...needles.values()],
    dates,
    timestampsMicros: micros,
    digitStrings,
    values,
  };
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLetter = (c: number) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0 || c === 0x27; /* ' as in O'Brien */

function bounded(hay: string, at: number, len: number, boundary: Boundary): boolean {
  if (boundary === 'none') return true;
  const test = boundary === 'digits' ? isDigit : isLetter;
  const before = at > 0 ? hay.charCodeAt(at - 1) : -1;
  const after = at + len < hay.length ? hay.charCodeAt(at + len) : -1;
  return !(before >= 0 && test(before)) && !(after >= 0 && test(after));
}

/** Raw PHI values found in the bytes (searched as latin1, so UTF-8 needles match byte for byte). */
export function scanBytes(oracle: PhiOracle, bytes: Buffer | string, where = 'bytes'): LeakFinding[] {
  const hay = typeof bytes === 'string' ? toLatin1(bytes) : bytes.toString('latin1');
  const out: LeakFinding[] = [];
  for (const n of oracle.needles) {
    let at = hay.indexOf(n.bytes);
    while (at >= 0) {
      if (bounded(hay, at, n.bytes.length, n.boundary)) {
        out.push({ what: n.label, where, offset: at });
        break;
      }
      at = hay.indexOf(n.bytes, at + 1);
    }
  }
  return out;
}

const OID = { int4: 23, int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

function numericBinaryToString(cell: Buffer): string | undefined {
  if (cell.length < 8) return undefined;
  const ndigits = cell.readInt16BE(0);
  const weight = cell.readInt16BE(2);
  const sign = cell.readUInt16BE(4);
  if (sign !== 0 && sign !== 0x4000) return undefined;
  if (cell.length !== 8 + 2 * ndigits) return undefined;
  let int = '';
  for (let i = 0; i <= weight; i++) {
    const d = i < ndigits ? cell.readInt16BE(8 + 2 * i) : 0;
    int += i === 0 ? String(d) : String(d).padStart(4, '0');
  }
  return int || '0';
}

/**
 * Binary DataRow cells that carry a raw value: a date cell (int32 days) equal to a raw date, a
 * timestamp cell (int64 µs) equal to a raw timestamp, an integer or numeric cell whose digits
 * are a raw identifier's digits. Text cells are covered by `scanBytes` over the same bytes.
 */
export function scanBinaryCells(oracle: PhiOracle, messages: readonly WireMessage[]): LeakFinding[] {
  const out: LeakFinding[] = [];
  let fields: RowField[] = [];
  for (const m of messages) {
    if (m.type === 'T') fields = parseRowDescription(m.body);
    else if (m.type === 'D') {
      parseDataRow(m.body).forEach((cell, i) => {
        const f = fields[i];
        if (!cell || !f) return;
        const element = ARRAY_ELEMENT[f.typeOid];
        if (element !== undefined) {
          for (const e of binaryArrayElements(cell)) checkBinaryCell(oracle, e, element, `${f.name}[]`, out);
        } else checkBinaryCell(oracle, cell, f.typeOid, f.name, out);
      });
    }
  }
  return out;
}

/** Array type OID → element type OID, for the element types the binary check knows. */
const ARRAY_ELEMENT: Readonly<Record<number, number>> = {
  1182: OID.date,
  1115: OID.timestamp,
  1185: OID.timestamptz,
  1016: OID.int8,
  1007: OID.int4,
  1231: OID.numeric,
};

/** Elements of a binary array cell (any number of dimensions); nothing when the cell is not one. */
function binaryArrayElements(cell: Buffer): Buffer[] {
  if (cell.length < 12) return [];
  const ndim = cell.readInt32BE(0);
  if (ndim < 0 || ndim > 6 || cell.length < 12 + 8 * ndim) return [];
  let count = ndim === 0 ? 0 : 1;
  for (let d = 0; d < ndim; d++) count *= cell.readInt32BE(12 + 8 * d);
  const out: Buffer[] = [];
  let at = 12 + 8 * ndim;
  for (let i = 0; i < count && at + 4 <= cell.length; i++) {
    const len = cell.readInt32BE(at);
    at += 4;
    if (len < 0) continue;
    out.push(cell.subarray(at, at + len));
    at += len;
  }
  return out;
}

function checkBinaryCell(
  oracle: PhiOracle,
  cell: Buffer,
  typeOid: number,
  name: string,
  out: LeakFinding[],
): void {
  const where = `cell:${name}`;
  if (typeOid === OID.date && cell.length === 4) {
    const iso = new Date(PG_EPOCH_MS + cell.readInt32BE(0) * 86_400_000).toISOString().slice(0, 10);
    if (oracle.dates.has(iso)) out.push({ what: `date ${name}`, where });
  } else if ((typeOid === OID.timestamptz || typeOid === OID.timestamp) && cell.length === 8) {
    if (oracle.timestampsMicros.has(cell.readBigInt64BE(0))) out.push({ what: `timestamp ${name}`, where });
  } else if ((typeOid === OID.int8 && cell.length === 8) || (typeOid === OID.int4 && cell.length === 4)) {
    const v = cell.length === 8 ? cell.readBigInt64BE(0) : BigInt(cell.readInt32BE(0));
    const digits = (v < 0n ? -v : v).toString();
    if (digits.length >= 5 && oracle.digitStrings.has(digits))
      out.push({ what: `identifier digits ${name}`, where });
  } else if (typeOid === OID.numeric) {
    const digits = numericBinaryToString(cell);
    if (digits && digits.length >= 5 && oracle.digitStrings.has(digits))
      out.push({ what: `identifier digits ${name}`, where });
  }
}

/** A driver's decoded rows as text for `scanBytes`: Dates as ISO (UTC) strings, Buffers as latin1. */
export function decodedText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer')
      return Buffer.from((v as { data: number[] }).data).toString('latin1');
    return v;
  });
}

/** Summarizes findings for an assertion message: which columns and forms, never values. */
export function describeFindings(findings: readonly LeakFinding[]): string {
  return [...new Set(findings.map((f) => `${f.what} @ ${f.where}`))].join('; ');
}

const COPY_BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Binary COPY data (`COPY … TO STDOUT (FORMAT binary)`) carries dates and timestamps as
 * binary fields that a byte search cannot see: each 4-byte field is checked against the raw
 * dates, each 8-byte field against the raw timestamps and identifier digits.
 */
export function scanCopyBinary(oracle: PhiOracle, messages: readonly WireMessage[]): LeakFinding[] {
  const data = Buffer.concat(messages.filter((m) => m.type === 'd').map((m) => m.body));
  const start = data.indexOf(COPY_BINARY_SIGNATURE);
  if (start < 0) return [];
  const out: LeakFinding[] = [];
  let at = start + COPY_BINARY_SIGNATURE.length + 4;
  at += 4 + data.readInt32BE(at); // header extension
  while (at + 2 <= data.length) {
    const n = data.readInt16BE(at);
    at += 2;
    if (n === -1) break;
    for (let i = 0; i < n; i++) {
      const len = data.readInt32BE(at);
      at += 4;
      if (len < 0) continue;
      const field = data.subarray(at, at + len);
      at += len;
      if (len === 4) {
        const iso = new Date(PG_EPOCH_MS + field.readInt32BE(0) * 86_400_000).toISOString().slice(0, 10);
        if (oracle.dates.has(iso)) out.push({ what: `date field ${i}`, where: 'copy-binary' });
      } else if (len === 8) {
        const v = field.readBigInt64BE(0);
        if (oracle.timestampsMicros.has(v) || oracle.digitStrings.has((v < 0n ? -v : v).toString()))
          out.push({ what: `timestamp/identifier field ${i}`, where: 'copy-binary' });
      }
    }
  }
  return out;
}

/** Replaces every raw PHI value in a text by `[LEAK:label]`, for assertion messages. */
export function scrub(oracle: PhiOracle, text: string): string {
  let out = toLatin1(text);
  for (const n of oracle.needles) out = out.split(n.bytes).join(`[LEAK:${n.label}]`);
  return Buffer.from(out, 'latin1').toString('utf8');
}
