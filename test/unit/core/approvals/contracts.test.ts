import { describe, expect, it } from 'vitest';
import { approvalInstanceId, isApprovalId } from '../../../../core/approvals/instance-id.js';
import { pendingStatus } from '../../../../core/approvals/outcome.js';
import { approvalRequestInputSchema, buildApprovalRequest } from '../../../../core/approvals/request.js';
import { renderResultPage, renderReviewPage } from '../../../../core/approvals/review-page.js';
import { approvalsSchema } from '../../../../core/config/approvals.js';
import { approvalRequest } from '../../functions/approvals/fixtures.js';

const input = approvalRequestInputSchema.parse({
  agent: { agentId: 'a', subject: 's' },
  resource: 'ehr',
  statement: 'select 1',
  fingerprint: 'ff00',
  ruleId: 'r',
  reason: 'why',
  scope: { kind: 'once' },
  requestKey: 'k1',
});

describe('approval instance id', () => {
  it('is deterministic and changes with every bound field', () => {
    const id = approvalInstanceId(input);
    expect(isApprovalId(id)).toBe(true);
    expect(approvalInstanceId({ ...input })).toBe(id);
    // The statement text itself is not part of the id (the fingerprint is).
    expect(approvalInstanceId({ ...input, statement: 'SELECT 1' })).toBe(id);
    const variants = [
      { ...input, agent: { ...input.agent, agentId: 'b' } },
      { ...input, resource: 'other' },
      { ...input, fingerprint: 'ff01' },
      { ...input, requestKey: 'k2' },
      { ...input, scope: { kind: 'window' as const, windowMs: 60_000, statementPattern: 'select *' } },
    ];
    expect(new Set([id, ...variants.map(approvalInstanceId)]).size).toBe(variants.length + 1);
  });
});

describe('approval request', () => {
  it('defaults the once window, clamps the timeout and fixes the times', () => {
    expect(input.scope).toEqual({ kind: 'once', validForMs: 600_000 });
    const now = new Date('2026-01-01T00:00:00.000Z');
    const r = buildApprovalRequest(
      { ...input, timeoutMs: 10 * 3_600_000 },
      {
        approvalId: 'apr-x',
        now,
        defaultTimeoutMs: 900_000,
        maxTimeoutMs: 3_600_000,
        approverGroup: 'g',
        maxWindowMs: 7_200_000,
      },
    );
    expect(r).toMatchObject({
      maxWindowMs: 7_200_000,
      timeoutMs: 3_600_000,
      requestedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T01:00:00.000Z',
      approverGroup: 'g',
    });
  });

  it('rejects bad input with the path, never the value', () => {
    const r = approvalRequestInputSchema.safeParse({ ...input, fingerprint: "x' or 1=1 --", statement: '' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['statement', 'fingerprint']);
    expect(JSON.stringify(r.error?.issues.map((i) => i.message))).not.toContain('or 1=1');
  });
});

describe('review page', () => {
  const r = approvalRequest({
    statement: `select '</pre><script>alert(1)</script>' from "x"`,
    reason: 'a <b>bold</b> reason',
  });
  it('escapes every request field and shows no forms without tokens', () => {
    const html = renderReviewPage({
      request: r,
      status: pendingStatus(r, []),
      viewer: { name: '<img src=x>', cannotDecide: undefined },
      forms: undefined,
      intent: undefined,
    });
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;');
    expect(html).not.toContain('<form');
  });
  it('renders Approve once and Deny with their tokens; no window form when windows are off', () => {
    const html = renderReviewPage({
      request: r,
      status: pendingStatus(r, []),
      viewer: { name: 'Alice', cannotDecide: undefined },
      forms: { action: '/approvals/x/decision', approveToken: 'AAA', windowToken: 'WWW', denyToken: 'DDD' },
      intent: 'approve',
    });
    // The fixture request has no maxWindowMs: windows are off whatever tokens the caller passes.
    expect(html.match(/<form method="post"/g)).toHaveLength(2);
    expect(html).toContain('value="AAA"');
    expect(html).toContain('value="DDD"');
    expect(html).not.toContain('value="WWW"');
    expect(html).toContain('class="decide approve intent"');
  });

  it('renders the window form: durations up to the maximum, the pattern pre-filled with literals as *', () => {
    const w = approvalRequest({
      statement: "UPDATE patients SET phone = '555-0100' -- call back\n WHERE patient_id = 42",
      maxWindowMs: 2 * 3_600_000,
    });
    const html = renderReviewPage({
      request: w,
      status: pendingStatus(w, []),
      viewer: { name: 'Alice', cannotDecide: undefined },
      forms: { action: '/a/decision', approveToken: 'AAA', windowToken: 'WWW', denyToken: 'DDD' },
      intent: undefined,
    });
    expect(html.match(/<form method="post"/g)).toHaveLength(3);
    expect(html).toMatch(/class="decide window">\s*<input type="hidden" name="token" value="WWW">/);
    const options = [...html.matchAll(/<option value="(\d+)"( selected)?>/g)].map(
      (m) => `${m[1]}${m[2] ? '*' : ''}`,
    );
    expect(options).toEqual(['15', '30', '60*', '120']);
    expect(html).toContain(
      '<textarea name="pattern" rows="3" maxlength="4000" required spellcheck="false">UPDATE patients SET phone = * WHERE patient_id = *</textarea>',
    );
  });

  it('the result page shows the granted window and its pattern, escaped', () => {
    const w = approvalRequest({ maxWindowMs: 3_600_000 });
    const html = renderResultPage({
      title: 'Request approved',
      message: 'Your decision was recorded.',
      status: {
        ...pendingStatus(w, []),
        state: 'approved',
        approver: { id: 'u', name: 'Alice' },
        decidedAt: '2026-11-28T10:01:00.000Z',
        grant: {
          kind: 'window',
          approvalId: w.approvalId,
          agentId: 'agent-app-1',
          resource: 'ehr',
          statementPattern: "update patients set note = '<b>' where patient_id = *",
          validFrom: '2026-11-28T10:01:00.000Z',
          validUntil: '2026-11-28T10:31:00.000Z',
        },
      },
      backLink: undefined,
    });
    expect(html).toContain('data-scope="window"');
    expect(html).toContain('a window of 30 min');
    expect(html).toContain('until 2026-11-28T10:31:00.000Z');
    expect(html).toContain('update patients set note = &#39;&lt;b&gt;&#39; where patient_id = *');
  });
});

describe('approvals config section', () => {
  it('defaults to the local backend, hold mode, 15 min timeout', () => {
    expect(approvalsSchema.parse(undefined)).toMatchObject({
      backend: { kind: 'local', approverGroup: 'phigate-approvers' },
      mode: 'hold',
      timeoutSeconds: 900,
    });
  });
  it('rejects unknown keys, a timeout above the maximum, and a functions backend without URL', () => {
    expect(approvalsSchema.safeParse({ bogus: 1 }).success).toBe(false);
    expect(approvalsSchema.safeParse({ timeoutSeconds: 7200, maxTimeoutSeconds: 3600 }).success).toBe(false);
    expect(approvalsSchema.safeParse({ backend: { kind: 'functions' } }).success).toBe(false);
    expect(
      approvalsSchema.parse({
        backend: { kind: 'functions', baseUrl: 'https://f.example.net', functionKeyEnv: 'K' },
      }).backend,
    ).toMatchObject({ kind: 'functions', longPollMs: 20_000 });
  });
});
