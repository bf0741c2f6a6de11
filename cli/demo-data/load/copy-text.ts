import type { EncounterRow, LabRow } from '../records/demo-records.js';
import type { Patient } from '../records/patient.js';
import type { Department } from '../reference/departments.js';

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A field in COPY text format: backslash escapes for \, newline, carriage return and tab; NULL as \N. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : value;
}

const line = (fields: readonly (string | number | null)[]) => `${fields.map(copyField).join('\t')}\n`;

export const departmentLine = (d: Department) => line([d.code, d.name]);

/** A patient's fields in the column order of `patients`. */
export const patientFields = (p: Patient): [number, ...string[]] => [
  p.patientId,
  p.mrn,
  p.firstName,
  p.lastName,
  p.birthDate,
  p.sex,
  p.ssn,
  p.phone,
  p.email,
  p.street,
  p.city,
  p.state,
  p.zip,
  p.insuranceMemberId,
];

export const patientLine = (p: Patient) => line(patientFields(p));

export const encounterLine = (e: EncounterRow) =>
  line([
    e.encounterId,
    e.patientId,
    e.admittedAt,
    e.dischargedAt,
    e.department,
    e.diagnosisCode,
    e.attendingNpi,
    e.notes,
  ]);

export const labLine = (l: LabRow) =>
  line([l.labId, l.patientId, l.encounterId, l.loincCode, l.value, l.unit, l.collectedAt]);

/** Groups lines into chunks of about `size` characters, so COPY gets few, large writes. */
export function* chunked(lines: Iterable<string>, size = 256 * 1024): Generator<string> {
  let buffer = '';
  for (const l of lines) {
    buffer += l;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}
