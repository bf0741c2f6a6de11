import { describe, expect, it } from 'vitest';
import { deaValid, luhnValid, npiValid, ssnValid } from '../../../../../proxy/masking/detectors/index.js';
import { found, npiWithCheckDigit } from './helpers.js';

/** `[text, expected detection]` pairs; each positive must be found exactly; each negative must find nothing. */
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
  'SSN',
  [
    ['SSN: 219-45-6781', '219-45-6781'],
    ['ssn 536-22-1234 on file', '536-22-1234'],
    ['Social Security Number 401-88-2917.', '401-88-2917'],
    ['Patient SSN is 772-10-4455', '772-10-4455'],
    ['(SSN 145-67-8901)', '145-67-8901'],
    ['id 301-56-7789 verified', '301-56-7789'],
    ['SSN#: 665-43-2109', '665-43-2109'],
    ['soc sec 212 44 9087', '212 44 9087'],
    ['SSN 212.44.9087', '212.44.9087'],
    ['social security: 001010001', '001010001'],
    ['SSN: 219456781', '219456781'],
    ['ss# 523456789 (verbal)', '523456789'],
    ['Her SSN, 610-44-0921, was confirmed', '610-44-0921'],
    ['SSN:899-01-0001', '899-01-0001'],
    ['ssn=455-66-7788;', '455-66-7788'],
    ['Pt social security 767-23-9981', '767-23-9981'],
    ['SSN 023-45-6780 listed', '023-45-6780'],
    ['records show 349-01-2287 as SSN', '349-01-2287'],
    ['SSN\t118-72-6430', '118-72-6430'],
    ['SSN (last verified 2020): 256-18-4470', '256-18-4470'],
    ['The number 384-22-9012 belongs to the guarantor', '384-22-9012'],
  ],
  [
    'SSN 000-12-3456',
    'SSN 666-12-3456',
    'SSN 900-12-3456',
    'SSN 987-65-4321',
    'SSN 123-00-4567',
    'SSN 123-45-0000',
    'SSN 111-11-1111',
    'SSN 123-45-6789',
    'SSN 078-05-1120',
    'SSN 219-09-9999',
    'SSN 123-45 6789 mixed delimiters',
    'order 219456781 shipped',
    'call 617-555-0134',
    'on 2024-03-15',
    'ref 1234-56-7890',
    'ref 123-45-67890',
    'zip 02139-1234',
    'lot A123-45-6789',
    'ISBN 978-0-306-40615-7',
    'value 219-45-678',
    'room 12-34-5678',
  ],
);

table(
  ['PHONE', 'FAX'],
  [
    ['Call (617) 555-0134 today', '(617) 555-0134'],
    ['phone: 617-555-0134', '617-555-0134'],
    ['cell 617.555.0134', '617.555.0134'],
    ['+1 617 555 0134', '+1 617 555 0134'],
    ['1-800-555-0199 after hours', '1-800-555-0199'],
    ['reach me at 212-555-0147 x204', '212-555-0147 x204'],
    ['tel: 6175550134', '6175550134'],
    ['mobile +16175550134', '+16175550134'],
    ['home (415)555-2671', '(415)555-2671'],
    ['Fax: 617-555-0199', '617-555-0199'],
    ['faxed to (212) 555 0188', '(212) 555 0188'],
    ['daughter 303-555-0122 prefers texts', '303-555-0122'],
    ['Contact 702.555.0110 ext. 12', '702.555.0110 ext. 12'],
    ['(808) 555-0163', '(808) 555-0163'],
    ['callback number 9175550155', '9175550155'],
    ['pager 646-555-0102', '646-555-0102'],
    ['PCP office 919-555-0170.', '919-555-0170'],
    ['she can be reached at 571 555 0191', '571 555 0191'],
    ['+1 (206) 555-0100', '+1 (206) 555-0100'],
    ['phone 505-555-0143 (cell)', '505-555-0143'],
    ['Work: 478-555-0101', '478-555-0101'],
  ],
  [
    'order 6175550134 shipped',
    'SSN 219-45-6781',
    'value 123-456-7890',
    'code 617-155-0134',
    'code (911) 555-0134',
    'area 617-911-0134',
    'date 2024-03-15',
    'MRN12345678',
    'total 12,345,678',
    'ID 617-555-01345',
    'version 10.20.30.40',
    'NPI 1234567893',
    'range 617-555',
    'pH 7.35 7.45',
    'lot 5550134',
    'ratio 1:617:555',
    'account 61755501341',
    'BP 120/80 HR 72',
    'ICD I10.555.0134',
    'x617-555-0134y',
    'z617.555.0134z',
  ],
);

const npis = [
  '123456789',
  '145678901',
  '198765432',
  '112233445',
  '167890123',
  '205551234',
  '276543210',
  '154321098',
].map(npiWithCheckDigit);
table(
  'NPI',
  [
    ['NPI 1234567893', '1234567893'],
    ...npis.map((n, i): [string, string] => [i % 2 ? `Attending NPI: ${n}` : `provider ${n} signed`, n]),
    [`Dr. Okafor (NPI ${npis[0]})`, npis[0]!],
    [`NPI#${npis[1]}`, npis[1]!],
    [`referring physician npi ${npis[2]}.`, npis[2]!],
    [`prescriber: ${npis[3]}`, npis[3]!],
    [`NPI=${npis[4]};`, npis[4]!],
    [`national provider identifier ${npis[5]}`, npis[5]!],
    [`billing provider ${npis[6]}`, npis[6]!],
    [`ordering NPI ${npis[7]} on order`, npis[7]!],
    [`PCP ${npis[0]}`, npis[0]!],
    [`number ${npis[2]} on file`, npis[2]!],
    [`${npis[4]}`, npis[4]!],
    [`attending ${npis[6]}`, npis[6]!],
  ],
  [
    'NPI 1234567890',
    'NPI 1234567891',
    'NPI 3234567893',
    'NPI 123456789',
    'NPI 12345678931',
    `order ${npis[5]}`,
    `phone ${npis[5]}`,
    'NPI 0234567893',
    'NPI 1234-567-893',
    `x${npis[0]}`,
    `${npis[0]}9`,
    'NPI 2000000000',
    'count 1000000000',
    'NPI 1111111111',
    'NPI 9876543210',
    'NPI 1234567892',
    'NPI 1234567894',
    'NPI 1234567895',
    'NPI 1234567896',
    'NPI 1234567897',
  ],
);

table(
  'MRN',
  [
    ['MRN12345678', 'MRN12345678'],
    ['Patient MRN00482913 admitted', 'MRN00482913'],
    ['MRN: 00482913', '00482913'],
    ['MRN# 5532190', '5532190'],
    ['MRN 88812345', '88812345'],
    ['medical record number 0042137', '0042137'],
    ['Medical Record #: 7781234', '7781234'],
    ['MR# 123456', '123456'],
    ['med rec no. 99812345', '99812345'],
    ['chart # 4455667', '4455667'],
    ['MRN-12345678 on wristband', 'MRN-12345678'],
    ['(MRN:00112233)', '00112233'],
    ['MRN is 7766554433', '7766554433'],
    ['mrn: A1234567', 'A1234567'],
    ['Medical record number: 000123456', '000123456'],
    ['MRN 00012345, DOB unknown', '00012345'],
    ['Chart no. 12345678', '12345678'],
    ['MRN#00998877', '00998877'],
    ['MRN: HX-554433', 'HX-554433'],
    ['[MRN12300045]', 'MRN12300045'],
    ['MRN1234567 (legacy 7-digit)', '1234567'],
    ['record MRN 55501234 merged', '55501234'],
  ],
  [
    'MRN pending',
    'patient 12345678',
    'order 00482913',
    'XMRN12345678',
    'MRN12345678X',
    'medical record reviewed',
    'MRN: 1234',
    'chart reviewed 2024',
    'MRN: see chart',
    'Mr. 12345678',
    'MRN: 12-34',
    'DOB 12345678',
    'room 12345678',
    'MRN A',
    'record 12345',
    'MRNs were merged',
    'batch 12345678',
    'MRN: N/A',
    'Account 12345678',
    'MRI 12345678',
  ],
);

describe('check digits', () => {
  it('validates Luhn, NPI, DEA and SSA rules', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(npiValid('1234567893')).toBe(true);
    expect(npiValid('1234567890')).toBe(false);
    expect(deaValid('AB1234563')).toBe(true);
    expect(deaValid('AB1234564')).toBe(false);
    expect(ssnValid('219456781')).toBe(true);
    expect(ssnValid('987654320')).toBe(false);
  });
});

table(
  'DEA',
  [
    ['DEA AB1234563', 'AB1234563'],
    ['DEA#: FM1234563', 'FM1234563'],
    ['prescriber BJ6125341', 'BJ6125341'],
    ['registration MS1111119', 'MS1111119'],
  ],
  ['DEA AB1234564', 'DEA ZZ1234563', 'DEA AB12345634', 'code IB1234563', 'AB123456'],
);

table(
  'CREDIT_CARD',
  [
    ['card 4111 1111 1111 1111', '4111 1111 1111 1111'],
    ['visa 4111-1111-1111-1111 on file', '4111-1111-1111-1111'],
    ['paid with 5555555555554444', '5555555555554444'],
    ['Amex 3782 822463 10005', '3782 822463 10005'],
  ],
  ['card 4111 1111 1111 1112', 'ref 1234567812345678', 'card 4111 11111 111 1111', 'phone 617 555 0134 2024'],
);

table(
  'HEALTH_PLAN_ID',
  [
    ['Member ID: XJH448812733', 'XJH448812733'],
    ['insurance ABC123456789', 'ABC123456789'],
    ['member # W123456789', 'W123456789'],
    ['policy number 88123-4471', '88123-4471'],
    ['subscriber id: 00441234', '00441234'],
  ],
  ['MRN123456789', 'member since 2019', 'plan reviewed', 'ABC12345678', 'ID XJH44881273X'],
);
