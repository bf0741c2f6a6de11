import { describe, expect, it } from 'vitest';
import {
  maskServerMessage,
  parseServerMessage,
  type ServerMessagePolicy,
} from '../../../../../proxy/masking/wire/index.js';
import { frame } from './frames.js';

/** Texts as PostgreSQL 18 writes them (the integration test provokes each one on the server). */
const SSN = '123-45-6789';

const message = (fields: Record<string, string>, type: 'E' | 'N' = 'E') =>
  frame(
    type,
    Buffer.concat([
      ...Object.entries(fields).map(([c, v]) => Buffer.from(`${c}${v}\0`, 'utf8')),
      Buffer.from([0]),
    ]),
  );

const freeTextCalls: string[] = [];
const policy = (phiColumns: ServerMessagePolicy['phiColumns'], extra: Partial<ServerMessagePolicy> = {}) => ({
  phiColumns,
  freeText: (t: string) => {
    freeTextCalls.push(t);
    return t.replace(/\d{3}-\d{2}-\d{4}/g, '[SSN]');
  },
  ...extra,
});

function mask(fields: Record<string, string>, p: ServerMessagePolicy): Record<string, string> {
  freeTextCalls.length = 0;
  return Object.fromEntries(parseServerMessage(maskServerMessage(message(fields), p)).fields);
}
const detailOf = (detail: string, p: ServerMessagePolicy, code = '23505') =>
  mask({ C: code, D: detail }, p).D;
const messageOf = (m: string, p: ServerMessagePolicy, code = '22P02') => mask({ C: code, M: m }, p).M;

describe('key details', () => {
  const ssnPhi = policy(new Set(['ssn', 'during', 'Weird, Col']));

  it('masks the values of PHI key columns and runs the detectors on the others', () => {
    expect(detailOf(`Key (ssn)=(${SSN}) already exists.`, ssnPhi)).toBe(
      'Key (ssn)=([REDACTED]) already exists.',
    );
    expect(detailOf(`Key (mrn)=(MRN 1 ${SSN}) already exists.`, ssnPhi)).toBe(
      'Key (mrn)=(MRN 1 [SSN]) already exists.',
    );
    expect(detailOf(`Key (room, ssn)=(1, ${SSN}) is duplicated.`, ssnPhi)).toBe(
      'Key (room, ssn)=(1, [REDACTED]) is duplicated.',
    );
    expect(detailOf(`Key (pid)=(99) is not present in table "p".`, ssnPhi, '23503')).toBe(
      'Key (pid)=(99) is not present in table "p".',
    );
    expect(detailOf(`Key (ssn)=(${SSN}) is still referenced from table "e".`, ssnPhi, '23503')).toBe(
      'Key (ssn)=([REDACTED]) is still referenced from table "e".',
    );
  });

  it('masks every value when the split is ambiguous (a value or name with ", ")', () => {
    expect(detailOf(`Key ("Weird, Col", ssn)=(a, b, ${SSN}) is duplicated.`, ssnPhi)).toBe(
      'Key ("Weird, Col", ssn)=([REDACTED], [REDACTED]) is duplicated.',
    );
    expect(detailOf(`Key (room, ssn)=(1, 2, ${SSN}) already exists.`, ssnPhi)).toBe(
      'Key (room, ssn)=([REDACTED], [REDACTED]) already exists.',
    );
  });

  it('treats an expression as PHI when the statement touches PHI', () => {
    expect(detailOf('Key (lower(email))=(a@x.com) already exists.', ssnPhi)).toBe(
      'Key (lower(email))=([REDACTED]) already exists.',
    );
    expect(detailOf('Key (lower(email))=(a@x.com) already exists.', policy(new Set()))).toBe(
      'Key (lower(email))=(a@x.com) already exists.',
    );
  });

  it('masks both rows of an exclusion conflict', () => {
    const d =
      'Key (room, during)=(1, ["2020-01-01 00:00:00","2020-01-03 00:00:00")) conflicts with existing key (room, during)=(1, ["2020-01-01 00:00:00","2020-01-02 00:00:00")).';
    expect(detailOf(d, ssnPhi, '23P01')).toBe(
      'Key (room, during)=(1, [REDACTED]) conflicts with existing key (room, during)=(1, [REDACTED]).',
    );
    expect(detailOf(`Key (ssn)=(${SSN}) conflicts with key (ssn)=(${SSN}).`, ssnPhi, '23P01')).toBe(
      'Key (ssn)=([REDACTED]) conflicts with key (ssn)=([REDACTED]).',
    );
  });

  it('masks a value crafted to look like the template', () => {
    const crafted = `Key (ssn)=(x) conflicts with existing key (ssn)=(y) conflicts with existing key (ssn)=(${SSN}).`;
    expect(detailOf(crafted, ssnPhi, '23P01')).not.toContain(SSN);
    expect(detailOf(`Key (ssn)=(${SSN}) already exists.) already exists.`, ssnPhi)).toBe(
      'Key (ssn)=([REDACTED]) already exists.',
    );
  });

  it('masks partition keys', () => {
    expect(detailOf(`Partition key of the failing row contains (ssn) = (${SSN}).`, ssnPhi, '23514')).toBe(
      'Partition key of the failing row contains (ssn) = ([REDACTED]).',
    );
  });

  it('masks everything when all values are PHI, with the configured token', () => {
    const all = policy('all', { token: (c) => (c === 'mrn' ? '[MRN]' : '[PHI]') });
    expect(detailOf('Key (mrn, k)=(M1, 2) already exists.', all)).toBe(
      'Key (mrn, k)=([MRN], [PHI]) already exists.',
    );
  });

  it('redacts a Key detail it cannot read when the statement touches PHI', () => {
    expect(detailOf(`Key (ssn)=(${SSN}) is something new.`, ssnPhi)).toBe('Key [REDACTED].');
    expect(detailOf(`Key (ssn)=(${SSN}) is something new.`, policy(new Set()))).toBe(
      'Key (ssn)=([SSN]) is something new.',
    );
  });
});

describe('failing rows', () => {
  const d = `Failing row contains (3, ${SSN}, null, Ann Lee).`;
  it('redacts the whole row when the table has a PHI column', () => {
    expect(detailOf(d, policy(new Set(['ssn'])), '23502')).toBe('Failing row contains ([REDACTED]).');
    expect(detailOf(d, policy('all'), '44000')).toBe('Failing row contains ([REDACTED]).');
  });

  it('asks tableHasPhi with the table and schema fields, and runs the detectors otherwise', () => {
    const asked: unknown[] = [];
    const p = policy(new Set(['ssn']), {
      tableHasPhi: (t, s) => {
        asked.push([t, s]);
        return t === 'patients';
      },
    });
    expect(mask({ C: '23514', D: d, s: 'public', t: 'notes' }, p).D).toBe(
      'Failing row contains (3, [SSN], null, Ann Lee).',
    );
    expect(mask({ C: '23514', D: d, s: 'public', t: 'patients' }, p).D).toBe(
      'Failing row contains ([REDACTED]).',
    );
    expect(asked).toEqual([
      ['notes', 'public'],
      ['patients', 'public'],
    ]);
    expect(detailOf(d, policy(new Set()), '23502')).toBe('Failing row contains (3, [SSN], null, Ann Lee).');
  });
});

describe('data exceptions (class 22)', () => {
  const phi = policy(new Set(['ssn']));
  const none = policy(new Set());

  it.each([
    [
      `invalid input syntax for type integer: "${SSN}"`,
      'invalid input syntax for type integer: "[REDACTED]"',
    ],
    [
      `invalid input syntax for type double precision: "a"b: "c"`,
      'invalid input syntax for type double precision: "[REDACTED]"',
    ],
    [`invalid input value for enum mood: "${SSN}"`, 'invalid input value for enum mood: "[REDACTED]"'],
    [
      'value "99999999999" is out of range for type integer',
      'value "[REDACTED]" is out of range for type integer',
    ],
    ['date/time field value out of range: "2020-13-45"', 'date/time field value out of range: "[REDACTED]"'],
    ['malformed array literal: "{1,2"', 'malformed array literal: "[REDACTED]"'],
    ['malformed range literal: "[123,45"', 'malformed range literal: "[REDACTED]"'],
    ['invalid value "x/" for "DD"', 'invalid value "[REDACTED]" for "DD"'],
    ['"x" is not a valid hexadecimal digit', '"[REDACTED]" is not a valid hexadecimal digit'],
    [
      'invalid byte sequence for encoding "UTF8": 0xff',
      'invalid byte sequence for encoding "UTF8": [REDACTED]',
    ],
    ['time zone "Ann Lee" not recognized', 'time zone "[REDACTED]" not recognized'],
    [
      `invalid input syntax for type integer: "1\n${SSN}"`,
      'invalid input syntax for type integer: "[REDACTED]"',
    ],
  ])('redacts the input in %s', (text, expected) => {
    expect(messageOf(text, phi, '22P02')).toBe(expected);
    expect(messageOf(text, none, '22P02')).toBe(text.replaceAll(SSN, '[SSN]'));
  });

  it('keeps messages that quote nothing, and masks JSON and XML details and context', () => {
    expect(messageOf('division by zero', phi, '22012')).toBe('division by zero');
    expect(mask({ C: '22P02', D: 'Token "abc" is invalid.' }, phi).D).toBe('Token "[REDACTED]" is invalid.');
    expect(mask({ C: '22P02', D: 'Expected "," or "}", but found "-45".' }, phi).D).toBe(
      'Expected "," or "}", but found "[REDACTED]".',
    );
    expect(mask({ C: '22P02', W: 'JSON data, line 1: {"a": 123-45...' }, phi).W).toBe(
      'JSON data, line 1: [REDACTED]',
    );
    expect(
      mask({ C: '2200M', D: `line 1: Premature end of data in tag a line 1\n<a>${SSN}\n   ^` }, phi).D,
    ).toBe('line 1: Premature end of data in tag a line 1\n[REDACTED]');
  });

  it('leaves other SQLSTATE classes to the detectors', () => {
    expect(messageOf(`column "x" does not exist, "${SSN}"`, phi, '42703')).toBe(
      'column "x" does not exist, "[SSN]"',
    );
  });
});

describe('COPY context and notices', () => {
  const phi = policy(new Set(['ssn']));
  it('masks a field value by its column and whole lines when the statement touches PHI', () => {
    expect(mask({ C: '22P02', W: `COPY p, line 2, column ssn: "${SSN}x"` }, phi).W).toBe(
      'COPY p, line 2, column ssn: "[REDACTED]"',
    );
    expect(mask({ C: '22P02', W: 'COPY p, line 2, column id: "x"' }, phi).W).toBe(
      'COPY p, line 2, column id: "x"',
    );
    expect(mask({ C: '22P04', W: `COPY p, line 1: "3\tabc\t${SSN}"` }, phi).W).toBe(
      'COPY p, line 1: "[REDACTED]"',
    );
    expect(mask({ C: '22P04', W: `COPY p, line 1: "3\tabc\t${SSN}"` }, policy(new Set())).W).toBe(
      'COPY p, line 1: "3\tabc\t[SSN]"',
    );
    expect(mask({ C: '23502', W: 'COPY p, line 1, column ssn: null input' }, phi).W).toBe(
      'COPY p, line 1, column ssn: null input',
    );
    const notice = `skipping row due to data type incompatibility at line 1 for column "ssn": "${SSN}"`;
    expect(mask({ C: '00000', M: notice }, phi).M).toBe(
      'skipping row due to data type incompatibility at line 1 for column "ssn": "[REDACTED]"',
    );
  });

  it('handles each line of a context stack on its own', () => {
    const w = `SQL statement "insert into p values ('${SSN}')"\nPL/pgSQL function f(text) line 3 at SQL statement`;
    expect(mask({ C: 'P0001', W: w }, phi).W).toBe(
      `SQL statement "insert into p values ('[SSN]')"\nPL/pgSQL function f(text) line 3 at SQL statement`,
    );
  });
});

describe('everything else', () => {
  it('runs RAISE texts, hints, internal queries and unknown fields through the detectors', () => {
    const out = mask(
      {
        S: 'ERROR',
        C: 'P0001',
        M: `patient has ssn ${SSN}`,
        D: SSN,
        H: `call ${SSN}`,
        q: `select '${SSN}'`,
        Z: SSN,
      },
      policy(new Set(['ssn'])),
    );
    expect(out).toEqual({
      S: 'ERROR',
      C: 'P0001',
      M: 'patient has ssn [SSN]',
      D: '[SSN]',
      H: 'call [SSN]',
      q: "select '[SSN]'",
      Z: '[SSN]',
    });
  });

  it('keeps PostgreSQL wording and names, and still runs names through the detectors (RAISE can set them)', () => {
    const fields = {
      S: 'ERROR',
      C: '23502',
      M: 'null value in column "ssn" of relation "patients" violates not-null constraint',
      s: 'public',
      t: 'patients',
      c: 'ssn',
    };
    expect(mask(fields, policy(new Set(['ssn'])))).toEqual(fields);
    expect(freeTextCalls).toEqual([fields.M, 'public', 'patients', 'ssn']);
    const raised = mask(
      {
        S: 'ERROR',
        C: '23505',
        M: `duplicate key value violates unique constraint "${SSN}"`,
        t: SSN,
        n: SSN,
      },
      policy(new Set()),
    );
    expect(raised).toEqual({
      S: 'ERROR',
      C: '23505',
      M: 'duplicate key value violates unique constraint "[SSN]"',
      t: '[SSN]',
      n: '[SSN]',
    });
  });

  it('returns the same frame when there is nothing to mask', () => {
    const f = message({ S: 'NOTICE', C: '00000', M: 'relation "x" already exists, skipping' }, 'N');
    expect(maskServerMessage(f, policy(new Set(['ssn'])))).toBe(f);
  });
});
