/**
 * Approvals end to end in local mode, with real parts only: a real gateway (`startTestGateway`:
 * the proxy runtime, the local approval workflow, the dev approvals pages on its HTTP port), real
 * psql whose stderr is read while it waits (the NOTICE carries the approval id and review URL),
 * real Chromium clicking on the real review page after the dev sign-in, and the upstream
 * PostgreSQL read directly to prove what ran and what did not.
 *
 * The audit log is not wired in yet (the runtime's audit port records nothing): each gateway's
 * port is wrapped to capture the write-ahead `StatementIntent`s, which carry the approval id
 * that claimGrant returned. Once the audit log lands, the same links must be in its records.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { captureAudit, approvalsCli as cli, intentsOf, refusalsOf } from '../helpers/gateway-approvals.js';
import { PsqlStream } from '../helpers/psql-stream.js';
import { ARTIFACTS, launchChromium, openReviewAs } from '../helpers/review-browser.js';
import { withDirect } from '../helpers/upstream.js';

const NOTICE = /NOTICE: {2}PG001: waiting for approval (apr-[0-9a-f]{32})/;
const REVIEW_URL = /decide at (http:\/\/127\.0\.0\.1:\d+\/approvals\/apr-[0-9a-f]{32})/;
const DEFERRED = /ERROR: {2}PG001: .*approval (apr-[0-9a-f]{32}) is pending/;
const update = (id: number, phone: string) =>
  `update patients set phone = '${phone}' where patient_id = ${id}`;

let hold: TestGateway;
let browser: Browser;
let alice: BrowserContext;
const tokens = new Map<TestGateway, string>();
const open: PsqlStream[] = [];

/** psql through gateway `g` as its `test-agent` (each test gateway has its own dev issuer). */
function psql(g: TestGateway, statements: string[], agentToken = tokens.get(g)!): PsqlStream {
  const p = new PsqlStream(g.psqlEnv(agentToken), statements);
  open.push(p);
  return p;
}

const row = (id: number) =>
  withDirect(hold.database, async (c) => {
    const r = await c.query('select phone, first_name, visits from patients where patient_id = $1', [id]);
    return r.rows[0] as { phone: string; first_name: string; visits: number };
  });

beforeAll(async () => {
  hold = await startTestGateway({ config: { approvals: { mode: 'hold', holdSeconds: 60 } } });
  captureAudit(hold);
  await withDirect(hold.database, async (c) => {
    await c.query(
      'create table patients (patient_id int primary key, phone text, first_name text, visits int)',
    );
    await c.query("insert into patients select g, '555-0000', 'name' || g, 0 from generate_series(1, 30) g");
  });
  tokens.set(hold, await hold.token());
  browser = await launchChromium();
  alice = await browser.newContext({ viewport: { width: 900, height: 1000 } });
}, 120_000);

afterAll(async () => {
  for (const p of open) p.kill();
  await browser?.close();
  await hold?.close();
});

describe('hold: the statement waits while psql shows the approval id and link', () => {
  it('completes after Approve is clicked on the review page (UPDATE 1; the row changed upstream)', async () => {
    const p = psql(hold, [update(1, '555-0101')]);
    const [, id] = await p.waitForStderr(NOTICE);
    const [, url] = await p.waitForStderr(REVIEW_URL);
    expect(url).toBe(`${hold.httpUrl}/approvals/${id}`);
    // Held: nothing reached upstream yet.
    expect((await row(1)).phone).toBe('555-0000');

    const page = await openReviewAs(alice, url!, 'alice');
    await expect(page.locator('pre.statement').textContent()).resolves.toBe(update(1, '555-0101'));
    await Promise.all([page.waitForLoadState('load'), page.click('form.approve button')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Request approved');
    await expect(page.locator('p.grant').textContent()).resolves.toContain('this statement once');
    await page.close();

    const r = await p.done;
    expect(r.stdout).toContain('UPDATE 1');
    expect(r.stderr).not.toContain('ERROR');
    expect((await row(1)).phone).toBe('555-0101');
    expect(intentsOf(hold).filter((i) => i.approvalId === id)).toEqual([
      expect.objectContaining({
        text: update(1, '555-0101'),
        decision: expect.objectContaining({ action: 'approve' }),
      }),
    ]);
  });

  it('fails cleanly after Deny (PG002, row unchanged) and the session is still usable', async () => {
    const p = psql(hold, [update(2, '555-0202'), "select 'still-alive' as s"]);
    const [, id] = await p.waitForStderr(NOTICE);
    const [, url] = await p.waitForStderr(REVIEW_URL);
    const page = await openReviewAs(alice, url!, 'alice');
    await Promise.all([page.waitForLoadState('load'), page.click('form.deny button')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Request denied');
    await page.close();
    const r = await p.done;
    expect(r.stderr).toMatch(/ERROR: {2}PG002: approval apr-[0-9a-f]{32} was denied by alice/);
    expect(r.stdout).toContain('still-alive');
    expect((await row(2)).phone).toBe('555-0000');
    expect(refusalsOf(hold).filter((x) => x.approvalId === id)).toEqual([
      expect.objectContaining({ text: update(2, '555-0202'), errorCode: 'PG002' }),
    ]);
  });

  it('a cancel (psql SIGINT) while held ends the wait with 57014 at once; approving later runs nothing', async () => {
    const p = psql(hold, [update(3, '555-0303')]);
    const [, id] = await p.waitForStderr(NOTICE);
    const cancelledAt = Date.now();
    p.child.kill('SIGINT');
    const r = await p.done;
    expect(Date.now() - cancelledAt).toBeLessThan(3_000);
    expect(r.stderr).toMatch(/ERROR: {2}57014: canceling statement due to user request/);
    // The approval outlives the cancelled statement; deciding it now must not run anything.
    expect(await cli(hold, 'approve', id!, '--as', 'alice')).toMatchObject({ code: 0 });
    await new Promise((res) => setTimeout(res, 500));
    expect((await row(3)).phone).toBe('555-0000');
    expect(intentsOf(hold).some((i) => i.approvalId === id)).toBe(false);
    expect(
      refusalsOf(hold)
        .filter((x) => x.text === update(3, '555-0303'))
        .map((x) => x.errorCode),
    ).toEqual(['57014']);
    // The same statement with another value (same fingerprint) is not covered: it is held anew.
    const next = psql(hold, [update(3, '555-0333')]);
    const [, nextId] = await next.waitForStderr(NOTICE);
    expect(nextId).not.toBe(id);
    next.child.kill('SIGINT');
    expect((await next.done).stderr).toContain('57014');
    expect((await row(3)).phone).toBe('555-0000');
  });

  it('self-approval: the agent signed in as itself gets no buttons, and the CLI refuses it', async () => {
    const p = psql(hold, [update(4, '555-0404')]);
    const [, id] = await p.waitForStderr(NOTICE);
    const [, url] = await p.waitForStderr(REVIEW_URL);
    const asAgent = await browser.newContext();
    try {
      const page = await openReviewAs(asAgent, url!, 'test-agent');
      await expect(page.locator('p.cannot').textContent()).resolves.toContain('you are the requester');
      expect(await page.locator('form.decide').count()).toBe(0);
      expect(await page.locator('input[name="token"]').count()).toBe(0);
    } finally {
      await asAgent.close();
    }
    const self = await cli(hold, 'approve', id!, '--as', 'test-agent');
    expect(self).toMatchObject({ code: 1 });
    expect(self.err).toContain('self-approval');
    expect((await hold.runtime.approvals.status(id!)).state).toBe('pending');
    // Release psql: a real approver denies.
    expect(await cli(hold, 'deny', id!, '--as', 'alice')).toMatchObject({ code: 0 });
    expect((await p.done).stderr).toContain('PG002');
    expect((await row(4)).phone).toBe('555-0000');
  });
});

describe('hold with a short holdSeconds', () => {
  it('fails cleanly after the timeout (PG003; row unchanged; the session is still usable)', async () => {
    const short = await startTestGateway({
      database: hold.database,
      config: { approvals: { mode: 'hold', holdSeconds: 2 } },
    });
    try {
      const p = new PsqlStream(short.psqlEnv(await short.token()), [
        update(5, '555-0505'),
        "select 'alive' as s",
      ]);
      open.push(p);
      await p.waitForStderr(NOTICE);
      const r = await p.done;
      expect(r.stderr).toMatch(/ERROR: {2}PG003: approval apr-[0-9a-f]{32} was not decided in time/);
      expect(r.ms).toBeGreaterThanOrEqual(2_000);
      expect(r.ms).toBeLessThan(15_000);
      expect(r.stdout).toContain('alive');
      expect((await row(5)).phone).toBe('555-0000');
    } finally {
      await short.close();
    }
  });
});

describe('defer: fail fast with the id; run once after approval', () => {
  let defer: TestGateway;
  beforeAll(async () => {
    defer = await startTestGateway({ database: hold.database, config: { approvals: { mode: 'defer' } } });
    captureAudit(defer);
    tokens.set(defer, await defer.token());
  });
  afterAll(async () => {
    await defer?.close();
  });
  const bump = 'update patients set visits = visits + 1 where patient_id = 6';

  it('PG001 with the id; after `phigate approvals approve` the same statement runs once; a second run is refused again', async () => {
    const first = await psql(defer, [bump]).done;
    const [, id] = DEFERRED.exec(first.stderr) ?? [];
    expect(id).toBeDefined();
    expect(first.stderr).toContain(`${defer.httpUrl}/approvals/${id}`);
    expect((await row(6)).visits).toBe(0);

    const ok = await cli(defer, 'approve', id!, '--as', 'alice');
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('granted this statement once');

    const second = await psql(defer, [bump]).done;
    expect(second.stdout).toContain('UPDATE 1');
    expect((await row(6)).visits).toBe(1);
    expect(intentsOf(defer).filter((i) => i.approvalId === id)).toHaveLength(1);

    const third = await psql(defer, [bump]).done;
    const [, again] = DEFERRED.exec(third.stderr) ?? [];
    expect(again).toBeDefined();
    expect(again).not.toBe(id);
    expect((await row(6)).visits).toBe(1);
  });

  it('batch window: the approver picks a window and a pattern on the page; matching statements run, each linked; others still need approval', async () => {
    const first = await psql(defer, [update(7, '555-0707')]).done;
    const [, id] = DEFERRED.exec(first.stderr) ?? [];
    const page = await openReviewAs(alice, `${defer.httpUrl}/approvals/${id}`, 'alice');
    const windowForm = page.locator('form.window');
    await expect(windowForm.locator('textarea[name="pattern"]').inputValue()).resolves.toBe(
      'update patients set phone = * where patient_id = *',
    );
    await windowForm.locator('select[name="windowMinutes"]').selectOption('30');
    await windowForm.locator('input[name="comment"]').fill('nightly phone fix-up');
    await page.screenshot({ path: join(ARTIFACTS, 'approval-review-window.png'), fullPage: true });
    await Promise.all([page.waitForLoadState('load'), windowForm.locator('button').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Request approved');
    await expect(page.locator('p.grant').textContent()).resolves.toContain('a window of 30 min');
    await expect(page.locator('code.pattern').textContent()).resolves.toBe(
      'update patients set phone = * where patient_id = *',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'approval-window-granted.png'), fullPage: true });
    await page.close();

    const ids = [7, 8, 9, 10, 11, 12];
    const batch = ids.map((n) => update(n, `555-1${n}`));
    const run = await psql(defer, batch).done;
    expect(run.stdout.match(/UPDATE 1/g)).toHaveLength(ids.length);
    expect(run.stderr).not.toContain('ERROR');
    for (const n of ids) expect((await row(n)).phone).toBe(`555-1${n}`);
    const linked = intentsOf(defer).filter((i) => batch.includes(i.text));
    expect(linked.map((i) => i.approvalId)).toEqual(ids.map(() => id));

    // Not the pattern: another column, more SQL after a value, another agent.
    const other = await psql(defer, [
      "update patients set first_name = 'Mallory' where patient_id = 7",
      "update patients set phone = '555-6666' where patient_id = 7 or true",
    ]).done;
    expect(other.stderr.match(/ERROR: {2}PG001/g)).toHaveLength(2);
    const stranger = await psql(defer, [update(13, '555-1313')], await defer.token('other-agent')).done;
    expect(stranger.stderr).toMatch(DEFERRED);
    expect(await row(7)).toMatchObject({ phone: '555-17', first_name: 'name7' });
    expect((await row(13)).phone).toBe('555-0000');
    expect((await row(20)).phone).toBe('555-0000');
  });
});
