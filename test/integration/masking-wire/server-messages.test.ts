/**
 * Every ErrorResponse / NoticeResponse template the masker reads, provoked on PostgreSQL 18 and
 * captured as the server sent it: the raw frame quotes the PHI value (so each case can fail), the
 * masked frame does not, and the masked text is exactly what the template promises.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../../../proxy/masking/detectors/index.js';
import { maskFreeText, methodResolver } from '../../../proxy/masking/methods/index.js';
import {
  maskServerMessage,
  parseServerMessage,
  type ServerMessagePolicy,
} from '../../../proxy/masking/wire/index.js';
import { createTestDatabase, upstreamUrl } from '../../helpers/upstream.js';
import { CASES, SSN, SSN2 } from './server-message-cases.js';
import { type Frame, UpstreamFrames } from './upstream-frames.js';

const detector = createDetector();
const methodFor = methodResolver();
const policy: ServerMessagePolicy = {
  phiColumns: new Set(['ssn', 'pssn', 'visit', 'name', 'notes']),
  token: (c) => (c === 'ssn' || c === 'pssn' ? '[SSN]' : '[REDACTED]'),
  freeText: (t) => maskFreeText(t, detector.detect(t), methodFor, {}).text,
};

let db: string;
let up: UpstreamFrames;

beforeAll(async () => {
  db = await createTestDatabase('masking_wire_errors');
  const c = new pg.Client({ connectionString: upstreamUrl(db) });
  await c.connect();
  for (const sql of [
    'create extension if not exists btree_gist',
    `create table p (id int primary key, ssn text unique, name text not null, age int check (age < 150),
       email text, "Weird, Col" text, room int, visit tsrange, notes text)`,
    'create unique index p_email on p (lower(email))',
    'create unique index p_weird on p ("Weird, Col", ssn)',
    'alter table p add constraint p_room_visit exclude using gist (room with =, visit with &&)',
    'create table e (id int, pssn text references p (ssn))',
    'create table part (ssn text, v int) partition by list (ssn)',
    `create table part_a partition of part for values in ('a')`,
    'create view adults as select * from p where age >= 18 with check option',
    `create type mood as enum ('ok')`,
    `create table dup (ssn text)`,
    `create table w ("Weird, Col" text, ssn text, unique ("Weird, Col", ssn))`,
    `insert into w values ('a, b', '${SSN}')`,
    `insert into dup values ('${SSN}'), ('${SSN}')`,
    `insert into p values (1, '${SSN}', 'Maria Lopez', 40, 'Maria@x.com', 'a, b', 1, '[2020-01-01,2020-01-05)', 'x'),
       (2, '${SSN2}', 'John Ng', 30, null, 'a, b', 2, null, null)`,
    `insert into e values (1, '${SSN}')`,
  ]) {
    await c.query(sql);
  }
  await c.end();
  up = await UpstreamFrames.open(db);
});
afterAll(() => up?.close());

function serverMessage(frames: Frame[], type: 'E' | 'N' = 'E'): Buffer {
  const f = frames.find((x) => x.type === type);
  if (!f) throw new Error(`no ${type} message`);
  return f.bytes;
}
const fieldsOf = (frame: Buffer) => Object.fromEntries(parseServerMessage(frame).fields);

describe('server messages from PostgreSQL 18', () => {
  it.each(CASES)('$name', async (c) => {
    const frames =
      typeof c.sql === 'string'
        ? await up.query(c.sql)
        : await up.copyIn(c.sql.copy, Buffer.from(c.sql.data));
    const raw = serverMessage(frames, c.type);
    const rawFields = fieldsOf(raw);
    expect(rawFields).toMatchObject(c.raw);
    const out = maskServerMessage(raw, policy);
    const outFields = fieldsOf(out);
    expect(outFields).toMatchObject(c.masked);
    for (const v of c.phi) {
      expect(raw.includes(Buffer.from(v))).toBe(true);
      expect(out.includes(Buffer.from(v))).toBe(false);
    }
    // Names and SQLSTATE survive.
    for (const k of ['C', 'S', 'V', 's', 't', 'c', 'n']) expect(outFields[k]).toBe(rawFields[k]);
    if (c.phi.length === 0) expect(out).toBe(raw);
  });
});
