import type pg from 'pg';
import PG from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeBinaryArray,
  encodeBinaryArray,
  parseTextArray,
  serializeTextArray,
} from '../../../../../proxy/masking/values/codecs/array.js';
import { encodeDate, encodeTimestamp } from '../../../../../proxy/masking/values/codecs/datetime.js';
import { encodeNumeric } from '../../../../../proxy/masking/values/codecs/numeric.js';
import { encodeInt, encodeUuid } from '../../../../../proxy/masking/values/codecs/scalars.js';
import { decodeCell } from '../../../../../proxy/masking/values/decode-cell.js';
import { OID } from '../../../../../proxy/masking/values/type-oids.js';
import { createTestDatabase, upstreamUrl } from '../../../../helpers/upstream.js';

/**
 * The binary decoders and encoders against PostgreSQL itself: decoders read what the server's
 * *_send functions produce and must equal the server's text output; encoders produce bytes the
 * server's *_recv functions accept (sent as binary parameters) and that print the same text.
 */
let client: pg.Client;

beforeAll(async () => {
  const db = await createTestDatabase('masking_codecs');
  client = new PG.Client({ connectionString: upstreamUrl(db) });
  await client.connect();
  await client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET extra_float_digits = 1`);
});
afterAll(async () => {
  await client?.end();
});

/** [type name, oid, send function, literals] */
const CASES: ReadonlyArray<[string, number, string, readonly string[]]> = [
  ['int2', OID.int2, 'int2send', ['0', '-1', '32767', '-32768', '1234']],
  ['int4', OID.int4, 'int4send', ['0', '2147483647', '-2147483648', '42']],
  ['int8', OID.int8, 'int8send', ['0', '9223372036854775807', '-9223372036854775808', '123456789012']],
  [
    'numeric',
    OID.numeric,
    'numeric_send',
    [
      '0',
      '0.00',
      '1',
      '-1',
      '123.45',
      '-0.0001',
      '10000',
      '100000000',
      '0.1',
      '12345678901234567890.123456789',
      '1e-20',
      '9999.9999',
      '1.5e10',
      'NaN',
      'Infinity',
      '-Infinity',
      '0.000000001',
      '-98765.4321000',
    ],
  ],
  [
    'float4',
    OID.float4,
    'float4send',
    ['0', '1.5', '-2.25', '3.4028235e38', '1e-7', '123456', '1234567', '0.1', 'NaN', 'Infinity', '-0'],
  ],
  [
    'float8',
    OID.float8,
    'float8send',
    [
      '0',
      '0.1',
      '-1.5',
      '1e15',
      '1e14',
      '123456789012345680',
      '1e-5',
      '0.0001',
      '2.2250738585072014e-308',
      '-Infinity',
      '3.141592653589793',
    ],
  ],
  ['bool', OID.bool, 'boolsend', ['true', 'false']],
  [
    'uuid',
    OID.uuid,
    'uuid_send',
    ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '00000000-0000-0000-0000-000000000000'],
  ],
  [
    'date',
    OID.date,
    'date_send',
    [
      '2000-01-01',
      '1984-03-15',
      '1999-12-31',
      '2024-02-29',
      '1900-01-01',
      '0044-03-15 BC',
      '10000-01-01',
      'infinity',
      '-infinity',
      '1582-10-04',
    ],
  ],
  [
    'timestamp',
    OID.timestamp,
    'timestamp_send',
    [
      '2000-01-01 00:00:00',
      '1984-03-15 10:30:00.123456',
      '1969-07-20 20:17:40',
      '2024-02-29 23:59:59.5',
      'infinity',
      '0100-01-01 00:00:00 BC',
    ],
  ],
  [
    'timestamptz',
    OID.timestamptz,
    'timestamptz_send',
    ['2000-01-01 00:00:00+00', '1984-03-15 10:30:00.25+00', '1960-01-01 12:00:00+02', '-infinity'],
  ],
  ['time', OID.time, 'time_send', ['00:00:00', '23:59:59.999999', '12:30:00']],
  ['bytea', OID.bytea, 'byteasend', ['\\x', '\\xdeadbeef']],
  ['inet', OID.inet, 'inet_send', ['10.2.3.4', '192.168.0.0/16', '2001:db8::1', '::1', 'fe80::1:2:0:0:3/64']],
  ['oid', OID.oid, 'oidsend', ['0', '4294967295']],
  ['jsonb', OID.jsonb, 'jsonb_send', ['{"a": 1, "b": [true, null, "x"]}', '"text"', '12345678901234567890']],
];

/** Cells exactly as the server sent them in text format (its *_out functions), bytea parsed to a Buffer. */
const wireText = {
  getTypeParser: (oid: number) => (oid === OID.bytea ? PG.types.getTypeParser(oid) : (v: string) => v),
} as unknown as pg.CustomTypesConfig;

describe('binary decoders match PostgreSQL text output', () => {
  for (const [type, oid, send, literals] of CASES) {
    it(`${type}`, async () => {
      for (const literal of literals) {
        const r = await client.query<{ bin: Buffer; txt: string }>({
          text: `SELECT ${send}($1::${type}) AS bin, $1::${type}${type === 'bytea' ? '::text' : ''} AS txt`,
          values: [literal],
          types: wireText,
        });
        const row = r.rows[0]!;
        expect(decodeCell(row.bin, 1, oid), `${type} ${literal}`).toBe(row.txt);
      }
    });
  }
});

async function serverText(type: string, bytes: Buffer): Promise<string> {
  const r = await client.query<{ txt: string }>(`SELECT $1::${type}::text AS txt`, [bytes]);
  return r.rows[0]!.txt;
}

describe('binary encoders produce what PostgreSQL reads back', () => {
  const encoders: ReadonlyArray<[string, (t: string) => Buffer, readonly string[]]> = [
    ['int2', (t) => encodeInt(t, 2), ['0', '-32768', '32767', '1234']],
    ['int4', (t) => encodeInt(t, 4), ['2147483647', '-7', '1000000000']],
    ['int8', (t) => encodeInt(t, 8), ['9223372036854775807', '-9223372036854775808', '8675309']],
    [
      'numeric',
      encodeNumeric,
      [
        '0',
        '0.00',
        '123.45',
        '-0.0001',
        '10000',
        '100000000',
        '12345678901234567890.123456789',
        '0.000000001',
        '9999.9999',
        '-98765.4321000',
        'NaN',
        'Infinity',
        '-Infinity',
        '42',
      ],
    ],
    ['uuid', encodeUuid, ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']],
    [
      'date',
      encodeDate,
      [
        '2000-01-01',
        '1984-01-01',
        '1999-12-31',
        '2024-02-29',
        '0044-03-15 BC',
        '10000-01-01',
        'infinity',
        '-infinity',
      ],
    ],
    [
      'timestamp',
      (t) => encodeTimestamp(t, false),
      [
        '1984-01-01 00:00:00',
        '2024-02-29 23:59:59.5',
        '1969-07-20 20:17:40.000001',
        '0100-01-01 00:00:00 BC',
        'infinity',
      ],
    ],
    [
      'timestamptz',
      (t) => encodeTimestamp(t, true),
      ['1984-01-01 00:00:00+00', '2024-06-01 00:00:00+00', '-infinity'],
    ],
  ];
  for (const [type, encode, values] of encoders) {
    it(`${type}`, async () => {
      for (const v of values) expect(await serverText(type, encode(v)), `${type} ${v}`).toBe(v);
    });
  }

  it('timestamptz with an offset is converted to UTC', async () => {
    expect(await serverText('timestamptz', encodeTimestamp('1984-01-01 00:00:00+02', true))).toBe(
      '1983-12-31 22:00:00+00',
    );
    expect(await serverText('timestamptz', encodeTimestamp('1984-01-01 00:00:00-05:30', true))).toBe(
      '1984-01-01 05:30:00+00',
    );
  });

  it('rejects malformed text instead of encoding garbage', () => {
    expect(() => encodeNumeric('12a')).toThrow(/masking could not process/);
    expect(() => encodeDate('15/03/1984')).toThrow(/masking could not process/);
    expect(() => encodeInt('70000', 2)).toThrow(/masking could not process/);
    expect(() => encodeUuid('not-a-uuid')).toThrow(/masking could not process/);
  });
});

describe('arrays', () => {
  const literals = [
    '{}',
    '{a,b,c}',
    '{"a b","",NULL,"null","quote\\"d","back\\\\slash","{brace}"}',
    '{{a,b},{c,NULL}}',
    '[0:1]={x,y}',
    '{"comma,inside",plain}',
  ];

  it('text format parse and serialize round-trips PostgreSQL output', async () => {
    for (const literal of literals) {
      const r = await client.query<{ txt: string }>('SELECT $1::text[]::text AS txt', [literal]);
      const txt = r.rows[0]!.txt;
      expect(serializeTextArray(parseTextArray(txt)), literal).toBe(txt);
    }
  });

  it('binary decode and encode round-trips array_send, and the server reads the result', async () => {
    for (const literal of literals) {
      const r = await client.query<{ bin: Buffer; txt: string }>(
        'SELECT array_send($1::text[]) AS bin, $1::text[]::text AS txt',
        [literal],
      );
      const { bin, txt } = r.rows[0]!;
      const encoded = encodeBinaryArray(decodeBinaryArray(bin));
      expect(encoded.equals(bin), literal).toBe(true);
      expect(await serverText('text[]', encoded)).toBe(txt);
    }
  });

  it('fails closed on malformed arrays', () => {
    expect(() => parseTextArray('{a,b')).toThrow(/masking could not process/);
    expect(() => parseTextArray('{"a}')).toThrow(/masking could not process/);
    expect(() => decodeBinaryArray(Buffer.alloc(5))).toThrow(/masking could not process/);
  });
});

describe('decodeCell', () => {
  it('returns undefined for binary cells of unknown types and text for text cells', () => {
    expect(decodeCell(Buffer.from([1, 2, 3]), 1, 600 /* point */)).toBeUndefined();
    expect(decodeCell(Buffer.from('(1,2)'), 0, 600)).toBe('(1,2)');
  });
  it('rejects wrong lengths (fail closed)', () => {
    expect(() => decodeCell(Buffer.alloc(3), 1, OID.int4)).toThrow(/masking could not process/);
    expect(() => decodeCell(Buffer.alloc(5), 1, OID.date)).toThrow(/masking could not process/);
    expect(() => decodeCell(Buffer.alloc(7), 1, OID.numeric)).toThrow(/masking could not process/);
  });
});
