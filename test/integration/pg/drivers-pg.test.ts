/**
 * node-postgres through phigate gets the same answers as direct, for every protocol path.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';

let gw: TestGateway;
let token: string;

async function both<T>(fn: (c: pg.Client) => Promise<T>): Promise<{ via: T; direct: T }> {
  const via = new pg.Client(gw.clientConfig(token));
  const direct = new pg.Client({ connectionString: gw.directUrl });
  await Promise.all([via.connect(), direct.connect()]);
  try {
    return { via: await fn(via), direct: await fn(direct) };
  } finally {
    await Promise.all([via.end(), direct.end()]);
  }
}

beforeAll(async () => {
  gw = await startTestGateway();
  const setup = new pg.Client({ connectionString: gw.directUrl });
  await setup.connect();
  await setup.query(
    'create table items (id int primary key, name text, price numeric(10,2), seen timestamptz, tags text[], data jsonb, raw bytea)',
  );
  await setup.query(
    `insert into items select g, 'item ' || g, g * 1.25, timestamptz '2024-01-01 00:00Z' + g * interval '1 hour', array['a','b'||g], jsonb_build_object('g', g), decode(md5(g::text), 'hex') from generate_series(1, 500) g`,
  );
  await setup.end();
  token = await gw.token();
});
afterAll(async () => gw?.close());

describe('node-postgres through phigate', () => {
  it('answers simple and multi-statement queries like direct', async () => {
    const r = await both(async (c) => {
      const one = await c.query('select count(*)::int as n, sum(price)::text as s from items');
      const multi = (await c.query(
        'select 1 as a; select name from items where id < 4 order by id; select null::text as z',
      )) as unknown as pg.QueryResult[];
      return {
        one: one.rows,
        multi: multi.map((m) => ({ rows: m.rows, fields: m.fields.map((f) => [f.name, f.dataTypeID]) })),
      };
    });
    expect(r.via).toEqual(r.direct);
    expect(r.via.one[0].n).toBe(500);
  });

  it('binds text parameters and returns binary results', async () => {
    const r = await both(async (c) => {
      const text = await c.query(
        'select id, name, price, seen, tags, data from items where id = any($1::int[]) order by id',
        [[1, 7, 42]],
      );
      const binary = await c.query({
        text: 'select id, price, seen, raw from items where id between $1 and $2 order by id',
        values: [10, 20],
        binary: true,
      } as pg.QueryConfig);
      return {
        text: text.rows,
        binary: binary.rows.map((row) =>
          Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
        ),
      };
    });
    expect(r.via).toEqual(r.direct);
    expect(r.via.binary).toHaveLength(11);
  });

  it('reuses a named prepared statement many times', async () => {
    const r = await both(async (c) => {
      const out: unknown[] = [];
      for (let i = 1; i <= 200; i++)
        out.push(
          (await c.query({ name: 'by_id', text: 'select name, price from items where id = $1', values: [i] }))
            .rows[0],
        );
      return out;
    });
    expect(r.via).toEqual(r.direct);
    expect(r.via).toHaveLength(200);
  });

  it('keeps transaction semantics when a statement fails and the transaction rolls back', async () => {
    const c = new pg.Client(gw.clientConfig(token));
    await c.connect();
    await c.query('begin');
    await c.query("update items set name = 'changed' where id = 1");
    await expect(c.query('select 1/0')).rejects.toMatchObject({ code: '22012' });
    await expect(c.query('select 1')).rejects.toMatchObject({ code: '25P02' });
    await c.query('rollback');
    const row = (await c.query('select name from items where id = 1')).rows[0];
    expect(row.name).toBe('item 1');
    await c.end();
  });

  it('relays errors in the middle of a pipeline and stays usable', async () => {
    const c = new pg.Client(gw.clientConfig(token));
    await c.connect();
    const results = await Promise.allSettled([
      c.query('select $1::int as v', [1]),
      c.query('select $1::int / 0 as v', [1]),
      c.query('select $1::int as v', [3]),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled' });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
    expect(results[2]).toMatchObject({ status: 'fulfilled' });
    expect((await c.query('select 42 as v')).rows[0].v).toBe(42);
    await c.end();
  });

  it('delivers LISTEN/NOTIFY notifications and notices', async () => {
    const listener = new pg.Client(gw.clientConfig(token));
    const sender = new pg.Client(gw.clientConfig(token));
    await Promise.all([listener.connect(), sender.connect()]);
    const got = new Promise<pg.Notification>((resolve) => listener.on('notification', resolve));
    const notice = new Promise<string>((resolve) => sender.on('notice', (n) => resolve(n.message ?? '')));
    await listener.query('listen phigate_test');
    await sender.query("select pg_notify('phigate_test', 'hello')");
    // ROLLBACK outside a transaction answers with a WARNING notice.
    await sender.query('rollback');
    expect((await got).payload).toBe('hello');
    expect(await notice).toBe('there is no transaction in progress');
    await Promise.all([listener.end(), sender.end()]);
  });

  it('connects over TLS (sslmode=require)', async () => {
    const c = new pg.Client(gw.clientConfig(token, { ssl: true }));
    await c.connect();
    expect((await c.query('select 1 as one')).rows[0].one).toBe(1);
    await c.end();
  });
});
