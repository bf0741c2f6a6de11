import { describe, expect, it } from 'vitest';
import {
  MalformedMessageError,
  parseRowDescription,
  rewriteRowDescription,
} from '../../../../../proxy/masking/wire/index.js';
import { frame, rowDescription } from './frames.js';

const fields = [
  { name: 'patient_id', tableOid: 16385, attnum: 1, typeOid: 23, typeSize: 4, typmod: -1, format: 0 },
  { name: 'ssn', tableOid: 16385, attnum: 7, typeOid: 1043, typeSize: -1, typmod: 15, format: 1 },
  { name: 'dob', tableOid: 4294967295, attnum: -3, typeOid: 1082, typeSize: 4, typmod: -1, format: 0 },
  { name: 'naïve "col"', tableOid: 0, attnum: 0, typeOid: 3802, typeSize: -1, typmod: -1, format: 1 },
];

describe('parseRowDescription', () => {
  it('reads every field of every column, unsigned OIDs and UTF-8 names included', () => {
    expect(parseRowDescription(rowDescription(fields))).toEqual(fields);
  });

  it('reads a description with no columns', () => {
    expect(parseRowDescription(rowDescription([]))).toEqual([]);
  });

  it.each([
    ['truncated fixed part', (f: Buffer) => frame('T', f.subarray(5, f.length - 3))],
    ['trailing bytes', (f: Buffer) => frame('T', Buffer.concat([f.subarray(5), Buffer.from([0])]))],
    ['unterminated name', () => frame('T', Buffer.from([0, 1, 0x61, 0x62]))],
    ['negative count', () => frame('T', Buffer.from([0xff, 0xff]))],
    [
      'count larger than the fields',
      (f: Buffer) => {
        const b = Buffer.from(f);
        b.writeInt16BE(5, 5);
        return b;
      },
    ],
    [
      'wrong length word',
      (f: Buffer) => {
        const b = Buffer.from(f);
        b.writeInt32BE(b.length, 1);
        return b;
      },
    ],
    ['wrong type', (f: Buffer) => Buffer.concat([Buffer.from('D'), f.subarray(1)])],
  ])('refuses a malformed message: %s', (_name, make) => {
    expect(() => parseRowDescription(make(rowDescription(fields)))).toThrow(MalformedMessageError);
  });
});

describe('rewriteRowDescription', () => {
  it('returns the same buffer when nothing changes', () => {
    const f = rowDescription(fields);
    expect(rewriteRowDescription(f, new Map())).toBe(f);
    // A change to what the column already announces is no change.
    expect(rewriteRowDescription(f, new Map([[0, { typeOid: 23, typeSize: 4, typmod: -1 }]]))).toBe(f);
  });

  it('announces text for the changed columns and keeps everything else', () => {
    const f = rowDescription(fields);
    const before = Buffer.from(f);
    const out = rewriteRowDescription(
      f,
      new Map([
        [1, { typeOid: 25, typeSize: -1, typmod: -1 }],
        [3, { typeOid: 25, typeSize: -1, typmod: -1 }],
      ]),
    );
    expect(out).not.toBe(f);
    expect(f.equals(before)).toBe(true); // the input is not modified
    expect(parseRowDescription(out)).toEqual([
      fields[0],
      { ...fields[1], typeOid: 25, typeSize: -1, typmod: -1 },
      fields[2],
      { ...fields[3], typeOid: 25, typeSize: -1, typmod: -1 },
    ]);
  });

  it('refuses a change for a column the message does not have', () => {
    const f = rowDescription(fields);
    expect(() => rewriteRowDescription(f, new Map([[4, { typeOid: 25, typeSize: -1, typmod: -1 }]]))).toThrow(
      MalformedMessageError,
    );
    expect(() =>
      rewriteRowDescription(f, new Map([[-1, { typeOid: 25, typeSize: -1, typmod: -1 }]])),
    ).toThrow(MalformedMessageError);
  });

  it('refuses a malformed message even with no change', () => {
    expect(() => rewriteRowDescription(Buffer.from('T\0\0\0\x09\0'), new Map())).toThrow(
      MalformedMessageError,
    );
  });
});
