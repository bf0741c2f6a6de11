/**
 * Issue 5's sink-outage acceptance through the gateway, with real parts: a real gateway whose
 * audit log really fails (its log directory is moved away and a file put in its place, so the
 * next log file cannot be created: ENOTDIR, as in the audit unit tests; small log files make the
 * writer need a new one within a few statements), real clients (node-postgres, psql), and the
 * upstream database read directly to prove what ran.
 *
 * While the sink fails: writes are refused with SQLSTATE PG010 and a clear message and nothing
 * reaches upstream; the session that was refused stays usable; new sessions are refused; a read
 * (sent ahead of its intent, results held) ends its session cleanly. After the sink is back,
 * work resumes, the chains continue without a gap, `verify` passes, and a `log.outage` record
 * says what happened.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRecords, ofType, sessionsEnded, until, verifyCli } from '../helpers/audit-log.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { run } from '../helpers/run.js';
import { withDirect } from '../helpers/upstream.js';

let gw: TestGateway;
let token: string;
let logDir: string;
let broken = false;

const insert = (m: string) => `insert into departments (code, name) values ('${m}', 'outage marker')`;
const upstreamCodes = () =>
  withDirect(gw.database, async (c) =>
    (await c.query("select code from departments where left(code, 2) = 'O_' order by code")).rows.map(
      (r) => r.code as string,
    ),
  );
const connect = async () => {
  const c = new pg.Client(gw.clientConfig(token));
  c.on('error', () => undefined);
  await c.connect();
  return c;
};
const failure = (e: unknown) => ({ code: (e as pg.DatabaseError).code, message: (e as Error).message });

/** The disk "goes away": the open log file still takes writes, the next one cannot be created. */
function breakSink() {
  renameSync(logDir, `${logDir}.away`);
  writeFileSync(logDir, 'not a directory');
  broken = true;
}
function restoreSink() {
  rmSync(logDir);
  renameSync(`${logDir}.away`, logDir);
  broken = false;
}

beforeAll(async () => {
  gw = await startTestGateway({
    template: 'ehr_template',
    config: { audit: { segmentMaxBytes: 4096, retryMs: 50 } },
  });
  token = await gw.token('outage-agent');
  logDir = join(gw.dataDir, 'audit', 'log');
  // A view whose read has an effect: it calls a function that writes (created by a DBA, not the agent).
  await withDirect(gw.database, async (c) => {
    await c.query('create table view_effects (at timestamptz default now())');
    await c.query(
      'create function touch_effects() returns int language sql volatile as $$ insert into view_effects default values returning 1 $$',
    );
    await c.query('create view touching_view as select touch_effects() as touched');
  });
}, 120_000);

afterAll(async () => {
  if (broken) restoreSink();
  await gw?.close();
});

describe('the audit sink fails while agents work', () => {
  let agent: pg.Client;
  let reader: pg.Client;
  let viewer: pg.Client;
  const ran: string[] = [];
  let refused: string[] = [];
  let outageStarted = 0;

  it('writes are refused with PG010 and a clear message; nothing of them reaches upstream', async () => {
    agent = await connect();
    reader = await connect();
    viewer = await connect();
    await agent.query(insert('O_before'));
    await reader.query('select count(*) from departments');
    outageStarted = Date.now();
    breakSink();
    // The open file still takes a few batches; the writer then needs a new file and fails.
    let first: { code: string | undefined; message: string } | undefined;
    for (let i = 0; i < 200 && !first; i++) {
      const m = `O_during_${i}`;
      try {
        await agent.query(insert(m));
        ran.push(m);
      } catch (e) {
        first = failure(e);
        refused.push(m);
      }
    }
    expect(first, 'the sink never failed').toBeDefined();
    expect(first).toEqual({
      code: 'PG010',
      message: expect.stringMatching(
        /^audit log unavailable \(write failed: ENOTDIR\): the statement was not run/,
      ),
    });
    // Every further write is refused the same way (also extended protocol and multi-statement).
    for (const [i, q] of [
      [0, { text: 'insert into departments (code, name) values ($1, $2)', values: ['O_refused_x', 'x'] }],
      [1, `${insert('O_refused_y')}; ${insert('O_refused_z')}`],
      [2, "update departments set name = 'changed' where code = 'O_before'"],
    ] as const) {
      await expect(agent.query(q as never), String(i)).rejects.toMatchObject({ code: 'PG010' });
    }
    refused = [...refused, 'O_refused_x', 'O_refused_y', 'O_refused_z'];
    expect(gw.runtime.audit.health()).toEqual({
      ok: false,
      reason: expect.stringMatching(/writes failing since .* \(ENOTDIR\)/),
    });
    // Upstream: every acknowledged write is there, none of the refused ones; nothing was changed.
    const codes = await upstreamCodes();
    for (const m of ['O_before', ...ran]) expect(codes).toContain(m);
    for (const m of refused) expect(codes).not.toContain(m);
    await withDirect(gw.database, async (c) => {
      const r = await c.query("select name from departments where code = 'O_before'");
      expect(r.rows[0].name).toBe('outage marker');
    });
  });

  it('the refused session is not closed: a refused write again gets a clean error', async () => {
    await expect(agent.query(insert('O_still'))).rejects.toMatchObject({ code: 'PG010' });
    refused.push('O_still');
    expect(await upstreamCodes()).not.toContain('O_still');
  });

  it('new sessions are refused with PG010 (node-postgres and psql)', async () => {
    await expect(connect()).rejects.toMatchObject({ code: 'PG010' });
    const p = await run('psql', ['-X', '-c', insert('O_psql')], {
      env: gw.psqlEnv(token),
      timeoutMs: 20_000,
    });
    expect(p.code).not.toBe(0);
    expect(p.stderr).toMatch(/audit log unavailable/);
    expect(await upstreamCodes()).not.toContain('O_psql');
  });

  it('a read (sent ahead of its intent, results held) ends its session cleanly with PG010: no row leaves', async () => {
    const ended = new Promise<void>((r) => reader.once('end', () => r()));
    const err = await reader.query('select patient_id, ssn from patients where patient_id = 1').then(
      () => undefined,
      (e: unknown) => failure(e),
    );
    expect(err?.code).toBe('PG010');
    await ended;
  });

  it('a SELECT of a view whose function writes waits for its intent (no read-ahead through views)', async () => {
    const c = viewer;
    const before = await withDirect(
      gw.database,
      async (d) => (await d.query('select count(*)::int as n from view_effects')).rows[0].n,
    );
    const err = await c.query('select touched from touching_view').then(
      () => undefined,
      (e: unknown) => failure(e),
    );
    const after = await withDirect(
      gw.database,
      async (d) => (await d.query('select count(*)::int as n from view_effects')).rows[0].n,
    );
    // The invariant: no effect upstream without a durable intent. A view may call anything, so
    // it is not read ahead: it waits for its intent, which the outage refuses (a clean PG010).
    expect(err?.code).toBe('PG010');
    expect(after).toBe(before);
    await c.end();
  });

  it('after the sink is back, work resumes; the chains have no gap; verify passes; the outage is recorded', async () => {
    restoreSink();
    await until(async () => gw.runtime.audit.health().ok, 10_000, 'audit health');
    // The session that lived through the outage carries on; new sessions open again.
    await agent.query(insert('O_after'));
    await agent.end();
    const again = await connect();
    const r = await again.query("select count(*)::int as n from departments where left(code, 2) = 'O_'");
    expect(r.rows[0].n).toBe(2 + ran.length);
    await again.end();
    expect(await upstreamCodes()).toContain('O_after');

    const records = await sessionsEnded(gw.dataDir, 4);
    const outage = ofType(records, 'log.outage');
    expect(outage).toHaveLength(1);
    const o = outage[0]!.data;
    expect(o.error).toBe('ENOTDIR');
    expect(Date.parse(o.since)).toBeGreaterThanOrEqual(outageStarted - 5);
    expect(Date.parse(o.until)).toBeGreaterThan(Date.parse(o.since));
    // Refused statements (each of the writes above and the held read) and the refused sessions.
    expect(o.rejectedIntents).toBeGreaterThanOrEqual(refused.length + 1);
    expect(o.rejectedSessionStarts).toBeGreaterThanOrEqual(2);
    // No gap: the refused statements consumed no numbers; what ran has intent and outcome.
    const session = ofType(records, 'session.start')[0]!.chain;
    const intents = ofType(records, 'statement.intent').filter((i) => i.chain === session);
    expect(intents.map((i) => i.data.stmt)).toEqual(intents.map((_, i) => i + 1));
    const texts = intents.map((i) => i.data.text);
    for (const m of ['O_before', ...ran, 'O_after']) expect(texts).toContain(insert(m));
    for (const m of refused) expect(texts.some((t) => t.includes(`'${m}'`))).toBe(false);
    const outcomes = ofType(records, 'statement.outcome').filter((x) => x.chain === session);
    expect(outcomes.map((x) => x.data.stmt).sort((a, b) => a - b)).toEqual(intents.map((i) => i.data.stmt));
    // The session that ended while the sink was down has its end written after it came back.
    expect(ofType(records, 'session.end').map((e) => e.chain)).toContain(session);

    const v = await verifyCli(gw.dataDir);
    expect(v.out).toMatch(/^OK: \d+ records in \d+ log file\(s\), 4 sessions/);
    expect(v.code).toBe(0);
    expect((await logRecords(gw.dataDir)).length).toBeGreaterThan(records.length - 1);
  });
});
