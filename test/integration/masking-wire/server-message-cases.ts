/**
 * The ErrorResponse / NoticeResponse cases of server-messages.test.ts: the statement that makes
 * PostgreSQL 18 send the message, the fields it sends (as captured), and the fields after masking.
 */

export const SSN = '219-45-6789';
export const SSN2 = '219-45-6780';

export interface Case {
  name: string;
  sql: string | { copy: string; data: string };
  /** The PHI values the raw message quotes. */
  phi: string[];
  /** Fields of the raw message, as PostgreSQL 18 writes them. */
  raw: Record<string, string>;
  /** The same fields after masking. */
  masked: Record<string, string>;
  type?: 'E' | 'N';
}

export const CASES: Case[] = [
  {
    name: 'unique violation',
    sql: `insert into p (id, ssn, name) values (3, '${SSN}', 'x')`,
    phi: [SSN],
    raw: { C: '23505', D: `Key (ssn)=(${SSN}) already exists.` },
    masked: {
      D: 'Key (ssn)=([SSN]) already exists.',
      M: 'duplicate key value violates unique constraint "p_ssn_key"',
    },
  },
  {
    name: 'unique violation on an expression index',
    sql: `insert into p (id, ssn, name, email) values (3, 'n1', 'x', 'maria@X.com')`,
    phi: ['maria@x.com'],
    raw: { D: 'Key (lower(email))=(maria@x.com) already exists.' },
    masked: { D: 'Key (lower(email))=([REDACTED]) already exists.' },
  },
  {
    name: 'unique violation over a column whose name and value hold ", "',
    sql: `insert into w values ('a, b', '${SSN}')`,
    phi: [SSN],
    raw: { C: '23505', D: `Key ("Weird, Col", ssn)=(a, b, ${SSN}) already exists.` },
    masked: { D: 'Key ("Weird, Col", ssn)=([REDACTED], [SSN]) already exists.' },
  },
  {
    name: 'foreign key, insert',
    sql: `insert into e values (2, '${SSN.replace('9', '8')}')`,
    phi: [SSN.replace('9', '8')],
    raw: { C: '23503', D: `Key (pssn)=(${SSN.replace('9', '8')}) is not present in table "p".` },
    masked: { D: 'Key (pssn)=([SSN]) is not present in table "p".' },
  },
  {
    name: 'foreign key, delete',
    sql: `delete from p where id = 1`,
    phi: [SSN],
    raw: { C: '23503', D: `Key (ssn)=(${SSN}) is still referenced from table "e".` },
    masked: { D: 'Key (ssn)=([SSN]) is still referenced from table "e".' },
  },
  {
    name: 'exclusion constraint',
    sql: `insert into p (id, ssn, name, room, visit) values (3, 'n3', 'x', 1, '[2020-01-02,2020-01-03)')`,
    phi: ['2020-01-02', '2020-01-01'],
    raw: {
      C: '23P01',
      D: 'Key (room, visit)=(1, ["2020-01-02 00:00:00","2020-01-03 00:00:00")) conflicts with existing key (room, visit)=(1, ["2020-01-01 00:00:00","2020-01-05 00:00:00")).',
    },
    masked: {
      D: 'Key (room, visit)=(1, [REDACTED]) conflicts with existing key (room, visit)=(1, [REDACTED]).',
    },
  },
  {
    name: 'adding an exclusion constraint',
    sql: 'alter table dup add constraint dup_x exclude (ssn with =)',
    phi: [SSN],
    raw: { C: '23P01', D: `Key (ssn)=(${SSN}) conflicts with key (ssn)=(${SSN}).` },
    masked: { D: 'Key (ssn)=([SSN]) conflicts with key (ssn)=([SSN]).' },
  },
  {
    name: 'creating a unique index over duplicates',
    sql: 'create unique index on dup (ssn)',
    phi: [SSN],
    raw: { C: '23505', D: `Key (ssn)=(${SSN}) is duplicated.` },
    masked: { D: 'Key (ssn)=([SSN]) is duplicated.' },
  },
  {
    name: 'not-null violation',
    sql: `insert into p (id, ssn, name) values (4, '${SSN}9', null)`,
    phi: [`${SSN}9`],
    raw: { C: '23502', D: `Failing row contains (4, ${SSN}9, null, null, null, null, null, null, null).` },
    masked: {
      M: 'null value in column "name" of relation "p" violates not-null constraint',
      D: 'Failing row contains ([REDACTED]).',
    },
  },
  {
    name: 'check constraint',
    sql: `insert into p (id, ssn, name, age) values (4, '${SSN}9', 'Ann Lee', 200)`,
    phi: [`${SSN}9`, 'Ann Lee'],
    raw: { C: '23514', M: 'new row for relation "p" violates check constraint "p_age_check"' },
    masked: { D: 'Failing row contains ([REDACTED]).' },
  },
  {
    name: 'view check option',
    sql: `insert into adults (id, ssn, name, age) values (4, '${SSN}9', 'Ann Lee', 3)`,
    phi: [`${SSN}9`],
    raw: { C: '44000', M: 'new row violates check option for view "adults"' },
    masked: { D: 'Failing row contains ([REDACTED]).' },
  },
  {
    name: 'no partition for the row',
    sql: `insert into part values ('${SSN}', 1)`,
    phi: [SSN],
    raw: { C: '23514', D: `Partition key of the failing row contains (ssn) = (${SSN}).` },
    masked: { D: 'Partition key of the failing row contains (ssn) = ([SSN]).' },
  },
  {
    name: 'invalid input syntax',
    sql: 'select ssn::int from p',
    phi: [SSN],
    raw: { C: '22P02', M: `invalid input syntax for type integer: "${SSN}"` },
    masked: { M: 'invalid input syntax for type integer: "[REDACTED]"' },
  },
  {
    name: 'value out of range',
    sql: `select ('9' || replace(ssn, '-', ''))::int from p`,
    phi: ['9219456789'],
    raw: { C: '22003', M: 'value "9219456789" is out of range for type integer' },
    masked: { M: 'value "[REDACTED]" is out of range for type integer' },
  },
  {
    name: 'date/time field value out of range',
    sql: `select ('2020-' || left(ssn, 2) || '-45')::date from p`,
    phi: ['2020-21-45'],
    raw: { C: '22008', M: 'date/time field value out of range: "2020-21-45"' },
    masked: { M: 'date/time field value out of range: "[REDACTED]"' },
  },
  {
    name: 'invalid enum value',
    sql: 'select ssn::mood from p',
    phi: [SSN],
    raw: { C: '22P02', M: `invalid input value for enum mood: "${SSN}"` },
    masked: { M: 'invalid input value for enum mood: "[REDACTED]"' },
  },
  {
    name: 'malformed array literal',
    sql: `select ('{' || ssn)::int[] from p`,
    phi: [SSN],
    raw: { C: '22P02', M: `malformed array literal: "{${SSN}"` },
    masked: { M: 'malformed array literal: "[REDACTED]"' },
  },
  {
    name: 'invalid JSON',
    sql: 'select ssn::json from p',
    phi: ['-45', '219-45'],
    raw: { C: '22P02', D: 'Expected end of input, but found "-45".', W: 'JSON data, line 1: 219-45...' },
    masked: { D: 'Expected end of input, but found "[REDACTED]".', W: 'JSON data, line 1: [REDACTED]' },
  },
  {
    name: 'invalid XML',
    sql: `select xmlparse(document '<a>' || ssn) from p`,
    phi: [SSN],
    raw: { C: '2200M', M: 'invalid XML document' },
    masked: { M: 'invalid XML document' },
  },
  {
    name: 'to_date over a whole value',
    sql: `select to_date(ssn, 'DD-MM-YYYY') from p`,
    phi: [SSN],
    raw: { C: '22008', M: `date/time field value out of range: "${SSN}"` },
    masked: { M: 'date/time field value out of range: "[REDACTED]"' },
  },
  {
    name: 'to_date with a bad field',
    sql: `select to_date(name, 'MM') from p`,
    phi: ['"Ma"'],
    raw: { C: '22007', M: 'invalid value "Ma" for "MM"' },
    masked: { M: 'invalid value "[REDACTED]" for "MM"' },
  },
  {
    name: 'value too long (quotes nothing)',
    sql: `select ssn::varchar(3) from p; insert into p (id, ssn, name, "Weird, Col") values (9, 'z', 'z', 'y'); create table v (s varchar(5)); insert into v select ssn from p`,
    phi: [],
    raw: { C: '22001', M: 'value too long for type character varying(5)' },
    masked: { M: 'value too long for type character varying(5)' },
  },
  {
    name: 'COPY FROM, bad value in a column',
    sql: { copy: 'copy p (id, ssn, name) from stdin', data: `${SSN}\tx\ty\n` },
    phi: [SSN],
    raw: { C: '22P02', W: `COPY p, line 1, column id: "${SSN}"` },
    masked: {
      W: 'COPY p, line 1, column id: "[SSN]"',
      M: 'invalid input syntax for type integer: "[REDACTED]"',
    },
  },
  {
    name: 'COPY FROM, a whole line quoted',
    sql: { copy: 'copy p (id, ssn, name) from stdin', data: `7\t${SSN}\n` },
    phi: [SSN],
    raw: { C: '22P04', M: 'missing data for column "name"', W: `COPY p, line 1: "7\t${SSN}"` },
    masked: { W: 'COPY p, line 1: "[REDACTED]"' },
  },
  {
    name: 'COPY FROM ON_ERROR notice, column without PHI',
    type: 'N',
    sql: {
      copy: 'copy p (ssn, id, name) from stdin with (on_error ignore, log_verbosity verbose)',
      data: `${SSN}0\tnot-a-number\tx\n`,
    },
    phi: [],
    raw: {
      C: '00000',
      M: 'skipping row due to data type incompatibility at line 1 for column "id": "not-a-number"',
    },
    masked: { M: 'skipping row due to data type incompatibility at line 1 for column "id": "not-a-number"' },
  },
  {
    name: 'COPY FROM ON_ERROR notice, PHI column',
    type: 'N',
    sql: {
      copy: 'copy p (id, ssn, name, visit) from stdin with (on_error ignore, log_verbosity verbose)',
      data: `5\tz\tx\tnot a range ${SSN}\n`,
    },
    phi: [SSN],
    raw: {
      M: `skipping row due to data type incompatibility at line 1 for column "visit": "not a range ${SSN}"`,
    },
    masked: { M: 'skipping row due to data type incompatibility at line 1 for column "visit": "[REDACTED]"' },
  },
  {
    name: 'RAISE with free text',
    sql: `do $$ begin raise exception 'patient Maria Lopez has ssn %', '${SSN}' using detail = 'ssn ${SSN}', hint = 'call (617) 555-0134'; end $$`,
    phi: [SSN, '555-0134'],
    raw: {
      C: 'P0001',
      M: `patient Maria Lopez has ssn ${SSN}`,
      W: 'PL/pgSQL function inline_code_block line 1 at RAISE',
    },
    masked: { D: 'ssn [SSN]', W: 'PL/pgSQL function inline_code_block line 1 at RAISE' },
  },
  {
    name: 'RAISE NOTICE',
    type: 'N',
    sql: `do $$ begin raise notice 'ssn: %', '${SSN}'; end $$`,
    phi: [SSN],
    raw: { C: '00000', M: `ssn: ${SSN}` },
    masked: { M: 'ssn: [SSN]' },
  },
];
