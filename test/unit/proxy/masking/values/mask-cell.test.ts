import PG from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../../../../../proxy/masking/detectors/index.js';
import { methodResolver, pseudonymKeyFrom } from '../../../../../proxy/masking/methods/index.js';
import {
  type CellMaskContext,
  maskCell,
  OID,
  planMaskedColumn,
} from '../../../../../proxy/masking/values/index.js';
import { createTestDatabase, upstreamUrl } from '../../../../helpers/upstream.js';

/**
 * maskCell end to end against a real PostgreSQL: input cells come from the server (text output or
 * *_send bytes), masked cells go back to the server (as text or binary parameters), which must
 * accept them as values of the type the plan announces.
 */
let client: PG.Client;
const ctx: CellMaskContext = {
  pseudonymKey: pseudonymKeyFrom('phigate-test-key-0123456789abcdef-0123'),
  detector: createDetector(),
  methodFor: methodResolver(),
};

beforeAll(async () => {
  client = new PG.Client({ connectionString: upstreamUrl(await createTestDatabase('masking_cells')) });
  await client.connect();
  await client.query(`SET TimeZone = 'UTC'`);
});
afterAll(async () => {
  await client?.end();
});

async function sendBytes(type: string, literal: string): Promise<Buffer> {
  const send = type.endsWith('[]')
    ? 'array_send'
    : `${type}_send`.replace(/^(int[248]|float[48]|bool|oid|char)_send$/, '$1send');
  const r = await client.query<{ b: Buffer }>(`SELECT ${send}($1::${type}) AS b`, [literal]);
  return r.rows[0]!.b;
}

/** The server's text for a masked cell, sent back in the format it was produced in. */
async function serverReads(typeOid: number, cell: Buffer, format: 0 | 1, typmod = -1): Promise<string> {
  const q = 'SELECT format_type($1::oid, $2::int) AS t';
  const type = (await client.query<{ t: string }>(q, [typeOid, typmod])).rows[0]!.t;
  const r = await client.query<{ t: string }>(`SELECT $1::${type}::text AS t`, [
    format === 1 ? cell : cell.toString('utf8'),
  ]);
  return r.rows[0]!.t;
}

describe('planMaskedColumn', () => {
  const cases: ReadonlyArray<
    [
      string,
      number,
      number,
      Parameters<typeof planMaskedColumn>[2],
      Parameters<typeof planMaskedColumn>[3],
      number,
      number,
    ]
  > = [
    ['redact text keeps text', OID.text, -1, 'SSN', 'redact', OID.text, -1],
    ['varchar(11) keeps varchar without limit', OID.varchar, 15, 'SSN', 'redact', OID.varchar, -1],
    ['bpchar(5) keeps its length', OID.bpchar, 9, 'ZIP', 'generalize', OID.bpchar, 9],
    ['redact int8 → text', OID.int8, -1, 'SSN', 'redact', OID.text, -1],
    ['partial date → text', OID.date, -1, 'BIRTH_DATE', 'partial', OID.text, -1],
    ['generalize date keeps date', OID.date, -1, 'BIRTH_DATE', 'generalize', OID.date, -1],
    ['generalize timestamptz keeps it', OID.timestamptz, -1, 'DATE', 'generalize', OID.timestamptz, -1],
    ['pseudonymize int4 keeps int4', OID.int4, -1, 'MRN', 'pseudonymize', OID.int4, -1],
    [
      'pseudonymize numeric keeps numeric',
      OID.numeric,
      655366,
      'ACCOUNT_NUMBER',
      'pseudonymize',
      OID.numeric,
      655366,
    ],
    ['generalize age int2 keeps int2', OID.int2, -1, 'AGE', 'generalize', OID.int2, -1],
    ['generalize ZIP stored as int4 → text', OID.int4, -1, 'ZIP', 'generalize', OID.text, -1],
    ['pseudonymize uuid keeps uuid', OID.uuid, -1, 'OTHER_ID', 'pseudonymize', OID.uuid, -1],
    ['redact uuid → text', OID.uuid, -1, 'OTHER_ID', 'redact', OID.text, -1],
    ['null keeps any type', OID.float8, -1, 'AGE', 'null', OID.float8, -1],
    ['redact jsonb keeps jsonb', OID.jsonb, -1, 'EMAIL', 'redact', OID.jsonb, -1],
    ['text[] keeps text[]', OID.textArray, -1, 'PERSON_NAME', 'redact', OID.textArray, -1],
    ['free text in text keeps text', OID.text, -1, 'FREE_TEXT', undefined, OID.text, -1],
    ['free text in int4 → text', OID.int4, -1, 'FREE_TEXT', undefined, OID.text, -1],
    ['unknown type (citext OID) → text', 16_385, -1, 'EMAIL', 'pseudonymize', OID.text, -1],
    ['pseudonymize float8 → text', OID.float8, -1, 'OTHER_ID', 'pseudonymize', OID.text, -1],
    ['redact bytea photo → text', OID.bytea, -1, 'PHOTO', 'redact', OID.text, -1],
  ];
  for (const [name, oid, typmod, entity, method, outOid, outTypmod] of cases) {
    it(name, () => {
      const plan = planMaskedColumn(oid, typmod, entity, method);
      expect(plan.outputTypeOid).toBe(outOid);
      expect(plan.outputTypmod).toBe(outTypmod);
      expect(plan.keepsType).toBe(outOid === oid);
      if (outOid === OID.text) expect(plan.outputTypeSize).toBe(-1);
    });
  }
  it('keeps the RowDescription size of a kept unknown type and requires a method for entities', () => {
    expect(planMaskedColumn(16_385, -1, 'EMAIL', 'null', 24).outputTypeSize).toBe(24);
    expect(planMaskedColumn(OID.int4, -1, 'MRN', 'null').outputTypeSize).toBe(4);
    expect(() => planMaskedColumn(OID.text, -1, 'SSN', undefined)).toThrow(/method is required/);
  });
});

describe('maskCell keeps values readable by PostgreSQL in both formats', () => {
  it('generalizes dates and timestamps to the first day of the year', async () => {
    const cases: ReadonlyArray<[string, number, string, string]> = [
      ['date', OID.date, '1984-03-15', '1984-01-01'],
      ['timestamp', OID.timestamp, '2023-11-05 14:22:01.5', '2023-01-01 00:00:00'],
      ['timestamptz', OID.timestamptz, '2023-11-05 14:22:01+00', '2023-01-01 00:00:00+00'],
      ['date', OID.date, 'infinity', 'infinity'],
    ];
    for (const [type, oid, input, expected] of cases) {
      const plan = planMaskedColumn(oid, -1, 'DATE', 'generalize');
      const bin = maskCell(await sendBytes(type, input), 1, plan, ctx)!;
      expect(await serverReads(oid, bin, 1)).toBe(expected);
      const txt = maskCell(Buffer.from(input), 0, plan, ctx)!;
      expect(await serverReads(oid, txt, 0)).toBe(expected);
    }
  });

  it('generalizes to the month when configured and keeps a timestamptz text offset', () => {
    const plan = planMaskedColumn(OID.timestamptz, -1, 'BIRTH_DATE', 'generalize');
    const out = maskCell(Buffer.from('1984-03-15 10:30:00+05:30'), 0, plan, {
      ...ctx,
      dateGranularity: 'month',
    })!;
    expect(out.toString()).toBe('1984-03-01 00:00:00+05:30');
  });

  it('pseudonymizes integers and numerics to stable numbers of the same width', async () => {
    const cases: ReadonlyArray<[string, number, string]> = [
      ['int4', OID.int4, '48213377'],
      ['int8', OID.int8, '9223372036854775807'],
      ['int2', OID.int2, '31000'],
      ['numeric', OID.numeric, '-12345.678'],
    ];
    for (const [type, oid, input] of cases) {
      const plan = planMaskedColumn(oid, -1, 'ACCOUNT_NUMBER', 'pseudonymize');
      const fromBinary = await serverReads(oid, maskCell(await sendBytes(type, input), 1, plan, ctx)!, 1);
      const fromText = await serverReads(oid, maskCell(Buffer.from(input), 0, plan, ctx)!, 0);
      expect(fromBinary).toBe(fromText);
      expect(fromBinary).not.toBe(input);
      expect(fromBinary.replace(/\D/g, '').length).toBe(input.replace(/\D/g, '').length);
      expect(fromBinary.startsWith('-')).toBe(input.startsWith('-'));
    }
  });

  it('caps ages over 89 at 90 and keeps younger ages', async () => {
    const plan = planMaskedColumn(OID.int4, -1, 'AGE', 'generalize');
    expect(await serverReads(OID.int4, maskCell(await sendBytes('int4', '97'), 1, plan, ctx)!, 1)).toBe('90');
    expect(await serverReads(OID.int4, maskCell(await sendBytes('int4', '45'), 1, plan, ctx)!, 1)).toBe('45');
  });

  it('pseudonymizes uuids to valid, stable version-4 uuids', async () => {
    const plan = planMaskedColumn(OID.uuid, -1, 'OTHER_ID', 'pseudonymize');
    const input = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    const out = await serverReads(OID.uuid, maskCell(await sendBytes('uuid', input), 1, plan, ctx)!, 1);
    expect(out).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(maskCell(Buffer.from(input), 0, plan, ctx)!.toString()).toBe(out);
  });

  it('reports redacted non-text columns as text carrying the token', async () => {
    const plan = planMaskedColumn(OID.int8, -1, 'SSN', 'redact');
    const out = maskCell(await sendBytes('int8', '219456781'), 1, plan, ctx)!;
    expect(out.toString('utf8')).toBe('[SSN]');
    expect(await serverReads(plan.outputTypeOid, out, 1)).toBe('[SSN]');
  });

  it('masks text of unknown types in text format; unknown binary becomes the token, never the bytes', () => {
    const plan = planMaskedColumn(16_385, -1, 'EMAIL', 'partial');
    expect(maskCell(Buffer.from('Maria.Lopez@example.com'), 0, plan, ctx)!.toString()).toBe(
      'M***@example.com',
    );
    const raw = Buffer.from('Maria.Lopez@example.com');
    const out = maskCell(raw, 1, plan, ctx)!;
    expect(out.toString()).toBe('[EMAIL]');
    expect(out.includes(raw)).toBe(false);
  });

  it('pads and truncates bpchar to its declared length', async () => {
    const zip = planMaskedColumn(OID.bpchar, 9, 'ZIP', 'generalize');
    expect(maskCell(Buffer.from('02139'), 0, zip, ctx)!.toString()).toBe('021  ');
    const short = planMaskedColumn(OID.bpchar, 7, 'SSN', 'redact');
    const out = maskCell(Buffer.from('219'), 1, short, ctx)!;
    expect(out.toString()).toBe('[SS');
    expect(await serverReads(OID.bpchar, out, 1, 7)).toBe('[SS');
  });

  it('returns SQL NULL for method null whatever the type', () => {
    for (const oid of [OID.text, OID.int4, OID.date, 16_385]) {
      expect(
        maskCell(Buffer.from([0, 0, 0, 1]), 1, planMaskedColumn(oid, -1, 'SSN', 'null'), ctx),
      ).toBeNull();
    }
  });

  it('masks json as a JSON string and jsonb in binary with its version byte', async () => {
    const plan = planMaskedColumn(OID.jsonb, -1, 'EMAIL', 'redact');
    const bin = maskCell(await sendBytes('jsonb', '"maria@example.com"'), 1, plan, ctx)!;
    expect(bin[0]).toBe(1);
    expect(await serverReads(OID.jsonb, bin, 1)).toBe('"[EMAIL]"');
  });

  it('runs detectors over the strings and numbers of a free-text json document, keeping other numbers exact', async () => {
    const plan = planMaskedColumn(OID.jsonb, -1, 'FREE_TEXT', undefined);
    const doc =
      '{"big": 12345678901234567890, "note": "Call Maria Lopez at (617) 555-0134", "ssn": 219456781, "n": 3}';
    const out = maskCell(await sendBytes('jsonb', doc), 1, plan, ctx)!;
    const text = await serverReads(OID.jsonb, out, 1);
    expect(text).toContain('12345678901234567890');
    expect(text).toContain('"ssn": "[SSN]"');
    expect(text).toContain('"n": 3');
    expect(text).not.toMatch(/Maria|Lopez|555-0134|219456781/);
  });

  it('masks every element of text arrays in both formats', async () => {
    const plan = planMaskedColumn(OID.textArray, -1, 'PERSON_NAME', 'partial');
    const input = '{"Maria Lopez",NULL,"John O\'Brien"}';
    const expected = '{"M*** L***",NULL,"J*** O***"}';
    expect(
      await serverReads(OID.textArray, maskCell(await sendBytes('text[]', input), 1, plan, ctx)!, 1),
    ).toBe(expected);
    expect(await serverReads(OID.textArray, maskCell(Buffer.from(input), 0, plan, ctx)!, 0)).toBe(expected);
  });

  it('masks free text in text columns and reports counts only', () => {
    const counts: Array<Partial<Record<string, number>>> = [];
    const plan = planMaskedColumn(OID.text, -1, 'FREE_TEXT', undefined);
    const note = 'Pt Maria Lopez, DOB 03/15/1984, SSN 219-45-6781, seen 2024-02-11.';
    const out = maskCell(Buffer.from(note), 0, plan, {
      ...ctx,
      onDetections: (c) => counts.push(c),
    })!.toString();
    expect(out).toBe('Pt [PERSON_NAME], DOB 1984, SSN [SSN], seen 2024.');
    expect(counts).toEqual([{ PERSON_NAME: 1, BIRTH_DATE: 1, SSN: 1, DATE: 1 }]);
  });

  it('fails closed: pseudonymize without a key, and undecodable cells, throw PG020', () => {
    const noKey: CellMaskContext = { ...ctx, pseudonymKey: undefined };
    const plan = planMaskedColumn(OID.text, -1, 'MRN', 'pseudonymize');
    expect(() => maskCell(Buffer.from('MRN12345678'), 0, plan, noKey)).toThrow(
      expect.objectContaining({ code: 'MASKING_KEY_UNAVAILABLE', sqlstate: 'PG020' }),
    );
    const date = planMaskedColumn(OID.date, -1, 'DATE', 'generalize');
    expect(() => maskCell(Buffer.alloc(3), 1, date, ctx)).toThrow(
      expect.objectContaining({ code: 'MASKING_FAILED', sqlstate: 'PG020' }),
    );
  });
});
