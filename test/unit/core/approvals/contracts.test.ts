import { describe, expect, it } from 'vitest';
import { approvalInstanceId, isApprovalId } from '../../../../core/approvals/instance-id.js';
import { pendingStatus } from '../../../../core/approvals/outcome.js';
import { approvalRequestInputSchema, buildApprovalRequest } from '../../../../core/approvals/request.js';
import { renderReviewPage } from '../../../../core/approvals/review-page.js';
import { matchesStatementPattern, normalizeStatement } from '../../../../core/approvals/statement-pattern.js';
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
      { approvalId: 'apr-x', now, defaultTimeoutMs: 900_000, maxTimeoutMs: 3_600_000, approverGroup: 'g' },
    );
    expect(r).toMatchObject({
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

describe('window statement patterns', () => {
  it.each([
    ['insert into lab_results *', 'INSERT INTO lab_results (lab_id) VALUES (1);', true],
    ['insert into lab_results *', '  insert   into\n lab_results values (2)  ', true],
    [
      'update encounters set discharged_at = * where encounter_id = *',
      'UPDATE encounters SET discharged_at = now() WHERE encounter_id = 7',
      true,
    ],
    // The space after the table name is part of the pattern: another table with a longer name does not match.
    ['insert into lab_results *', 'insert into lab_results_archive values (1)', false],
    ['insert into lab_results*', 'insert into lab_results_archive values (1)', true],
    ['insert into lab_results *', 'delete from lab_results', false],
    ['select * from patients where patient_id = *', 'select * from patients', false],
    ['*', 'anything at all', true],
    ['a*b*c', 'a' + 'b'.repeat(5000) + 'x', false],
  ])('%s ~ %s → %s', (p, s, expected) => {
    expect(matchesStatementPattern(p, s)).toBe(expected);
  });

  it('normalizes whitespace, case and trailing semicolons', () => {
    expect(normalizeStatement('  SELECT\t1 ;; ')).toBe('select 1');
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
  it('renders both forms with their tokens when the viewer may decide', () => {
    const html = renderReviewPage({
      request: r,
      status: pendingStatus(r, []),
      viewer: { name: 'Alice', cannotDecide: undefined },
      forms: { action: '/approvals/x/decision', approveToken: 'AAA', denyToken: 'DDD' },
      intent: 'approve',
    });
    expect(html.match(/<form method="post"/g)).toHaveLength(2);
    expect(html).toContain('value="AAA"');
    expect(html).toContain('value="DDD"');
    expect(html).toContain('class="decide approve intent"');
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
