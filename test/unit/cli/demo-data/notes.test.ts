import { beforeAll, describe, expect, it } from 'vitest';
import { isValidDea } from '../../../../cli/demo-data/identifiers/dea.js';
import { isLuhnValid } from '../../../../cli/demo-data/identifiers/luhn.js';
import { isValidNpi } from '../../../../cli/demo-data/identifiers/npi.js';
import { generateLabelledNotes } from '../../../../cli/demo-data/notes/labelled-notes.js';
import { ALL_TEMPLATES } from '../../../../cli/demo-data/notes/note-generator.js';
import { yearsBetween } from '../../../../cli/demo-data/records/calendar.js';
import { DemoRecords, type PatientRecord } from '../../../../cli/demo-data/records/demo-records.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES } from '../../../../cli/demo-data/reference/first-names.js';
import { LAST_NAMES } from '../../../../cli/demo-data/reference/last-names.js';
import { STATE_NAMES } from '../../../../cli/demo-data/reference/places.js';
import type { PhiEntity } from '../../../../core/phi/entities.js';
import { parseNoteDate } from './parse-note-date.js';

const NAME_WORDS = new Set(
  [...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES, ...LAST_NAMES].map((n) => n.toUpperCase()),
);
const digits = (s: string) => s.replace(/\D/g, '');
const nanp10 = (s: string) => {
  const d = digits(s);
  return d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
};

describe('labelled notes (one generator for the demo data and the corpus)', () => {
  let records: PatientRecord[];
  const clinicians = new DemoRecords().clinicians;
  const npis = new Set(clinicians.map((c) => c.npi));
  beforeAll(() => {
    records = [...new DemoRecords().records(400)];
  });

  it('every span is exact: the slice is the value of that entity for that patient', () => {
    const problems: string[] = [];
    let spans = 0;
    for (const { patient: p, encounters } of records) {
      for (const e of encounters) {
        const note = e.note;
        if (!note) throw new Error('notes were requested');
        expect(e.row.notes).toBe(note.text);
        const admitted = Date.parse(e.row.admittedAt.replace(' ', 'T').replace('+00', 'Z'));
        let previousEnd = 0;
        for (const s of note.spans) {
          spans++;
          const v = note.text.slice(s.start, s.end);
          const bad = (why: string) =>
            problems.push(`${e.row.encounterId} ${s.entity} ${why}: ${JSON.stringify(v)}`);
          if (s.start < previousEnd || s.end <= s.start || s.end > note.text.length)
            bad('overlaps or out of order');
          if (v !== v.trim() || v.length === 0) bad('has surrounding whitespace');
          previousEnd = s.end;
          const ok = checkSpan(s.entity, v, p, admitted, npis);
          if (ok !== true) bad(ok);
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(spans).toBeGreaterThan(5000);
  });

  it('no patient identifier is left outside a span (names, MRN, SSN, phone, email, street, DOB)', () => {
    const leaks: string[] = [];
    for (const { patient: p, encounters } of records) {
      for (const e of encounters) {
        const note = e.note!;
        let masked = note.text;
        for (const s of note.spans)
          masked = masked.slice(0, s.start) + '#'.repeat(s.end - s.start) + masked.slice(s.end);
        const { area, exchange, line } = p.phoneParts;
        const checks: [string, RegExp][] = [
          ['mrn', new RegExp(p.mrn.slice(3))],
          ['ssn', new RegExp(p.ssn.replace(/-/g, '[- ]?'))],
          ['phone', new RegExp(`${area}\\D{0,3}${exchange}\\D{0,2}${line}`)],
          ['email', new RegExp(p.email.replace(/\./g, '\\.'), 'i')],
          ['street', new RegExp(p.street.replace(/[#.]/g, '\\$&'))],
          ['full name', new RegExp(`${p.firstName}\\s+${p.lastName}`, 'i')],
          ['last name', new RegExp(`\\b${p.lastName}\\b`)],
          ['first name', new RegExp(`\\b${p.firstName}\\b`)],
          ['birth date', new RegExp(p.birthDate)],
          ['member id', new RegExp(p.insuranceMemberId)],
        ];
        for (const [what, re] of checks) if (re.test(masked)) leaks.push(`${e.row.encounterId} ${what}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('uses dozens of templates, and every template compiles against known slots', () => {
    expect(ALL_TEMPLATES.length).toBeGreaterThanOrEqual(60);
    const used = new Set<string>();
    // Which templates produced text: each template's first literal piece is recognisable.
    const texts = records.flatMap((r) => r.encounters.map((e) => e.note!.text)).join('\n');
    for (const t of ALL_TEMPLATES) {
      const literal = t.parts.find((p): p is string => typeof p === 'string' && p.trim().length >= 8);
      if (literal && texts.includes(literal)) used.add(t.source);
    }
    expect(used.size).toBeGreaterThan(ALL_TEMPLATES.length * 0.8);
  });
});

describe('generateLabelledNotes', () => {
  it('returns the requested count, deterministic per seed, equal to the demo notes in order', () => {
    const a = generateLabelledNotes(50, 3);
    expect(a).toHaveLength(50);
    expect(generateLabelledNotes(50, 3)).toEqual(a);
    expect(generateLabelledNotes(50, 4)[0]?.text).not.toBe(a[0]?.text);
    const demo = [...new DemoRecords(3).records(50)]
      .flatMap((r) => r.encounters.map((e) => e.row.notes))
      .slice(0, 50);
    expect(a.map((n) => n.text)).toEqual(demo);
    expect(generateLabelledNotes(0)).toEqual([]);
    expect(() => generateLabelledNotes(-1)).toThrow(RangeError);
  });

  it('a 600-note corpus covers every identifier type, many formats, and PHI-like non-PHI numbers', () => {
    const corpus = generateLabelledNotes(600);
    const byEntity = new Map<PhiEntity, string[]>();
    for (const n of corpus) {
      for (const s of n.spans) {
        const list = byEntity.get(s.entity) ?? [];
        list.push(n.text.slice(s.start, s.end));
        byEntity.set(s.entity, list);
      }
    }
    const count = (e: PhiEntity) => byEntity.get(e)?.length ?? 0;
    for (const e of ['PERSON_NAME', 'DATE', 'BIRTH_DATE', 'PHONE', 'MRN', 'NPI'] as const)
      expect(count(e)).toBeGreaterThan(200);
    for (const e of [
      'EMAIL',
      'STREET_ADDRESS',
      'CITY',
      'STATE',
      'ZIP',
      'HEALTH_PLAN_ID',
      'SSN',
      'FAX',
    ] as const) {
      expect(count(e), e).toBeGreaterThanOrEqual(25);
    }
    for (const e of [
      'URL',
      'IP_ADDRESS',
      'AGE',
      'ACCOUNT_NUMBER',
      'DEVICE_ID',
      'LICENSE_NUMBER',
      'DEA',
      'CREDIT_CARD',
      'VEHICLE_ID',
    ] as const) {
      expect(count(e), e).toBeGreaterThanOrEqual(3);
    }
    const shape = (v: string) => v.replace(/[A-Za-z]{3,}/g, 'W').replace(/\d/g, '9');
    expect(new Set((byEntity.get('DATE') ?? []).map(shape)).size).toBeGreaterThanOrEqual(10);
    expect(new Set((byEntity.get('PHONE') ?? []).map(shape)).size).toBeGreaterThanOrEqual(8);
    expect(new Set((byEntity.get('SSN') ?? []).map(shape)).size).toBe(3);
    const text = corpus.map((n) => n.text).join('\n');
    for (const lookalike of [
      /\b\d{2,3}\/\d{2,3}\b/,
      /\b\d\/10\b/,
      /\bCPT 9\d{4}\b/,
      /\bLOINC \d{3,5}-\d\b/,
      /\b\d+(\.\d+)? mg\b/,
      /\b\d{1,2}:\d{2}\b/,
      /\bRoom \d{3}/,
      /\bexp \d{2}\/\d{4}\b/,
      /\bNDC \d{5}-\d{3}-\d{2}\b/,
    ]) {
      expect(text).toMatch(lookalike);
    }
    expect(corpus.every((n) => n.spans.every((s) => n.text.slice(s.start, s.end).length > 0))).toBe(true);
  });
});

function checkSpan(
  entity: PhiEntity,
  v: string,
  p: PatientRecord['patient'],
  admitted: number,
  npis: Set<string>,
): true | string {
  switch (entity) {
    case 'PERSON_NAME':
      return (
        v.split(/[\s,.]+/).every((w) => w.length === 1 || NAME_WORDS.has(w.toUpperCase())) ||
        'not a listed name'
      );
    case 'BIRTH_DATE':
      return parseNoteDate(v)?.iso === p.birthDate || 'not the birth date';
    case 'DATE': {
      const d = parseNoteDate(v, admitted);
      if (!d) return 'not a date';
      return Math.abs(d.ms - admitted) < 1000 * 86_400_000 || 'far from the encounter';
    }
    case 'AGE':
      return (Number(v) > 89 && Number(v) === yearsBetween(p.birthMs, admitted)) || 'not the age over 89';
    case 'PHONE':
    case 'FAX':
      return (
        (/^[2-9]\d\d[2-9]\d{6}$/.test(nanp10(v)) && /^[+\d(][\d ().+-]+\d$/.test(v)) || 'not a NANP number'
      );
    case 'EMAIL':
      return /^[a-z0-9._]+@[a-z]+\.[a-z]+$/.test(v) || 'not an email';
    case 'SSN':
      return digits(v) === digits(p.ssn) || 'not the SSN';
    case 'MRN':
      return v === p.mrn || 'not the MRN';
    case 'NPI':
      return (isValidNpi(v) && npis.has(v)) || 'not a directory NPI';
    case 'STREET_ADDRESS':
      return v === p.street || 'not the street';
    case 'CITY':
      return v === p.city || 'not the city';
    case 'STATE':
      return v === p.state || v === STATE_NAMES[p.state] || 'not the state';
    case 'ZIP':
      return v === p.zip || 'not the ZIP';
    case 'HEALTH_PLAN_ID':
      return v === p.insuranceMemberId || 'not the member id';
    case 'DEA':
      return isValidDea(v) || 'not a DEA number';
    case 'CREDIT_CARD':
      return isLuhnValid(digits(v)) || 'not Luhn-valid';
    case 'URL':
      return /^https?:\/\/[\w.-]+\.[a-z]+(\/\S*)?$/.test(v) || 'not a URL';
    case 'IP_ADDRESS':
      return /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)$/.test(v) || 'not an IP';
    case 'ACCOUNT_NUMBER':
      return /^[1-9]\d{10}$/.test(v) || 'not an account number';
    case 'DEVICE_ID':
      return /^[A-Z]{3}\d{6}[A-Z]$/.test(v) || 'not a device serial';
    case 'LICENSE_NUMBER':
      return /^([A-Z]\d{7}|[A-Z]\d{3}-\d{4}-\d{4}|\d{9})$/.test(v) || 'not a license number';
    case 'VEHICLE_ID':
      return /^(\d[A-Z]{3}\d{3}|[A-Z]{3}[- ]\d{4})$/.test(v) || 'not a plate';
    default:
      return `unexpected entity ${entity}`;
  }
}
