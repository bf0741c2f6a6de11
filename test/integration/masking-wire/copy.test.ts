/**
 * COPY TO STDOUT masking against PostgreSQL 18's own COPY streams (text, CSV with several option
 * sets, binary): identity masking gives back PostgreSQL's bytes exactly, the values a transform
 * sees are the stored values, and a masked stream fed back to PostgreSQL's COPY FROM reads as
 * exactly the values the transform returned.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCopyFormat,
  type CellTransform,
  type CopyOptions,
  copyOptionsFromStatement,
  createCopyMasker,
  parseCopyOutResponse,
  UnsupportedCopyError,
} from '../../../proxy/masking/wire/index.js';
import { loadSqlParser, parseSql } from '../../../proxy/sql/parser.js';
import { createTestDatabase, upstreamUrl } from '../../helpers/upstream.js';
import { copyStream, type Frame, ofType, UpstreamFrames } from './upstream-frames.js';

/** Values chosen to hit every escaping rule of text and CSV. */
const NASTY = [
  'plain',
  '',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  'NULL',
  '\\.',
  'comma, "quoted"',
  "semi;colon|pipe 'single'",
  'ctl\b\f\v\x01',
  'ünï €',
  '"',
];

let db: string;
let client: pg.Client;
let up: UpstreamFrames;

beforeAll(async () => {
  await loadSqlParser();
  db = await createTestDatabase('masking_wire_copy');
  client = new pg.Client({ connectionString: upstreamUrl(db) });
  await client.connect();
  await client.query('create table t (id int, a text, b text, n int)');
  await client.query('create table back (id int, a text, b text, n int)');
  for (const [i, v] of NASTY.entries()) {
    await client.query('insert into t values ($1, $2, $3, $4)', [i, v, NASTY[(i + 3) % NASTY.length], i * 7]);
  }
  await client.query(`insert into t values (100, null, '', null), (101, '', null, 0)`);
  await client.query(`create table single (v text)`);
  await client.query(`insert into single values ('\\.'), (''), (null), ('x')`);
  up = await UpstreamFrames.open(db);
});
afterAll(async () => {
  up?.close();
  await client?.end();
});

async function copyOut(sql: string): Promise<{ frames: Frame[]; response: Buffer }> {
  const frames = await up.query(sql);
  const err = frames.find((f) => f.type === 'E');
  if (err) throw new Error(`COPY failed: ${err.bytes.toString('utf8', 5)}`);
  return { frames, response: ofType(frames, 'H')[0]! };
}

function masked(sql: string, frames: Frame[], response: Buffer, columns: (CellTransform | undefined)[]) {
  const options = copyOptionsFromStatement(parseSql(sql).stmts?.[0]?.stmt);
  const description = parseCopyOutResponse(response);
  assertCopyFormat(description, options.format);
  expect(description.columnFormats.length).toBe(columns.length);
  const m = createCopyMasker({ ...options, columns });
  const out = ofType(frames, 'd').map((f) => m.copyData(f));
  m.end();
  return { options, stream: Buffer.concat(out.map((f) => f.subarray(5))) };
}

const identity: CellTransform = (c) => Buffer.from(c);

/**
 * What a value becomes through COPY: in text format a value spelled like the null string (here
 * 'NULL') is written exactly like NULL, so PostgreSQL itself reads it back as NULL and the masker
 * cannot tell it from NULL either. CSV quotes such values.
 */
const asCopied = (options: CopyOptions) => (v: string | null) =>
  options.format === 'text' && v === options.text?.null && !/[\\\x00-\x1f]/.test(v) ? null : v;

/** The masked values, in the order the transform saw them, by column. */
function replacer(
  seen: Map<number, (string | null)[]>,
  make: (value: string, row: number) => string | null,
): CellTransform {
  return (cell, i) => {
    const list = seen.get(i) ?? [];
    seen.set(i, list);
    const out = make(cell.toString('utf8'), list.length);
    list.push(cell.toString('utf8'));
    return out === null ? null : Buffer.from(out, 'utf8');
  };
}

const TEXT_SHAPES = [
  'copy t to stdout',
  `copy t to stdout with (delimiter '|', null 'NULL')`,
  `copy (select * from t order by id) to stdout with (format text, header true, delimiter ',')`,
  'copy t to stdout with (format csv)',
  `copy t to stdout with (format csv, header, null 'NULL', force_quote (a))`,
  `copy t to stdout with (format csv, delimiter ';', quote '''', escape '\\')`,
  `copy t to stdout with (format csv, force_quote *, null '\\N', encoding 'UTF8')`,
];

describe('COPY text and CSV from PostgreSQL', () => {
  it.each(TEXT_SHAPES)('identity masking gives back the exact bytes: %s', async (sql) => {
    const { frames, response } = await copyOut(sql);
    const { stream } = masked(sql, frames, response, [identity, identity, identity, identity]);
    expect(stream.equals(copyStream(frames))).toBe(true);
  });

  it.each(TEXT_SHAPES)('the transform sees the stored values and never NULL: %s', async (sql) => {
    const { frames, response } = await copyOut(sql);
    const seen = new Map<number, (string | null)[]>();
    const keep = replacer(seen, (v) => v);
    const { options } = masked(sql, frames, response, [undefined, keep, keep, undefined]);
    const rows = await client.query<{ a: string | null; b: string | null }>(
      `select a, b from (${sql.includes('order by') ? 'select * from t order by id' : 'select * from t'}) s`,
    );
    const copied = asCopied(options);
    expect(seen.get(1)).toEqual(rows.rows.map((r) => copied(r.a)).filter((v) => v !== null));
    expect(seen.get(2)).toEqual(rows.rows.map((r) => copied(r.b)).filter((v) => v !== null));
  });

  it.each(TEXT_SHAPES.filter((s) => !s.includes('select')))(
    'PostgreSQL reads the masked stream back as exactly the masked values: %s',
    async (sql) => {
      const { frames, response } = await copyOut(sql);
      const seen = new Map<number, (string | null)[]>();
      // Column a: each value replaced by another nasty value (NULL for every fifth); b: kept.
      const swap = replacer(seen, (_v, row) => (row % 5 === 4 ? null : NASTY[(row * 5 + 1) % NASTY.length]!));
      const { stream, options } = masked(sql, frames, response, [undefined, swap, undefined, undefined]);
      const copied = asCopied(options);
      await client.query('truncate back');
      const into = sql
        .replace('copy t to stdout', 'copy back from stdin')
        .replace(/,? ?force_quote (\*|\(a\))/, '');
      const result = await up.copyIn(into, stream);
      expect(result.find((f) => f.type === 'E')?.bytes.toString('utf8', 5)).toBeUndefined();
      const original = await client.query<{ id: number; b: string | null; n: number | null }>(
        'select id, b, n from t',
      );
      const readBack = await client.query<{
        id: number;
        a: string | null;
        b: string | null;
        n: number | null;
      }>('select id, a, b, n from back');
      expect(readBack.rows.map(({ id, b, n }) => ({ id, b, n }))).toEqual(
        original.rows.map((r) => ({ ...r, b: copied(r.b) })),
      );
      // Expected a values: the masker's replacement per non-NULL original, NULL stays NULL.
      const source = await client.query<{ a: string | null }>('select a from t');
      let k = 0;
      const expected = source.rows.map((r) => {
        if (copied(r.a) === null) return null;
        const row = k++;
        return row % 5 === 4 ? null : NASTY[(row * 5 + 1) % NASTY.length]!;
      });
      expect(readBack.rows.map((r) => r.a)).toEqual(expected);
    },
  );

  it('quotes \\. in a single-column CSV exactly as PostgreSQL does', async () => {
    const sql = 'copy single to stdout with (format csv)';
    const { frames, response } = await copyOut(sql);
    expect(copyStream(frames).toString()).toContain('"\\."');
    const { stream } = masked(sql, frames, response, [identity]);
    expect(stream.equals(copyStream(frames))).toBe(true);
    const { stream: dotted } = masked(sql, frames, response, [() => Buffer.from('\\.')]);
    await client.query('create table if not exists single_back (v text)');
    const r = await up.copyIn('copy single_back from stdin with (format csv)', dotted);
    expect(r.find((f) => f.type === 'E')).toBeUndefined();
    expect((await client.query('select v from single_back')).rows.map((x) => x.v)).toEqual([
      '\\.',
      '\\.',
      null,
      '\\.',
    ]);
  });

  it("gives the same output when PostgreSQL's stream is cut into other messages", async () => {
    const sql = `copy t to stdout with (format csv, header)`;
    const { frames, response } = await copyOut(sql);
    const upper: CellTransform = (c) => Buffer.from(c.toString('utf8').toUpperCase());
    const { stream: expected, options } = masked(sql, frames, response, [undefined, upper, upper, undefined]);
    const all = copyStream(frames);
    for (const step of [1, 3, 7, 64]) {
      const m = createCopyMasker({ ...options, columns: [undefined, upper, upper, undefined] });
      const parts: Buffer[] = [];
      for (let i = 0; i < all.length; i += step) {
        const chunk = all.subarray(i, i + step);
        const f = Buffer.alloc(5 + chunk.length);
        f[0] = 0x64;
        f.writeInt32BE(4 + chunk.length, 1);
        chunk.copy(f, 5);
        parts.push(m.copyData(f).subarray(5));
      }
      m.end();
      expect(Buffer.concat(parts).equals(expected)).toBe(true);
    }
  });

  it('refuses a COPY whose output is not UTF8, before any data is masked', () => {
    const sql = `copy t to stdout with (format csv, encoding 'LATIN1')`;
    expect(() => copyOptionsFromStatement(parseSql(sql).stmts?.[0]?.stmt)).toThrow(UnsupportedCopyError);
  });
});

describe('COPY binary from PostgreSQL', () => {
  const sql = 'copy t to stdout with (format binary)';

  it('identity masking gives back the exact bytes', async () => {
    const { frames, response } = await copyOut(sql);
    const { stream } = masked(sql, frames, response, [identity, identity, identity, identity]);
    expect(stream.equals(copyStream(frames))).toBe(true);
  });

  it('PostgreSQL reads the masked binary stream back as the masked values', async () => {
    const { frames, response } = await copyOut(sql);
    const int4 = (v: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(v);
      return b;
    };
    const { stream } = masked(sql, frames, response, [
      undefined,
      (c) => Buffer.from(`[${c.length}]`),
      () => null,
      (c) => int4(-c.readInt32BE(0)),
    ]);
    await client.query('truncate back');
    const r = await up.copyIn('copy back from stdin with (format binary)', stream);
    expect(r.find((f) => f.type === 'E')?.bytes.toString('utf8', 5)).toBeUndefined();
    const got = await client.query('select id, a, b, n from back order by id');
    const want = await client.query(
      `select id, case when a is null then null else '[' || octet_length(a) || ']' end as a, null::text as b, -n as n from t order by id`,
    );
    expect(got.rows).toEqual(want.rows);
  });
});
