/**
 * Policy enforcement end to end, with real drivers: a denied statement never reaches
 * upstream (shown by upstream-side effects, not by what phigate says), the whole
 * multi-statement message is refused when one statement is denied, the session stays
 * usable, and every entry point (simple, Parse, SQL PREPARE/EXECUTE, COPY) is covered.
 */
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { RawClient, serialize } from '../helpers/raw-client.js';
import { run } from '../helpers/run.js';
import { withDirect } from '../helpers/upstream.js';

let gw: TestGateway;
let token: string;
let client: pg.Client;

const direct = <T>(fn: (c: pg.Client) => Promise<T>) => withDirect(gw.database, fn);
const count = (table: string) =>
  direct(async (c) => Number((await c.query(`select count(*) as n from ${table}`)).rows[0].n));
const tableExists = (table: string) =>
  direct(
    async (c) => (await c.query('select to_regclass($1) is not null as ok', [table])).rows[0].ok as boolean,
  );

beforeAll(async () => {
  gw = await startTestGateway();
  await direct(async (c) => {
    await c.query('create table patients (patient_id int primary key, ssn text, first_name text)');
    await c.query(
      "insert into patients select g, lpad(g::text, 9, '0'), 'name' || g from generate_series(1, 20) g",
    );
    await c.query('create table scratch (id int)');
    await c.query('insert into scratch values (1), (2), (3)');
    // A trace table whose row count shows whether anything ran upstream.
    await c.query('create table ran (marker text)');
  });
  token = await gw.token();
  client = new pg.Client(gw.clientConfig(token));
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await gw?.close();
});

describe('denied statements never reach upstream', () => {
  it('refuses DDL with 42501 naming the rule; the table still exists; the session stays usable', async () => {
    await expect(client.query('drop table scratch')).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/rule "[a-z0-9._-]+"/),
    });
    expect(await tableExists('scratch')).toBe(true);
    expect((await client.query('select count(*)::int as n from scratch')).rows[0].n).toBe(3);
  });

  it('refuses UPDATE/DELETE without WHERE and no row changes', async () => {
    await expect(client.query('delete from scratch')).rejects.toMatchObject({ code: '42501' });
    await expect(client.query('update scratch set id = 0')).rejects.toMatchObject({ code: '42501' });
    expect(await count('scratch')).toBe(3);
    expect(
      await direct(async (c) => (await c.query('select min(id)::int as m from scratch')).rows[0].m),
    ).toBe(1);
  });

  it('refuses the whole multi-statement message when one statement is denied (no partial execution)', async () => {
    await expect(
      client.query("insert into ran values ('first'); truncate scratch; insert into ran values ('last')"),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await count('ran')).toBe(0);
    expect(await count('scratch')).toBe(3);
  });

  it('refuses an extended-protocol Parse of a denied statement (postgres.js, prepared)', async () => {
    const sql = postgres({ ...gw.clientConfig(token), ssl: false, max: 1, onnotice: () => undefined });
    try {
      await expect(sql`delete from scratch`).rejects.toMatchObject({ code: '42501' });
      await expect(sql`select pg_read_file(${'/etc/passwd'})`).rejects.toMatchObject({ code: '42501' });
      expect(await count('scratch')).toBe(3);
      const [row] = await sql`select count(*)::int as n from scratch where id > ${0}`;
      expect(row?.n).toBe(3);
    } finally {
      await sql.end();
    }
  });

  it('refuses a denied Parse in the middle of a pipeline and the rest up to Sync, like a backend error', async () => {
    const raw = await RawClient.connect(gw.host, gw.port);
    expect((await raw.login(gw.database, token)).name).toBe('readyForQuery');
    const from = raw.messages.length;
    raw.send(
      Buffer.concat([
        serialize.parse({ text: "insert into ran values ('pipelined')" }),
        serialize.bind({}),
        serialize.execute({}),
        serialize.parse({ name: 'evil', text: 'drop table scratch' }),
        serialize.bind({ statement: 'evil' }),
        serialize.execute({}),
        serialize.sync(),
        serialize.parse({ text: 'select 42 as answer' }),
        serialize.bind({}),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    await raw.waitFor((m) => m.name === 'readyForQuery', 5000, from);
    const second = raw.messages.findIndex((m, i) => i > from && m.name === 'readyForQuery');
    await raw.waitFor((m) => m.name === 'readyForQuery', 5000, second + 1);
    const names = raw.messages.slice(from).map((m) => m.name);
    expect(names.slice(0, 5)).toEqual([
      'parseComplete',
      'bindComplete',
      'commandComplete',
      'error',
      'readyForQuery',
    ]);
    expect(raw.messages.find((m, i) => i > from && m.name === 'error')?.code).toBe('42501');
    expect(names).toContain('dataRow');
    raw.close();
    // The implicit transaction of the failed pipeline rolled back: the insert before the denial is gone.
    expect(await count('ran')).toBe(0);
    expect(await tableExists('scratch')).toBe(true);
  });

  it('decides SQL-level PREPARE and EXECUTE by the inner statement', async () => {
    await expect(client.query('prepare wipe as delete from scratch')).rejects.toMatchObject({
      code: '42501',
    });
    await client.query('prepare one_row(int) as select id from scratch where id = $1');
    expect((await client.query('execute one_row(2)')).rows[0].id).toBe(2);
    expect(await count('scratch')).toBe(3);
  });

  it('refuses COPY to a program, also with an inner query', async () => {
    await expect(client.query("copy scratch to program 'cat > /tmp/phigate-evil'")).rejects.toMatchObject({
      code: '42501',
    });
    await expect(
      client.query("copy (select * from scratch) to program 'cat > /tmp/phigate-evil'"),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(client.query("copy scratch from '/etc/hosts'")).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses evasions: comments, case, quoting, dollar quoting, EXPLAIN ANALYZE of DML, CTE with DML', async () => {
    const attempts = [
      'DeLeTe /* a /* nested */ comment */ FROM "scratch"',
      'delete from public.scratch -- trailing',
      'explain analyze delete from scratch',
      'with gone as (delete from scratch returning *) select count(*) from gone',
      "select set_config('search_path', 'evil', false)",
      'do $body$ begin execute $$delete from scratch$$; end $body$',
      'set role postgres',
      'lock table scratch',
    ];
    for (const sql of attempts) {
      await expect(client.query(sql), sql).rejects.toMatchObject({ code: '42501' });
    }
    expect(await count('scratch')).toBe(3);
  });

  it('refuses an unparseable statement with a syntax error and never forwards it', async () => {
    await expect(client.query('selec * frm scratch')).rejects.toMatchObject({ code: '42601' });
    expect((await client.query('select 1 as ok')).rows[0].ok).toBe(1);
  });

  it('sends statements needing approval to approval (PG001 when defer is configured)', async () => {
    const deferGw = await startTestGateway({
      database: gw.database,
      config: { approvals: { mode: 'defer' } },
    });
    try {
      const c = new pg.Client(deferGw.clientConfig(await deferGw.token()));
      await c.connect();
      await expect(c.query('select * from patients')).rejects.toMatchObject({
        code: 'PG001',
        message: expect.stringMatching(/approval/),
      });
      await expect(
        c.query("update patients set first_name = 'x' where patient_id = 1"),
      ).rejects.toMatchObject({ code: 'PG001' });
      // Upstream-side proof (through the gateway the name comes back masked).
      const upstream = await direct(
        async (d) => (await d.query('select first_name from patients where patient_id = 1')).rows[0],
      );
      expect(upstream.first_name).toBe('name1');
      expect((await c.query('select first_name from patients where patient_id = 1')).rows[0].first_name).toBe(
        '[PERSON_NAME]',
      );
      await c.end();
    } finally {
      await deferGw.close();
    }
  });

  it('psql sees the same refusal and keeps the session', async () => {
    const r = await run('psql', ['-X', '-v', 'ON_ERROR_STOP=0'], {
      env: gw.psqlEnv(token),
      input: 'drop table scratch;\nselect count(*) from scratch;\n',
    });
    expect(r.stderr).toMatch(/ERROR: {2}statement denied by phigate policy/);
    expect(r.stdout).toContain('3');
    expect(await tableExists('scratch')).toBe(true);
  });
});
