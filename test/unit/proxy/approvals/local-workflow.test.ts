import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalAuditEvent } from '../../../../core/approvals/audit-event.js';
import { LocalApprovalWorkflow } from '../../../../proxy/approvals/local-workflow.js';
import { startWebhookSink } from '../../functions/approvals/http-fixtures.js';
import { CLAIM, form, GROUP, INPUT, who } from './local-fixtures.js';

let events: ApprovalAuditEvent[];
let sink: Awaited<ReturnType<typeof startWebhookSink>>;
let wf: LocalApprovalWorkflow;

beforeEach(async () => {
  events = [];
  sink = await startWebhookSink();
  wf = new LocalApprovalWorkflow({
    baseUrl: 'http://127.0.0.1:7071',
    approverGroup: GROUP,
    signingKey: Buffer.alloc(32, 3),
    defaultTimeoutMs: 300_000,
    maxTimeoutMs: 600_000,
    decisionTokenMs: 120_000,
    webhookUrl: sink.url,
    onEvent: (e) => void events.push(e),
  });
});
afterEach(async () => {
  await wf.close();
  await sink.close();
  vi.useRealTimers();
});

const approve = (id: string, as = 'alice') =>
  wf.submitDecision(id, who(as), form(wf.mintTokens(id, who(as)).approveToken));

describe('local approval workflow', () => {
  it('pending → approved: posts both cards over HTTP, records requested + approved, links the review page', async () => {
    const t = await wf.request(INPUT);
    expect(t).toMatchObject({
      status: 'pending',
      reviewUrl: `http://127.0.0.1:7071/approvals/${t.approvalId}`,
    });
    expect((await wf.request(INPUT)).approvalId).toBe(t.approvalId);
    expect(approve(t.approvalId)).toMatchObject({
      ok: true,
      status: { state: 'approved', approver: { id: 'dev:alice' } },
    });
    await wf.settled();
    expect(sink.cards.map((c) => c.attachments[0].content.fallbackText.split(':')[0])).toEqual([
      'Approval needed for demo-agent on ehr',
      'Approved by alice',
    ]);
    expect(events.map((e) => e.type)).toEqual(['approval.requested', 'approval.approved']);
    expect(wf.list()[0]).toMatchObject({ notified: true });
  });

  it('pending → denied, and nothing decides twice', async () => {
    const t = await wf.request(INPUT);
    const tokens = wf.mintTokens(t.approvalId, who('bob'));
    expect(wf.submitDecision(t.approvalId, who('bob'), form(tokens.denyToken))).toMatchObject({
      ok: true,
      status: { state: 'denied' },
    });
    expect(wf.submitDecision(t.approvalId, who('bob'), form(tokens.approveToken))).toMatchObject({
      ok: false,
      code: 'approval-closed',
    });
    expect(await wf.claimGrant(CLAIM)).toBeUndefined();
  });

  it('pending → expired by its timer; waiters wake with expired', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const t = await wf.request({ ...INPUT, timeoutMs: 5_000 });
    const waiting = wf.waitForDecision(t.approvalId, { timeoutMs: 60_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(waiting).resolves.toMatchObject({ state: 'expired', decidedAt: t.expiresAt });
    expect(events.map((e) => e.type)).toEqual(['approval.requested', 'approval.expired']);
    // Tokens never outlive the approval: a late click is refused before it reaches the state machine.
    expect(approve(t.approvalId)).toMatchObject({ ok: false, code: 'token-expired' });
    expect(wf.applyDecision({ approvalId: t.approvalId })).toMatchObject({
      ok: false,
      code: 'approval-closed',
    });
  });

  it('waitForDecision: resolves on the decision, returns pending on its own timeout, rejects on abort', async () => {
    const t = await wf.request(INPUT);
    expect(await wf.waitForDecision(t.approvalId, { timeoutMs: 20 })).toMatchObject({ state: 'pending' });
    const ac = new AbortController();
    const aborted = wf.waitForDecision(t.approvalId, { timeoutMs: 60_000, signal: ac.signal });
    ac.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'APPROVAL_WAIT_ABORTED', sqlstate: '57014' });
    const decided = wf.waitForDecision(t.approvalId, { timeoutMs: 60_000 });
    approve(t.approvalId);
    await expect(decided).resolves.toMatchObject({ state: 'approved' });
  });

  it('same rules as the orchestrator: no self-approval, approvers group only, single-use tokens', async () => {
    const t = await wf.request(INPUT);
    const self = who('demo-agent');
    expect(wf.whyCannotDecide(t.approvalId, self)).toMatch(/requester/);
    expect(
      wf.submitDecision(t.approvalId, self, form(wf.mintTokens(t.approvalId, self).approveToken)),
    ).toMatchObject({ ok: false, code: 'self-approval' });
    const outsider = who('mallory', false);
    const ot = wf.mintTokens(t.approvalId, outsider).approveToken;
    expect(wf.submitDecision(t.approvalId, outsider, form(ot))).toMatchObject({
      ok: false,
      code: 'not-an-approver',
      httpStatus: 403,
    });
    expect(wf.submitDecision(t.approvalId, outsider, form(ot))).toMatchObject({
      ok: false,
      code: 'token-used',
      httpStatus: 409,
    });
    const aliceTok = wf.mintTokens(t.approvalId, who('alice')).approveToken;
    expect(wf.submitDecision(t.approvalId, who('bob'), form(aliceTok))).toMatchObject({
      ok: false,
      code: 'token-wrong-approver',
    });
    expect(wf.submitDecision(t.approvalId, who('alice'), form(`${aliceTok}x`))).toMatchObject({
      ok: false,
      code: 'token-forged',
    });
    expect((await wf.status(t.approvalId)).rejected.map((r) => r.code)).toEqual([
      'self_approval',
      'not_an_approver',
    ]);
    expect(events.filter((e) => e.type === 'approval.decision_rejected')).toHaveLength(2);
    expect(wf.submitDecision(t.approvalId, who('alice'), form(aliceTok))).toMatchObject({ ok: true });
  });

  it('refuses an expired decision token', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const t = await wf.request(INPUT);
    const tok = wf.mintTokens(t.approvalId, who('alice')).approveToken;
    await vi.advanceTimersByTimeAsync(120_001);
    expect(wf.submitDecision(t.approvalId, who('alice'), form(tok))).toMatchObject({
      ok: false,
      code: 'token-expired',
    });
  });

  it('a once grant runs the same fingerprint, agent and resource exactly once, within its window', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const t = await wf.request(INPUT);
    expect(await wf.claimGrant(CLAIM)).toBeUndefined();
    approve(t.approvalId);
    expect(await wf.claimGrant({ ...CLAIM, agentId: 'other-agent' })).toBeUndefined();
    expect(await wf.claimGrant({ ...CLAIM, resource: 'billing' })).toBeUndefined();
    expect(await wf.claimGrant({ ...CLAIM, fingerprint: 'other' })).toBeUndefined();
    // Same fingerprint (libpg-query ignores literal values), other values: not what was approved.
    expect(
      await wf.claimGrant({ ...CLAIM, statement: 'DELETE FROM lab_results WHERE lab_id = 10' }),
    ).toBeUndefined();
    expect(await wf.claimGrant(CLAIM)).toMatchObject({ approvalId: t.approvalId, kind: 'once' });
    expect(await wf.claimGrant(CLAIM)).toBeUndefined();

    const t2 = await wf.request({ ...INPUT, requestKey: 's1:2' });
    approve(t2.approvalId);
    await vi.advanceTimersByTimeAsync(60_001); // validForMs 60 s
    expect(await wf.claimGrant(CLAIM)).toBeUndefined();
  });

  it('a window grant lets every matching statement through until it ends, each linked to the approval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const t = await wf.request({
      ...INPUT,
      statement: 'INSERT INTO lab_results (lab_id, value) VALUES (1, 4.2)',
      scope: {
        kind: 'window',
        windowMs: 600_000,
        statementPattern: 'insert into lab_results (lab_id, value) values (*, *)',
      },
    });
    // The page pre-fills the window form with the requested window; the approver submits it.
    const windowToken = wf.mintTokens(t.approvalId, who('alice')).windowToken!;
    expect(
      wf.submitDecision(
        t.approvalId,
        who('alice'),
        form(windowToken, { minutes: 10, pattern: 'insert into lab_results (lab_id, value) values (*, *)' }),
      ),
    ).toMatchObject({ ok: true, status: { grant: { kind: 'window' } } });
    const batch = [1, 2, 3, 4, 5].map(
      (i) => `insert into lab_results (lab_id, value)\n VALUES (${i}, ${i}.5);`,
    );
    for (const statement of batch) {
      expect(
        await wf.claimGrant({ ...CLAIM, fingerprint: `fp-${statement.length}`, statement }),
      ).toMatchObject({ approvalId: t.approvalId, kind: 'window' });
    }
    expect(await wf.claimGrant({ ...CLAIM, statement: 'DELETE FROM lab_results' })).toBeUndefined();
    expect(await wf.claimGrant({ ...CLAIM, agentId: 'other', statement: batch[0]! })).toBeUndefined();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(await wf.claimGrant({ ...CLAIM, statement: batch[0]! })).toBeUndefined();
  });

  it('rejects invalid requests naming the fields, and unknown ids', async () => {
    await expect(wf.request({ ...INPUT, fingerprint: 'bad fp!' })).rejects.toMatchObject({
      code: 'APPROVAL_REQUEST_INVALID',
    });
    await expect(wf.status('apr-00000000000000000000000000000000')).rejects.toMatchObject({
      code: 'APPROVAL_NOT_FOUND',
    });
    expect(wf.applyDecision({ approvalId: 'nope' })).toMatchObject({ ok: false, code: 'approval-not-found' });
  });

  it('a webhook that refuses cards does not block the approval (notified stays false)', async () => {
    sink.failNext(503);
    const t = await wf.request(INPUT);
    await wf.settled();
    expect(wf.list()[0]).toMatchObject({ notified: false, status: { state: 'pending' } });
    expect(approve(t.approvalId)).toMatchObject({ ok: true });
  });
});
