import { describe, expect, it } from 'vitest';
import { createDetector, detectPhi } from '../../../../../proxy/masking/detectors/index.js';
import { found } from './helpers.js';

function table(
  entity: Parameters<typeof found>[1],
  positives: ReadonlyArray<[string, string]>,
  negatives: readonly string[],
) {
  describe(`${String(entity)}`, () => {
    it(`finds ${positives.length} positives`, () => {
      for (const [text, expected] of positives) expect(found(text, entity), text).toEqual([expected]);
    });
    it(`ignores ${negatives.length} negatives`, () => {
      for (const text of negatives) expect(found(text, entity), text).toEqual([]);
    });
  });
}

table(
  'EMAIL',
  [
    ['email maria.lopez@example.com', 'maria.lopez@example.com'],
    ['<j.smith+ehr@mail.example.org>', 'j.smith+ehr@mail.example.org'],
    ['Contact: KWASHINGTON@HOSPITAL.ORG.', 'KWASHINGTON@HOSPITAL.ORG'],
    ['sent to a_b-c@sub.domain.co.uk today', 'a_b-c@sub.domain.co.uk'],
    ['(daughter: jen1985@gmail.com)', 'jen1985@gmail.com'],
    ['mailto:pt.portal@clinic.health', 'pt.portal@clinic.health'],
    ['email=first.last@example.net;', 'first.last@example.net'],
    ['x@y.io', 'x@y.io'],
    ['user%tag@example.com wrote', 'user%tag@example.com'],
    ['"nguyen.t@uni.edu"', 'nguyen.t@uni.edu'],
    ['Email:o.brien@example.ie', 'o.brien@example.ie'],
    ['reply to 12345@numbers.example.com', '12345@numbers.example.com'],
    ['forward to Care.Team@Example.Com please', 'Care.Team@Example.Com'],
    ['alias: dr-okafor@med.example.org,', 'dr-okafor@med.example.org'],
    ['[smith@example.travel]', 'smith@example.travel'],
    ['e-mail: pt_4471@portal.example.com', 'pt_4471@portal.example.com'],
    ['caregiver lisa.m.wong@example.com.', 'lisa.m.wong@example.com'],
    ['notify a@b.cd', 'a@b.cd'],
    ['EMAIL MARIA@EXAMPLE.COM', 'MARIA@EXAMPLE.COM'],
    ['ID maria.lopez@example.com (verified)', 'maria.lopez@example.com'],
  ],
  [
    'email on file',
    '@mention in chat',
    'user@localhost',
    'a@b',
    'maria..lopez@example.com',
    'maria.@example.com',
    'trailing@example.',
    '@example.com',
    'dose 5mg@8pm',
    'price 3 @ $5.00',
    'see https://example.com/a@b',
    'twitter @maria_lopez',
    'host: example.com',
    'maria at example dot com',
    'x@y.1',
    'email: [EMAIL]',
    'a@-b.com',
    'name@domain.c',
    'ratio 2@3',
    '5 @ 10',
  ],
);

table(
  ['DATE', 'BIRTH_DATE'],
  [
    ['seen on 2024-03-15', '2024-03-15'],
    ['DOB 03/15/1984', '03/15/1984'],
    ['admitted 3/5/2023 with pain', '3/5/2023'],
    ['born March 15, 1984 in Ohio', 'March 15, 1984'],
    ['Visit Mar. 3rd 2022', 'Mar. 3rd 2022'],
    ['on 15 March 1984', '15 March 1984'],
    ['dated 15-Mar-1984', '15-Mar-1984'],
    ['since January 2019', 'January 2019'],
    ['discharged 2023/11/05', '2023/11/05'],
    ['timestamp 2024-03-15T10:30:00Z logged', '2024-03-15T10:30:00Z'],
    ['DOB: 15.03.1984', '15.03.1984'],
    ['surgery on the 4th of July', '4th of July'],
    ['follow-up 12/01/24', '12/01/24'],
    ['last seen Dec 2, 2021.', 'Dec 2, 2021'],
    ['onset 11-30-2020', '11-30-2020'],
    ['effective 07/2023', '07/2023'],
    ['date of birth 1950-01-02', '1950-01-02'],
    ['admitted on 2/14', '2/14'],
    ['SEPTEMBER 9, 2001', 'SEPTEMBER 9, 2001'],
    ['Appt Feb 29, 2024', 'Feb 29, 2024'],
    ['scheduled 2024-06-01 09:00', '2024-06-01 09:00'],
  ],
  [
    'BP 120/80',
    'take 1/2 tab',
    'ratio 3/4',
    'version 1.2.3',
    'dose 2024 mg',
    'in 2024',
    'SSN 219-45-6781',
    'phone 617-555-0134',
    'score 13/15',
    'date 2024-13-01',
    'date 2024-02-30',
    'date 31/31/2020',
    'we may 5 times',
    'room 3-15',
    'ICD-10 E11.9',
    'lot 20240315',
    'may improve',
    'code 2024-1234',
    'grade 3/5 strength',
    'values 45/60/2024x',
    'MRN12345678',
  ],
);

it('labels dates after DOB context as BIRTH_DATE and others as DATE', () => {
  const text = 'DOB 01/02/1950, admitted 03/04/2024, born on May 5, 1961; seen 2024-03-05';
  expect(detectPhi(text).map((d) => [d.entity, text.slice(d.start, d.end)])).toEqual([
    ['BIRTH_DATE', '01/02/1950'],
    ['DATE', '03/04/2024'],
    ['BIRTH_DATE', 'May 5, 1961'],
    ['DATE', '2024-03-05'],
  ]);
});

table(
  'PERSON_NAME',
  [
    ['Patient Maria Lopez presented', 'Maria Lopez'],
    ['Seen by Dr. Okonkwo today', 'Okonkwo'],
    ['Mrs. Harriet Quimby called', 'Harriet Quimby'],
    ['daughter Keisha will drive', 'Keisha'],
    ['Spoke with James about meds', 'James'],
    ['LOPEZ, MARIA  MRN pending', 'LOPEZ, MARIA'],
    ['Smith, John Q. was admitted', 'Smith, John Q.'],
    ['Called Jennifer Nguyen-Tran back', 'Jennifer Nguyen-Tran'],
    ["Patrick O'Brien, 67M", "Patrick O'Brien"],
    ['Her husband, Roberto, is the proxy', 'Roberto'],
    ['Mr. Smith was seen', 'Smith'],
    ['the patient, Tamika Johnson, reports', 'Tamika Johnson'],
    ['Jane (daughter) at bedside', 'Jane'],
    ['Name: Xiomara Quispe', 'Xiomara Quispe'],
    ['Signed: Rebecca Hall, RN', 'Rebecca Hall'],
    ['Priya Raman, MD', 'Priya Raman'],
    ['Discussed with Dr Alvarez', 'Alvarez'],
    ['Pt is Mohammed Al-Sayed.', 'Mohammed Al-Sayed'],
    ['Follow up with Kevin McDonald in 2 weeks', 'Kevin McDonald'],
    ['Emergency contact: Linda Brown', 'Linda Brown'],
    ['Deshawn Williams arrived late', 'Deshawn Williams'],
  ],
  [
    "Parkinson's disease stable",
    'Foley catheter placed',
    'Glasgow Coma Scale 15',
    'Massachusetts General Hospital',
    'Cardiology follow-up',
    'Will continue current plan',
    'May improve with rest',
    'Mark the chart',
    'Grace period ends',
    'Bell palsy resolved',
    'Patient denies chest pain',
    'Emergency Department',
    'Hodgkin lymphoma in remission',
    'Down syndrome',
    'Blood pressure stable',
    'The patient was seen',
    'Tylenol 500 mg',
    'Monday morning',
    'New York',
    'Brown rice diet',
    'Social Work consulted',
  ],
);

table(
  'ZIP',
  [
    ['Boston, MA 02115', '02115'],
    ['Springfield, IL 62704-1234', '62704-1234'],
    ['zip code 10001', '10001'],
    ['ZIP: 94110', '94110'],
    ['Austin, Texas 78701', '78701'],
    ['Seattle WA 98101', '98101'],
    ['postal code 60614-2233', '60614-2233'],
  ],
  ['dose 10000 units', 'order 02115', 'WBC 12000', 'MRN 02115', 'year 20115', '5 mg', 'area 12345-678'],
);

table(
  'STREET_ADDRESS',
  [
    ['Lives at 42 Maple Street Apt 3B', '42 Maple Street Apt 3B'],
    ['1600 Pennsylvania Ave NW', '1600 Pennsylvania Ave'],
    ['moved to 77 West 42nd Street last year', '77 West 42nd Street'],
    ['PO Box 1234', 'PO Box 1234'],
    ['9 Oak Dr.', '9 Oak Dr.'],
  ],
  ['took 2 Tylenol tablets', 'room 12 Main', 'walked 3 Blocks', '5 Main'],
);

table(
  'AGE',
  [
    ['92-year-old woman', '92'],
    ['age: 101', '101'],
    ['aged 95, lives alone', '95'],
    ['a 90 y/o male', '90'],
  ],
  ['45-year-old', 'age 89', 'aged 30', '150-year-old building'],
);

table(
  'IP_ADDRESS',
  [
    ['login from 10.2.3.4', '10.2.3.4'],
    ['client ip 192.168.1.20', '192.168.1.20'],
    ['host 2001:db8::8a2e:370:7334 connected', '2001:db8::8a2e:370:7334'],
  ],
  ['OID 1.2.840.10008.1', 'v1.2.3.4', 'time 10:30:45', 'version 10.2.3', '300.1.1.1'],
);

table(
  'URL',
  [
    ['portal https://portal.example.org/p/123.', 'https://portal.example.org/p/123'],
    ['see www.example.com/patient?id=7', 'www.example.com/patient?id=7'],
    ['(https://example.com/a_(b))', 'https://example.com/a_(b)'],
  ],
  ['email maria@example.com', 'file report.pdf', 'ratio 1/2'],
);

describe('detector configuration and robustness', () => {
  it('uses configured MRN patterns and min score, and can disable entities', () => {
    const d = createDetector({
      mrnPatterns: [{ pattern: '\\bH\\d{6}\\b', score: 0.8 }],
      disabledEntities: ['EMAIL'],
    });
    const text = 'chart H123456, email a@example.com';
    expect(d.detect(text).map((x) => [x.entity, text.slice(x.start, x.end)])).toEqual([['MRN', 'H123456']]);
    expect(d.detect('Seen by Will', { minScore: 0.99 })).toEqual([]);
    expect(d.detect('SSN 219-45-6781 Maria Lopez', { entities: ['SSN'] }).map((x) => x.entity)).toEqual([
      'SSN',
    ]);
  });

  it('returns non-overlapping detections sorted by start, with scores in 0..1', () => {
    const text = 'https://example.org/visits/2024-03-15/ Maria Lopez 617-555-0134 MRN12345678';
    const ds = detectPhi(text);
    for (let i = 1; i < ds.length; i++) expect(ds[i]!.start).toBeGreaterThanOrEqual(ds[i - 1]!.end);
    for (const d of ds) expect(d.score).toBeGreaterThanOrEqual(0.5);
    expect(ds[0]!.entity).toBe('URL');
  });

  it('never throws and stays fast on hostile input', () => {
    const hostile = [
      '',
      'a',
      '\u0000\uffff',
      '9'.repeat(10_000),
      `${'Aa '.repeat(5000)}`,
      '@'.repeat(5000),
      `${'1-'.repeat(5000)}`,
      `${'A. '.repeat(5000)}`,
      `${'x@'.repeat(3000)}y.com`,
      `http://${'a'.repeat(10_000)}`,
    ];
    const t0 = performance.now();
    for (const h of hostile) expect(() => detectPhi(h)).not.toThrow();
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
