import { describe, expect, it } from 'vitest';
import { maskingSchema } from '../../../../../core/config/masking.js';
import {
  classifyByValues,
  classifyColumnName,
  createColumnClassifier,
  splitIdentifier,
} from '../../../../../proxy/masking/classify/index.js';

describe('splitIdentifier', () => {
  it('splits snake, camel, Pascal, acronyms and digits', () => {
    expect(splitIdentifier('insurance_member_id')).toEqual(['insurance', 'member', 'id']);
    expect(splitIdentifier('insuranceMemberID')).toEqual(['insurance', 'member', 'id']);
    expect(splitIdentifier('PatientSSN')).toEqual(['patient', 'ssn']);
    expect(splitIdentifier('address_line1')).toEqual(['address', 'line', '1']);
    expect(splitIdentifier('e-mail')).toEqual(['e', 'mail']);
  });
});

describe('classifyColumnName', () => {
  const positives: ReadonlyArray<[string, string, string | undefined, string]> = [
    ['patients', 'ssn', 'text', 'SSN'],
    ['patients', 'social_security_number', undefined, 'SSN'],
    ['patients', 'ssn_last4', undefined, 'SSN'],
    ['patients', 'mrn', 'text', 'MRN'],
    ['patients', 'medical_record_number', undefined, 'MRN'],
    ['patients', 'dob', 'date', 'BIRTH_DATE'],
    ['patients', 'birth_date', 'date', 'BIRTH_DATE'],
    ['patients', 'date_of_birth', undefined, 'BIRTH_DATE'],
    ['patients', 'DateOfBirth', undefined, 'BIRTH_DATE'],
    ['patients', 'phone', 'text', 'PHONE'],
    ['patients', 'mobile', undefined, 'PHONE'],
    ['patients', 'home_phone_number', undefined, 'PHONE'],
    ['patients', 'fax', undefined, 'FAX'],
    ['patients', 'email', 'text', 'EMAIL'],
    ['patients', 'emailAddress', undefined, 'EMAIL'],
    ['patients', 'address', undefined, 'STREET_ADDRESS'],
    ['patients', 'street', 'text', 'STREET_ADDRESS'],
    ['patients', 'address_line1', undefined, 'STREET_ADDRESS'],
    ['patients', 'city', 'text', 'CITY'],
    ['patients', 'zip', 'text', 'ZIP'],
    ['patients', 'postal_code', undefined, 'ZIP'],
    ['patients', 'zipcode', undefined, 'ZIP'],
    ['patients', 'first_name', 'text', 'PERSON_NAME'],
    ['patients', 'last_name', 'text', 'PERSON_NAME'],
    ['patients', 'full_name', undefined, 'PERSON_NAME'],
    ['patients', 'name', 'text', 'PERSON_NAME'],
    ['patients', 'emergency_contact_name', undefined, 'PERSON_NAME'],
    ['patients', 'member_id', undefined, 'HEALTH_PLAN_ID'],
    ['patients', 'insurance_member_id', 'text', 'HEALTH_PLAN_ID'],
    ['billing', 'account_number', undefined, 'ACCOUNT_NUMBER'],
    ['devices', 'device_serial', undefined, 'DEVICE_ID'],
    ['audit', 'ip', 'inet', 'IP_ADDRESS'],
    ['audit', 'ip_address', undefined, 'IP_ADDRESS'],
    ['patients', 'website_url', undefined, 'URL'],
    ['patients', 'drivers_license', undefined, 'LICENSE_NUMBER'],
    ['vehicles', 'vin', undefined, 'VEHICLE_ID'],
    ['encounters', 'attending_npi', 'text', 'NPI'],
    ['encounters', 'admitted_at', 'timestamp with time zone', 'DATE'],
    ['encounters', 'discharged_at', 'timestamp with time zone', 'DATE'],
    ['lab_results', 'collected_at', 'timestamp with time zone', 'DATE'],
    ['patients', 'age', 'integer', 'AGE'],
    ['patients', 'photo', 'bytea', 'PHOTO'],
    ['encounters', 'notes', 'text', 'FREE_TEXT'],
    ['encounters', 'clinical_comments', 'text', 'FREE_TEXT'],
    ['encounters', 'narrative', undefined, 'FREE_TEXT'],
  ];
  for (const [table, column, type, entity] of positives) {
    it(`${table}.${column} → ${entity}`, () =>
      expect(classifyColumnName('public', table, column, type)?.entity).toBe(entity));
  }

  const negatives: ReadonlyArray<[string, string, string | undefined]> = [
    ['stats', 'zip_count', 'bigint'],
    ['patients', 'has_email', 'boolean'],
    ['patients', 'email_verified', 'boolean'],
    ['patients', 'ssn_on_file', 'boolean'],
    ['patients', 'phone_type', 'text'],
    ['patients', 'age_group', 'text'],
    ['patients', 'license_state', 'text'],
    ['patients', 'patient_id', 'integer'],
    ['encounters', 'encounter_id', 'integer'],
    ['encounters', 'note_id', 'integer'],
    ['patients', 'address_id', 'integer'],
    ['patients', 'created_at', 'timestamp with time zone'],
    ['patients', 'updated_at', 'timestamp with time zone'],
    ['patients', 'birth_year', 'integer'],
    ['departments', 'name', 'text'],
    ['departments', 'code', 'text'],
    ['encounters', 'department', 'text'],
    ['encounters', 'diagnosis_code', 'text'],
    ['lab_results', 'loinc_code', 'text'],
    ['lab_results', 'value', 'numeric'],
    ['lab_results', 'unit', 'text'],
    ['patients', 'sex', 'text'],
    ['patients', 'state', 'text'],
    ['patients', 'num_phones', 'integer'],
    ['drugs', 'drug_name', 'text'],
    ['encounters', 'notes', 'integer'],
  ];
  for (const [table, column, type] of negatives) {
    it(`${table}.${column} is not PHI`, () =>
      expect(classifyColumnName('public', table, column, type)).toBeUndefined());
  }

  it('gives a reason and a confidence', () => {
    expect(classifyColumnName('public', 'patients', 'ssn')).toEqual({
      entity: 'SSN',
      confidence: 0.95,
      reason: "column name matches 'ssn'",
    });
    expect(classifyColumnName('public', 'patients', 'patient_ssn')?.confidence).toBe(0.85);
  });
});

describe('createColumnClassifier', () => {
  const config = maskingSchema.parse({
    methods: { MRN: 'pseudonymize' },
    rules: [
      { column: 'public.patients.sex', entity: 'OTHER_ID', method: 'null' },
      { resource: 'ehr-*', column: 'public.*.legacy_*', entity: 'SSN' },
      { column: 'public.stats.zip', entity: 'NONE' },
      { column: 'public.messages.body', entity: 'FREE_TEXT', method: 'partial' },
    ],
    freeTextColumns: ['public.encounters.summary_*'],
  });
  const classifier = createColumnClassifier(config);
  const ref = (table: string, column: string, resource = 'ehr', dataType?: string) => ({
    resource,
    schema: 'public',
    table,
    column,
    ...(dataType ? { dataType } : {}),
  });

  it('applies explicit rules first, with globs on resource and column parts', () => {
    expect(classifier.classify(ref('patients', 'sex'))).toMatchObject({
      kind: 'mask',
      entity: 'OTHER_ID',
      method: 'null',
      rule: 'masking.rules[0]',
    });
    expect(classifier.classify(ref('claims', 'legacy_id', 'ehr-prod'))).toMatchObject({
      kind: 'mask',
      entity: 'SSN',
      method: 'redact',
      source: 'rule',
    });
    expect(classifier.classify(ref('claims', 'legacy_id', 'billing')).kind).toBe('clear');
    expect(classifier.classify(ref('stats', 'zip'))).toMatchObject({
      kind: 'clear',
      source: 'rule',
      rule: 'masking.rules[2]',
    });
    expect(classifier.classify(ref('messages', 'body'))).toMatchObject({
      kind: 'detect',
      method: 'partial',
      source: 'rule',
    });
  });

  it('then free-text columns, then the name dictionary with configured methods', () => {
    expect(classifier.classify(ref('encounters', 'summary_text'))).toMatchObject({
      kind: 'detect',
      source: 'free-text-columns',
    });
    expect(classifier.classify(ref('patients', 'mrn'))).toMatchObject({
      kind: 'mask',
      entity: 'MRN',
      method: 'pseudonymize',
      source: 'column-name',
    });
    expect(classifier.classify(ref('patients', 'birth_date', 'ehr', 'date'))).toMatchObject({
      kind: 'mask',
      method: 'generalize',
    });
    expect(classifier.classify(ref('encounters', 'notes', 'ehr', 'text'))).toMatchObject({
      kind: 'detect',
      source: 'column-name',
    });
    expect(classifier.classify(ref('departments', 'name'))).toMatchObject({
      kind: 'clear',
      source: 'unclassified',
    });
  });

  it('does not classify by name when autoClassify is off', () => {
    const off = createColumnClassifier(maskingSchema.parse({ autoClassify: false }));
    expect(off.classify(ref('patients', 'ssn')).kind).toBe('clear');
  });
});

describe('classifyByValues', () => {
  it('proposes the entity most sampled values wholly are', () => {
    expect(classifyByValues(['219-45-6781', '536-22-1234', '401-88-2917', '', '772-10-4455'])).toMatchObject({
      entity: 'SSN',
      share: 1,
      sampled: 4,
    });
    expect(
      classifyByValues(['maria@example.com', 'j.smith@example.org', 'n/a', 'lee@example.net', 'a@b.io']),
    ).toMatchObject({ entity: 'EMAIL', share: 0.8 });
    expect(classifyByValues(['Lopez', 'Smith', 'Nguyen', 'Washington', 'Okafor'])?.entity).toBe(
      'PERSON_NAME',
    );
    expect(
      classifyByValues(['(617) 555-0134', '212-555-0147', '303.555.0122', '+1 415 555 2671'])?.entity,
    ).toBe('PHONE');
  });

  it('proposes FREE_TEXT for long texts that often carry PHI', () => {
    const notes = [
      'Patient Maria Lopez seen today for follow-up of hypertension, doing well.',
      'Called daughter at 617-555-0134 to discuss discharge plan and medications.',
      'No acute distress. Continue current regimen and recheck labs in three months.',
      'DOB 03/15/1984 confirmed with patient at check-in; insurance card scanned.',
      'Reviewed imaging with the team; no further workup needed at this time.',
    ];
    expect(classifyByValues(notes)?.entity).toBe('FREE_TEXT');
  });

  it('proposes nothing for non-PHI values or mixed columns', () => {
    expect(classifyByValues(['CARD', 'ONC', 'NEURO', 'PEDS'])).toBeUndefined();
    expect(classifyByValues(['12.5', '7.1', '140', '3.9'])).toBeUndefined();
    expect(classifyByValues([])).toBeUndefined();
    expect(classifyByValues(['219-45-6781', 'hello', 'world', 'foo', 'bar'])).toBeUndefined();
  });
});

describe('masking config schema', () => {
  it('has fail-closed defaults', () => {
    const c = maskingSchema.parse(undefined);
    expect(c).toMatchObject({
      enabled: true,
      autoClassify: true,
      inferenceGuard: true,
      unknownLineage: 'mask',
      dateGranularity: 'year',
    });
    expect(c.detectors.minScore).toBe(0.5);
    expect(c.detectors.mrnPatterns).toEqual([{ pattern: '\\bMRN-?\\d{8}\\b', score: 0.9 }]);
  });

  it('rejects unknown keys, bad entities, bad column patterns, bad regexes and short literal keys', () => {
    const bad = [
      { unknownKey: 1 },
      { rules: [{ column: 'patients.ssn', entity: 'SSN' }] },
      { rules: [{ column: 'public.patients.ssn', entity: 'SOCIAL' }] },
      { rules: [{ column: 'public.patients.ssn', entity: 'SSN', method: 'hash' }] },
      { detectors: { mrnPatterns: [{ pattern: '(' }] } },
      { detectors: { mrnPatterns: [{ pattern: '\\d*' }] } },
      { pseudonymKey: { source: 'literal', value: 'short' } },
      { pseudonymKey: { source: 'env', name: 'not a name' } },
      { pseudonymKey: { source: 'keyVault', vaultUrl: 'not a url', secretName: 'k' } },
      { unknownLineage: 'pass' },
    ];
    for (const input of bad)
      expect(maskingSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });
});
