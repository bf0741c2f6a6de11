import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalAuditEvent } from '../../../../core/approvals/audit-event.js';
import type { ApprovalRequestInput } from '../../../../core/approvals/request.js';
import { makeNotifyActivity, makeRecordActivity } from '../../../../functions/approvals/activities.js';
import { APPROVAL_FUNCTIONS } from '../../../../functions/approvals/activity-names.js';
import { auditEventForLog } from '../../../../functions/approvals/audit-log.js';
import type { HttpDeps } from '../../../../functions/approvals/http-common.js';
import { postDecision } from '../../../../functions/approvals/http-decision.js';
import { reviewPage } from '../../../../functions/approvals/http-review.js';
import { startApproval } from '../../../../functions/approvals/http-start.js';
import { approvalStatus } from '../../../../functions/approvals/http-status.js';
import { loadApprovalSettings } from '../../../../functions/approvals/settings.js';
import {
  ALICE,
  clientPrincipal,
  formToken,
  problemOf,
  request,
  settings,
  startWebhookSink,
} from './http-fixtures.js';
import { ReplayedDurable } from './replayed-durable.js';

/**
 * The window choice through the Functions HTTP layer with real `HttpRequest` objects and the real
 * orchestrator replayed by durable-functions: the review page offers it, the decision POST binds
 * it to the window button's token and validates it before raising anything, the orchestration
 * grants it, and the status, audit event, follow-up card and result page say what was granted.
 */
const INPUT: ApprovalRequestInput = {
  agent: { agentId: 'agent-app-1', subject: 'agent-sub-1', objectId: 'agent-oid-1' },
  resource: 'ehr',
  statement: "UPDATE patients SET phone = '555-0100' WHERE patient_id = 42",
  fingerprint: 'c0ffee00c0ffee00',
  ruleId: 'hipaa-baseline/phi-write',
  reason: 'writes to a PHI table need a human approval',
  scope: { kind: 'once', validForMs: 600_000 },
  requestKey: 'sess-9:1',
};
const PATTERN = 'UPDATE patients SET phone = * WHERE patient_id = *';

let sink: Awaited<ReturnType<typeof startWebhookSink>>;
let clock: number;
let durable: ReplayedDurable;
let deps: HttpDeps;
let audit: ApprovalAuditEvent[];

beforeAll(async () => {
  sink = await startWebhookSink();
});
afterAll(async () => {
  await sink.close();
});

function setUp(maxWindowMs = 8 * 3_600_000) {
  clock = Date.parse('2026-11-28T10:00:00.000Z');
  sink.cards.length = 0;
  audit = [];
  const s = settings({ teamsWebhookUrl: sink.url, maxWindowMs });
  const activityDeps = { settings: s, audit: async (e: ApprovalAuditEvent) => void audit.push(e) };
  const now = () => new Date(clock);
  durable = new ReplayedDurable(
    {
      [APPROVAL_FUNCTIONS.notify]: makeNotifyActivity(activityDeps),
      [APPROVAL_FUNCTIONS.record]: makeRecordActivity(activityDeps),
    },
    now,
  );
  deps = { settings: s, durable, now, sleep: async (ms) => void (clock += ms) };
}
beforeEach(() => setUp());

async function started(): Promise<string> {
  const res = await startApproval(
    request('POST', '/api/approvals', {
      body: JSON.stringify(INPUT),
      headers: { 'content-type': 'application/json' },
    }),
    deps,
  );
  expect(res.status).toBe(201);
  return (JSON.parse(String(res.body)) as { approvalId: string }).approvalId;
}

const reviewHtml = async (id: string) =>
  String(
    (
      await reviewPage(
        request('GET', `/api/approvals/${id}/review`, {
          params: { id },
          headers: { 'x-ms-client-principal': clientPrincipal(ALICE) },
        }),
        deps,
      )
    ).body,
  );

const decide = (id: string, fields: Record<string, string>, accept = 'application/json') =>
  postDecision(
    request('POST', `/api/approvals/${id}/decision`, {
      params: { id },
      body: new URLSearchParams(fields).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept,
        'x-ms-client-principal': clientPrincipal(ALICE),
      },
    }),
    deps,
  );

describe('approver-chosen window (Functions HTTP)', () => {
  it('the review page offers a window: durations up to the setting, the pattern pre-filled with literals as *', async () => {
    const html = await reviewHtml(await started());
    expect(formToken(html, 'window')).not.toBe(formToken(html, 'approve'));
    expect([...html.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([
      15, 30, 60, 120, 240, 480,
    ]);
    expect(html).toContain(`spellcheck="false">${PATTERN}</textarea>`);
  });

  it('with PHIGATE_MAX_WINDOW_SECONDS=0 there is no window form', async () => {
    setUp(0);
    const html = await reviewHtml(await started());
    expect(html).not.toContain('class="decide window"');
    expect(html.match(/<form method="post"/g)).toHaveLength(2);
  });

  it('approve a window: the event carries it, the grant is the window, and every record says so', async () => {
    const id = await started();
    const token = formToken(await reviewHtml(id), 'window');
    const res = await decide(id, { token, windowMinutes: '30', pattern: PATTERN }, 'text/html');
    expect(res.status).toBe(200);
    const page = String(res.body);
    expect(page).toContain('data-scope="window"');
    expect(page).toContain('a window of 30 min');
    expect(page).toContain(PATTERN);
    expect(durable.raised[0]?.data).toMatchObject({
      action: 'approve',
      scope: { kind: 'window', windowMs: 1_800_000, statementPattern: PATTERN },
    });
    const s = await approvalStatus(request('GET', `/api/approvals/${id}`, { params: { id } }), deps);
    const doc = JSON.parse(String(s.body)) as { grant: Record<string, unknown>; decidedAt: string };
    expect(doc.grant).toEqual({
      kind: 'window',
      approvalId: id,
      agentId: 'agent-app-1',
      resource: 'ehr',
      statementPattern: PATTERN,
      validFrom: doc.decidedAt,
      validUntil: new Date(Date.parse(doc.decidedAt) + 1_800_000).toISOString(),
    });
    const approved = audit.find((e) => e.type === 'approval.approved');
    expect(approved).toMatchObject({ grant: { kind: 'window', statementPattern: PATTERN } });
    // The default log sink keeps the pattern (statement-derived text) out of the log line.
    const logged = JSON.stringify(auditEventForLog(approved!));
    expect(logged).not.toContain('patients');
    expect(logged).toMatch(/"statementPatternSha256":"[0-9a-f]{64}"/);
    expect(JSON.stringify(sink.cards.at(-1))).toContain('a window of 30 min');
  });

  it.each([
    [{ windowMinutes: '30', pattern: 'UPDATE patients SET phone = *' }, 422, 'window-invalid'],
    [{ windowMinutes: '481', pattern: PATTERN }, 422, 'window-invalid'],
    [{ windowMinutes: '', pattern: PATTERN }, 422, 'window-invalid'],
    [{ windowMinutes: '30', pattern: `${PATTERN} OR true` }, 422, 'window-invalid'],
  ])('refuses %j before raising anything; the token stays usable', async (fields, status, code) => {
    const id = await started();
    const token = formToken(await reviewHtml(id), 'window');
    const p = await problemOf(await decide(id, { token, ...fields }));
    expect(p).toMatchObject({ status, doc: { code } });
    expect(String(p.doc.detail)).not.toContain('555-0100');
    expect(durable.raised).toHaveLength(0);
    expect((await decide(id, { token, windowMinutes: '60', pattern: PATTERN })).status).toBe(200);
  });

  it('the once and deny buttons cannot carry a window; a browser gets the result page with a way back', async () => {
    const id = await started();
    const html = await reviewHtml(id);
    for (const which of ['approve', 'deny'] as const) {
      const p = await problemOf(
        await decide(id, { token: formToken(html, which), windowMinutes: '30', pattern: PATTERN }),
      );
      expect(p).toMatchObject({ status: 400, doc: { code: 'scope-mismatch' } });
    }
    const page = await decide(
      id,
      { token: formToken(html, 'approve'), windowMinutes: '30', pattern: PATTERN },
      'text/html',
    );
    expect(page.status).toBe(400);
    expect(String(page.body)).toContain(`/api/approvals/${id}/review`);
    expect(durable.raised).toHaveLength(0);
    // Once still means once.
    expect((await decide(id, { token: formToken(html, 'approve') })).status).toBe(200);
    expect(durable.raised[0]?.data).toMatchObject({ scope: { kind: 'once' } });
  });
});

describe('PHIGATE_MAX_WINDOW_SECONDS', () => {
  const base = {
    PHIGATE_APPROVERS_GROUP: 'grp',
    PHIGATE_APPROVAL_SIGNING_KEY: Buffer.alloc(32, 4).toString('base64'),
    PHIGATE_REVIEW_BASE_URL: 'https://func.example.net',
  };
  it('defaults to 8 h, 0 turns windows off, junk is named', () => {
    expect(loadApprovalSettings(base).maxWindowMs).toBe(28_800_000);
    expect(loadApprovalSettings({ ...base, PHIGATE_MAX_WINDOW_SECONDS: '0' }).maxWindowMs).toBe(0);
    expect(() => loadApprovalSettings({ ...base, PHIGATE_MAX_WINDOW_SECONDS: 'forever' })).toThrow(
      /PHIGATE_MAX_WINDOW_SECONDS/,
    );
  });
});
