import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidNpi } from '../../../../cli/demo-data/identifiers/npi.js';
import { isValidNanp } from '../../../../cli/demo-data/identifiers/phone.js';
import { isValidSsn } from '../../../../cli/demo-data/identifiers/ssn.js';
import {
  departmentLine,
  encounterLine,
  labLine,
  patientLine,
} from '../../../../cli/demo-data/load/copy-text.js';
import { AS_OF_MS, ENCOUNTERS_FROM_MS } from '../../../../cli/demo-data/records/calendar.js';
import { DemoRecords, type PatientRecord } from '../../../../cli/demo-data/records/demo-records.js';
import { DEPARTMENTS } from '../../../../cli/demo-data/reference/departments.js';
import { DIAGNOSES } from '../../../../cli/demo-data/reference/diagnoses.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES } from '../../../../cli/demo-data/reference/first-names.js';
import { LAST_NAMES } from '../../../../cli/demo-data/reference/last-names.js';
import { LAB_TESTS } from '../../../../cli/demo-data/reference/loinc.js';

/** USPS 3-digit ZIP prefixes per state, written out here independently of the generator's city table. */
const ZIP_PREFIXES: Record<string, readonly (readonly [number, number])[]> = {
  AK: [[995, 999]],
  AL: [[350, 369]],
  AR: [[716, 729]],
  AZ: [[850, 865]],
  CA: [[900, 961]],
  CO: [[800, 816]],
  CT: [[60, 69]],
  DC: [[200, 205]],
  DE: [[197, 199]],
  FL: [[320, 349]],
  GA: [
    [300, 319],
    [398, 399],
  ],
  HI: [[967, 968]],
  IA: [[500, 528]],
  ID: [[832, 838]],
  IL: [[600, 629]],
  IN: [[460, 479]],
  KS: [[660, 679]],
  KY: [[400, 427]],
  LA: [[700, 714]],
  MA: [[10, 27]],
  MD: [[206, 219]],
  ME: [[39, 49]],
  MI: [[480, 499]],
  MN: [[550, 567]],
  MO: [[630, 658]],
  MS: [[386, 397]],
  MT: [[590, 599]],
  NC: [[270, 289]],
  ND: [[580, 588]],
  NE: [[680, 693]],
  NH: [[30, 38]],
  NJ: [[70, 89]],
  NM: [[870, 884]],
  NV: [[889, 898]],
  NY: [[100, 149]],
  OH: [[430, 459]],
  OK: [[730, 749]],
  OR: [[970, 979]],
  PA: [[150, 196]],
  RI: [[28, 29]],
  SC: [[290, 299]],
  SD: [[570, 577]],
  TN: [[370, 385]],
  TX: [[750, 799]],
  UT: [[840, 847]],
  VA: [[220, 246]],
  VT: [[50, 59]],
  WA: [[980, 994]],
  WI: [[530, 549]],
  WV: [[247, 268]],
  WY: [[820, 831]],
};

const ts = (s: string) => Date.parse(s.replace(' ', 'T').replace('+00', 'Z'));

function dataHash(seed: number, patients: number): string {
  const h = createHash('sha256');
  const r = new DemoRecords(seed);
  for (const d of DEPARTMENTS) h.update(departmentLine(d));
  for (const p of r.patients(patients)) h.update(patientLine(p));
  for (const rec of r.records(patients)) {
    for (const e of rec.encounters) {
      h.update(encounterLine(e.row));
      for (const l of e.labs) h.update(labLine(l));
    }
  }
  return h.digest('hex');
}

describe('determinism', () => {
  it('same seed, byte-identical data (hash), also when interleaved with another seed', () => {
    const a = dataHash(1, 150);
    const b = dataHash(2, 150);
    expect(dataHash(1, 150)).toBe(a);
    expect(b).not.toBe(a);
  });

  it('pins the data of seed 1 so any change to the generator is deliberate', () => {
    // If you change the generator on purpose, update this hash (and say so in docs/demo-data.md's changelog).
    expect(dataHash(1, 150)).toMatchInlineSnapshot(
      `"81cd869ee1623813ee54a4f171f96deb8fe1dd4f5ba53a05cb5e41509f81c327"`,
    );
  });

  it('patients do not depend on whether notes or labs are generated', () => {
    const r = new DemoRecords(5);
    const withNotes = [...r.records(50)].map((x) =>
      x.encounters.map((e) => [e.row.admittedAt, e.labs.length]),
    );
    const without = [...r.records(50, { notes: false })].map((x) =>
      x.encounters.map((e) => [e.row.admittedAt, e.labs.length]),
    );
    expect(without).toEqual(withNotes);
    expect([...r.patients(50)]).toEqual([...r.records(50)].map((x) => x.patient));
  });

  it('rejects a seed outside uint32', () => {
    expect(() => new DemoRecords(-1)).toThrow(RangeError);
    expect(() => new DemoRecords(2 ** 32)).toThrow(RangeError);
    expect(() => new DemoRecords(1.5)).toThrow(RangeError);
  });
});

describe('validity of 3,000 patients', () => {
  let records: PatientRecord[];
  beforeAll(() => {
    records = [...new DemoRecords().records(3000, { notes: false })];
  });

  it('patients: SSN ranges, MRN and member-id formats, unique ids, NANP phones, names from the lists', () => {
    const firsts = new Set([...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES]);
    const lasts = new Set(LAST_NAMES);
    const problems: string[] = [];
    for (const { patient: p } of records) {
      if (!isValidSsn(p.ssn) || !/^\d{3}-\d{2}-\d{4}$/.test(p.ssn)) problems.push(`ssn ${p.patientId}`);
      if (!/^MRN\d{8}$/.test(p.mrn)) problems.push(`mrn ${p.patientId}`);
      if (!/^[A-Z]{3}\d{9}$/.test(p.insuranceMemberId)) problems.push(`member ${p.patientId}`);
      if (!isValidNanp(p.phone)) problems.push(`phone ${p.patientId}`);
      if (!firsts.has(p.firstName) || !lasts.has(p.lastName)) problems.push(`name ${p.patientId}`);
      if (!['F', 'M', 'X'].includes(p.sex)) problems.push(`sex ${p.patientId}`);
      if (!/^\d+ .+ \S+/.test(p.street)) problems.push(`street ${p.patientId}`);
    }
    expect(problems).toEqual([]);
    for (const key of ['ssn', 'mrn', 'insuranceMemberId'] as const) {
      expect(new Set(records.map((r) => r.patient[key])).size).toBe(records.length);
    }
  });

  it('emails are derived from the name', () => {
    const bad = records.filter(({ patient: p }) => {
      const [local] = p.email.split('@') as [string];
      const last = p.lastName.toLowerCase().replace(/[^a-z]/g, '');
      const first = p.firstName.toLowerCase().replace(/[^a-z]/g, '');
      return (
        !/^[a-z0-9._]+@[a-z]+\.[a-z]+$/.test(p.email) || !(local.includes(last) || local.includes(first))
      );
    });
    expect(bad).toEqual([]);
  });

  it('every ZIP lies in its state (USPS prefixes), and every state is a real one', () => {
    const bad = records
      .map((r) => r.patient)
      .filter((p) => {
        const ranges = ZIP_PREFIXES[p.state];
        const prefix = Number(p.zip.slice(0, 3));
        return !/^\d{5}$/.test(p.zip) || !ranges?.some(([lo, hi]) => prefix >= lo && prefix <= hi);
      })
      .map((p) => `${p.city} ${p.state} ${p.zip}`);
    expect(bad).toEqual([]);
    expect(new Set(records.map((r) => r.patient.state)).size).toBeGreaterThan(35);
  });

  it('ages span children to over 89, birth dates before every encounter', () => {
    const ages = records.map((r) => (AS_OF_MS - Date.parse(r.patient.birthDate)) / (365.25 * 86_400_000));
    expect(Math.min(...ages)).toBeLessThan(2);
    expect(Math.max(...ages)).toBeGreaterThan(90);
    for (const r of records) {
      for (const e of r.encounters)
        expect(ts(e.row.admittedAt)).toBeGreaterThan(Date.parse(r.patient.birthDate));
    }
  });

  it('encounters: 1-5 per patient, sequential ids, discharged after admitted, inside the data window', () => {
    let expectedId = 0;
    const problems: string[] = [];
    const npis = new Set<string>();
    for (const r of records) {
      if (r.encounters.length < 1 || r.encounters.length > 5) problems.push(`count ${r.patient.patientId}`);
      for (const { row } of r.encounters) {
        if (row.encounterId !== ++expectedId) problems.push(`id ${row.encounterId}`);
        const a = ts(row.admittedAt);
        if (a < ENCOUNTERS_FROM_MS || a >= AS_OF_MS) problems.push(`window ${row.encounterId}`);
        if (row.dischargedAt !== null && !(ts(row.dischargedAt) > a))
          problems.push(`discharge ${row.encounterId}`);
        if (!isValidNpi(row.attendingNpi)) problems.push(`npi ${row.encounterId}`);
        if (!DEPARTMENTS.some((d) => d.code === row.department)) problems.push(`dept ${row.encounterId}`);
        if (!/^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(row.diagnosisCode))
          problems.push(`icd ${row.diagnosisCode}`);
        npis.add(row.attendingNpi);
      }
    }
    expect(problems).toEqual([]);
    const total = expectedId;
    expect(total / records.length).toBeGreaterThan(1.8);
    expect(total / records.length).toBeLessThan(3.2);
    expect(npis.size).toBeGreaterThan(150);
  });

  it('labs: several per encounter, collected within the encounter, real LOINC codes with their units', () => {
    const units = new Map(LAB_TESTS.map((t) => [t.loinc, t.unit]));
    let expectedId = 0;
    let labs = 0;
    let encounters = 0;
    const problems: string[] = [];
    for (const r of records) {
      for (const e of r.encounters) {
        encounters++;
        if (e.labs.length < 1) problems.push(`none ${e.row.encounterId}`);
        const start = ts(e.row.admittedAt);
        const end = e.row.dischargedAt === null ? AS_OF_MS : ts(e.row.dischargedAt);
        for (const l of e.labs) {
          labs++;
          if (l.labId !== ++expectedId) problems.push(`id ${l.labId}`);
          if (l.patientId !== r.patient.patientId || l.encounterId !== e.row.encounterId)
            problems.push(`fk ${l.labId}`);
          const at = ts(l.collectedAt);
          if (at < start || at > end) problems.push(`time ${l.labId}`);
          if (units.get(l.loincCode) !== l.unit) problems.push(`unit ${l.loincCode}`);
          if (!/^\d+(\.\d+)?$/.test(l.value)) problems.push(`value ${l.value}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(labs / encounters).toBeGreaterThan(3);
  });

  it('uses many departments and diagnoses, and diagnoses fit age and sex', () => {
    const depts = new Set<string>();
    const dxs = new Set<string>();
    for (const r of records) {
      for (const e of r.encounters) {
        depts.add(e.row.department);
        dxs.add(e.row.diagnosisCode);
        const dx = DIAGNOSES.find((d) => d.code === e.row.diagnosisCode);
        expect(dx?.departments).toContain(e.row.department);
        if (dx?.sex) expect(r.patient.sex).toBe(dx.sex);
      }
    }
    expect(depts.size).toBe(DEPARTMENTS.length);
    expect(dxs.size).toBeGreaterThan(DIAGNOSES.length * 0.9);
  });
});
