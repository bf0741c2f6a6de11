import { describe, expect, it } from 'vitest';
import { PHI_ENTITIES } from '../../../../../core/phi/entities.js';
import { detectPhi } from '../../../../../proxy/masking/detectors/index.js';
import {
  generalizeAge,
  generalizeDate,
  generalizeZip,
  type MaskContext,
  maskFreeText,
  maskValue,
  methodResolver,
  type partial,
  pseudonymize,
  pseudonymKeyFrom,
  RESTRICTED_ZIP3,
  redactToken,
  SAFE_HARBOR_METHODS,
} from '../../../../../proxy/masking/methods/index.js';

const key = pseudonymKeyFrom('phigate-test-key-0123456789abcdef-0123');
const otherKey = pseudonymKeyFrom('another-test-key-0123456789abcdef-456');
const ctx: MaskContext = { pseudonymKey: key };

describe('redact', () => {
  it('gives the entity token', () => {
    expect(maskValue('219-45-6781', 'SSN', 'redact', ctx)).toBe('[SSN]');
    expect(maskValue('Maria', 'PERSON_NAME', 'redact', ctx)).toBe('[PERSON_NAME]');
    expect(redactToken('FREE_TEXT')).toBe('[FREE_TEXT]');
  });
  it('null gives SQL NULL', () => {
    expect(maskValue('x', 'EMAIL', 'null', ctx)).toBeNull();
  });
});

describe('partial', () => {
  const cases: ReadonlyArray<[Parameters<typeof partial>[1], string, string]> = [
    ['SSN', '219-45-6789', '***-**-6789'],
    ['SSN', '219456789', '***-**-6789'],
    ['PHONE', '(617) 555-0134', '(***) ***-0134'],
    ['FAX', '+1 617 555 0199', '+* *** *** 0199'],
    ['EMAIL', 'john.smith@example.com', 'j***@example.com'],
    ['CREDIT_CARD', '4111 1111 1111 1111', '**** **** **** 1111'],
    ['PERSON_NAME', "Maria O'Brien-Lopez", 'M*** O***'],
    ['BIRTH_DATE', '1984-03-15', '1984-**-**'],
    ['DATE', 'March 15, 1984', '***** **, 1984'],
    ['ZIP', '02139-4307', '021**'],
    ['ZIP', '03601', '000**'],
    ['MRN', 'MRN12345678', '*******5678'],
    ['HEALTH_PLAN_ID', 'XJH448812733', '********2733'],
    ['IP_ADDRESS', '10.2.3.4', '10.2.*.*'],
    ['URL', 'https://portal.example.org/p/123', 'https://portal.example.org/***'],
    ['STREET_ADDRESS', '42 Maple Street', '** Maple Street'],
    ['AGE', '93', '90'],
    ['CITY', 'Springfield', '[CITY]'],
  ];
  for (const [entity, input, expected] of cases) {
    it(`${entity} ${input}`, () => expect(maskValue(input, entity, 'partial', ctx)).toBe(expected));
  }
});

describe('pseudonymize', () => {
  it('is stable per key, differs across keys and values, and normalizes formats', () => {
    const a = pseudonymize('219-45-6781', 'SSN', key.key);
    expect(pseudonymize('219-45-6781', 'SSN', key.key)).toBe(a);
    expect(pseudonymize('219456781', 'SSN', key.key)).toBe(a.replace(/-/g, ''));
    expect(pseudonymize('219-45-6781', 'SSN', otherKey.key)).not.toBe(a);
    expect(pseudonymize('219-45-6782', 'SSN', key.key)).not.toBe(a);
    expect(pseudonymize('Maria.Lopez@Example.com', 'EMAIL', key.key)).toBe(
      pseudonymize('maria.lopez@example.com ', 'EMAIL', key.key),
    );
    expect(pseudonymize('(617) 555-0134', 'PHONE', key.key).replace(/\D/g, '')).toBe(
      pseudonymize('+1 617 555 0134', 'PHONE', key.key).replace(/\D/g, '').slice(1),
    );
  });

  it('shapes pseudonyms like the entity, never as a real identifier', () => {
    const ssn = pseudonymize('219-45-6781', 'SSN', key.key);
    expect(ssn).toMatch(/^9\d\d-(?!00)\d\d-(?!0000)\d{4}$/);
    expect(pseudonymize('(617) 555-0134', 'PHONE', key.key)).toMatch(/^\(555\) \d{3}-\d{4}$/);
    expect(pseudonymize('maria@example.com', 'EMAIL', key.key)).toMatch(
      /^psn\.[0-9a-z]{10}@example\.invalid$/,
    );
    expect(pseudonymize('MRN12345678', 'MRN', key.key)).toMatch(/^PSN-[0-9A-HJKMNP-TV-Z]{12}$/);
  });

  it('keeps distinct values distinct (no collisions over 20,000 MRNs)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++)
      seen.add(pseudonymize(`MRN${String(i).padStart(8, '0')}`, 'MRN', key.key));
    expect(seen.size).toBe(20_000);
  });

  it('fails closed without a key, naming the config key and not the value', () => {
    expect(() => maskValue('219-45-6781', 'SSN', 'pseudonymize', {})).toThrow(
      expect.objectContaining({
        code: 'MASKING_KEY_UNAVAILABLE',
        sqlstate: 'PG020',
        message: expect.not.stringContaining('219'),
      }),
    );
  });

  it('derives a key id that does not reveal the key', () => {
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(key.id).not.toBe(otherKey.id);
    expect(pseudonymKeyFrom('phigate-test-key-0123456789abcdef-0123').id).toBe(key.id);
    expect(() => pseudonymKeyFrom('short')).toThrow(
      expect.objectContaining({ code: 'MASKING_KEY_TOO_SHORT' }),
    );
  });
});

describe('generalize (Safe Harbor)', () => {
  it('replaces each restricted three-digit ZIP with 000 and keeps the others', () => {
    expect([...RESTRICTED_ZIP3].sort()).toEqual([
      '036',
      '059',
      '063',
      '102',
      '203',
      '556',
      '692',
      '790',
      '821',
      '823',
      '830',
      '831',
      '878',
      '879',
      '884',
      '890',
      '893',
    ]);
    for (const z3 of RESTRICTED_ZIP3) expect(generalizeZip(`${z3}42`)).toBe('000');
    expect(generalizeZip('02139')).toBe('021');
    expect(generalizeZip('10001-2233')).toBe('100');
    expect(generalizeZip('2139')).toBe('021');
    expect(generalizeZip('03701')).toBe('037');
    expect(generalizeZip('n/a')).toBe('[ZIP]');
  });

  it('caps ages over 89 at 90 and leaves younger ages', () => {
    expect(generalizeAge('89')).toBe('89');
    expect(generalizeAge('90')).toBe('90');
    expect(generalizeAge('104')).toBe('90');
    expect(generalizeAge('97 years')).toBe('90 years');
    expect(generalizeAge('unknown')).toBe('[AGE]');
    expect(generalizeAge('45, lives with daughter Maria')).toBe('45');
  });

  it('reduces dates to the year (or month)', () => {
    expect(generalizeDate('1984-03-15')).toBe('1984');
    expect(generalizeDate('03/15/1984')).toBe('1984');
    expect(generalizeDate('15.03.1984', 'month')).toBe('1984-03');
    expect(generalizeDate('March 15, 1984', 'month')).toBe('1984-03');
    expect(generalizeDate('2024-03-15T10:30:00Z', 'month')).toBe('2024-03');
    expect(generalizeDate('3/5/84')).toBe('1984');
    expect(generalizeDate('the 4th of July')).toBe('[DATE]');
  });

  it('redacts entities that have no Safe Harbor generalization', () => {
    expect(maskValue('Maria', 'PERSON_NAME', 'generalize', ctx)).toBe('[PERSON_NAME]');
    expect(maskValue('Boston', 'CITY', 'generalize', ctx)).toBe('[CITY]');
  });

  it('defaults follow Safe Harbor: generalize dates, ZIP and age, redact every other identifier', () => {
    for (const e of PHI_ENTITIES) {
      const expected = ['DATE', 'BIRTH_DATE', 'ZIP', 'AGE'].includes(e) ? 'generalize' : 'redact';
      expect(SAFE_HARBOR_METHODS[e], e).toBe(expected);
    }
    expect(methodResolver({ MRN: 'pseudonymize' })('MRN')).toBe('pseudonymize');
    expect(methodResolver({ MRN: 'pseudonymize' })('SSN')).toBe('redact');
  });
});

describe('maskFreeText', () => {
  it('replaces each detection and counts per entity', () => {
    const text = 'Maria Lopez (DOB 03/15/1984) lives in Boston, MA 02115; call 617-555-0134.';
    const result = maskFreeText(text, detectPhi(text), methodResolver({ PHONE: 'partial' }), ctx);
    expect(result.text).toBe('[PERSON_NAME] (DOB 1984) lives in [CITY], [STATE] 021; call ***-***-0134.');
    expect(result.counts).toEqual({ PERSON_NAME: 1, BIRTH_DATE: 1, CITY: 1, STATE: 1, ZIP: 1, PHONE: 1 });
  });

  it('uses the redaction token for method null inside text and leaves clean text untouched', () => {
    const text = 'SSN 219-45-6781';
    expect(maskFreeText(text, detectPhi(text), () => 'null', ctx).text).toBe('SSN [SSN]');
    expect(maskFreeText('no phi here', [], methodResolver(), ctx)).toEqual({
      text: 'no phi here',
      counts: {},
    });
  });
});

describe('partial fails closed on values that do not have the entity shape', () => {
  it('redacts instead of passing text through', () => {
    expect(maskValue('ask daughter Maria', 'PHONE', 'partial', ctx)).toBe('[PHONE]');
    expect(maskValue('617-555-0134 ask Maria', 'PHONE', 'partial', ctx)).toBe('***-***-0134 *** *****');
    expect(maskValue('12345', 'SSN', 'partial', ctx)).toBe('[SSN]');
    expect(maskValue('not an ip', 'IP_ADDRESS', 'partial', ctx)).toBe('[IP_ADDRESS]');
    expect(maskValue('no at sign', 'EMAIL', 'partial', ctx)).toBe('[EMAIL]');
    expect(maskValue('1234', 'CREDIT_CARD', 'partial', ctx)).toBe('[CREDIT_CARD]');
  });
});
