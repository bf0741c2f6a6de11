import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalAuditEvent } from '../../../../core/approvals/audit-event.js';
import type { DecisionForm } from '../../../../core/approvals/decision-intake.js';
import { LocalApprovalWorkflow } from '../../../../proxy/approvals/local-workflow.js';
import { startWebhookSink } from '../../functions/approvals/http-fixtures.js';
import { CLAIM, form, GROUP, INPUT, who } from './local-fixtures.js';

/** Approver-chosen windows in the local workflow: grant binding, validation, the maximum. */
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

describe('local approval workflow: windows chosen by the approver', () => {
  it('an approver grants a window for a once request: bound to agent + resource + pattern, from the decision for the chosen duration', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const t = await wf.request(INPUT);
    const decidedAt = Date.now();
    const tokens = wf.mintTokens(t.approvalId, who('alice'));
    const pattern = 'DELETE FROM lab_results WHERE lab_id = *';
    const r = wf.submitDecision(
      t.approvalId,
      who('alice'),
      form(tokens.windowToken!, { minutes: 30, pattern }),
    );
    expect(r).toMatchObject({
      ok: true,
      status: {
        state: 'approved',
        grant: {
          kind: 'window',
          approvalId: t.approvalId,
          agentId: 'demo-agent',
          resource: 'ehr',
          statementPattern: pattern,
          validFrom: new Date(decidedAt).toISOString(),
          validUntil: new Date(decidedAt + 30 * 60_000).toISOString(),
        },
      },
    });
    const claim = (statement: string, over: Partial<typeof CLAIM> = {}) =>
      wf.claimGrant({ ...CLAIM, fingerprint: 'any', statement, ...over });
    for (const id of [9, 10, 11, -4]) {
      expect(await claim(`delete from lab_results where lab_id = ${id}`)).toMatchObject({
        approvalId: t.approvalId,
        kind: 'window',
      });
    }
    expect(await claim('delete from lab_results where lab_id = 9 or true')).toBeUndefined();
    expect(await claim('delete from lab_results where lab_id = lab_id')).toBeUndefined();
    expect(await claim('delete from lab_results')).toBeUndefined();
    expect(await claim('delete from lab_results where lab_id = 9; delete from lab_results')).toBeUndefined();
    expect(await claim('delete from lab_results where lab_id = 9', { agentId: 'other' })).toBeUndefined();
    expect(await claim('delete from lab_results where lab_id = 9', { resource: 'billing' })).toBeUndefined();

    await wf.settled();
    const approved = events.find((e) => e.type === 'approval.approved');
    expect(approved).toMatchObject({ grant: { kind: 'window', statementPattern: pattern } });
    const followUp = JSON.stringify(sink.cards.at(-1));
    expect(followUp).toContain('Approved by alice');
    expect(followUp).toContain('a window of 30 min');

    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(await claim('delete from lab_results where lab_id = 9')).toBeUndefined();
  });

  it('refuses a bad window before anything is decided (the token stays usable); the maximum binds', async () => {
    const t = await wf.request(INPUT);
    const tk = wf.mintTokens(t.approvalId, who('alice'));
    const alice = who('alice');
    const good = 'delete from lab_results where lab_id = *';
    const refusals: Array<[DecisionForm, string, string | RegExp]> = [
      [
        form(tk.windowToken!, { minutes: 30, pattern: 'delete from encounters where id = *' }),
        'window-invalid',
        /does not match/,
      ],
      [
        form(tk.windowToken!, { minutes: 481, pattern: good }),
        'window-invalid',
        /between 1 minute and 480 minutes/,
      ],
      [
        form(tk.windowToken!, { minutes: 30, pattern: `${good}; delete from lab_results` }),
        'window-invalid',
        /one statement/,
      ],
      [
        form(tk.windowToken!, { minutes: 30, pattern: "delete from lab_results where lab_id = 'x" }),
        'window-invalid',
        /unterminated/,
      ],
      [{ ...form(tk.windowToken!), windowMinutes: 'soon', pattern: good }, 'window-invalid', /whole number/],
      [form(tk.approveToken, { minutes: 30, pattern: good }), 'scope-mismatch', /does not grant a window/],
      [form(tk.denyToken, { minutes: 30, pattern: good }), 'scope-mismatch', /does not grant a window/],
    ];
    for (const [f, code, reason] of refusals) {
      const r = wf.submitDecision(t.approvalId, alice, f);
      expect(r).toMatchObject({ ok: false, code, reason: expect.stringMatching(reason) });
      if (!r.ok) expect(r.reason).not.toContain('lab_results');
    }
    expect(await wf.status(t.approvalId)).toMatchObject({ state: 'pending', rejected: [] });
    expect(
      wf.submitDecision(t.approvalId, alice, form(tk.windowToken!, { minutes: 480, pattern: good })),
    ).toMatchObject({
      ok: true,
      status: { grant: { kind: 'window' } },
    });
  });

  it('with windows turned off (maxWindowMs 0) the page has no window token and a window event is refused and recorded', async () => {
    const off = new LocalApprovalWorkflow({
      baseUrl: 'http://127.0.0.1:7071',
      approverGroup: GROUP,
      signingKey: Buffer.alloc(32, 4),
      defaultTimeoutMs: 300_000,
      maxTimeoutMs: 600_000,
      decisionTokenMs: 120_000,
      maxWindowMs: 0,
      webhookUrl: undefined,
    });
    try {
      const t = await off.request(INPUT);
      expect(off.mintTokens(t.approvalId, who('alice')).windowToken).toBeUndefined();
      const raw = {
        approvalId: t.approvalId,
        action: 'approve',
        approver: who('alice'),
        decidedAt: new Date().toISOString(),
        tokenId: 'raw-1',
        scope: {
          kind: 'window',
          windowMs: 600_000,
          statementPattern: 'delete from lab_results where lab_id = *',
        },
      };
      expect(off.applyDecision(raw)).toMatchObject({ ok: false, code: 'scope-invalid', httpStatus: 422 });
      expect(await off.status(t.approvalId)).toMatchObject({
        state: 'pending',
        rejected: [{ code: 'scope_invalid', reason: 'windows are not enabled for this approval' }],
      });
    } finally {
      await off.close();
    }
  });
});
