import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalAuditEvent } from '../../../../core/approvals/audit-event.js';
import { DECISION_EVENT } from '../../../../core/approvals/decision.js';
import { signDecisionToken } from '../../../../core/approvals/decision-token.js';
import type { ApprovalRequestInput } from '../../../../core/approvals/request.js';
import { makeNotifyActivity, makeRecordActivity } from '../../../../functions/approvals/activities.js';
import { APPROVAL_FUNCTIONS } from '../../../../functions/approvals/activity-names.js';
import type { HttpDeps } from '../../../../functions/approvals/http-common.js';
import { postDecision } from '../../../../functions/approvals/http-decision.js';
import { reviewPage } from '../../../../functions/approvals/http-review.js';
import { startApproval } from '../../../../functions/approvals/http-start.js';
import { approvalStatus } from '../../../../functions/approvals/http-status.js';
import {
  ALICE,
  BOB,
  clientPrincipal,
  formToken,
  MALLORY,
  problemOf,
  request,
  settings,
  startWebhookSink,
} from './http-fixtures.js';
import { ReplayedDurable } from './replayed-durable.js';

const INPUT: ApprovalRequestInput = {
  agent: {
    agentId: 'agent-app-1',
    subject: 'agent-sub-1',
    objectId: 'agent-oid-1',
    displayName: 'Claims bot',
  },
  resource: 'ehr',
  statement: "DELETE FROM encounters WHERE notes LIKE '%<script>alert(1)</script>%'",
  fingerprint: 'f00dfeedf00dfeed',
  ruleId: 'hipaa-baseline/phi-write',
  reason: 'writes to a PHI table need a human approval',
  scope: { kind: 'once', validForMs: 600_000 },
  requestKey: 'sess-1:3',
};
/** The agent's own identity signed in as a human (same object id), and in the approvers group. */
const REQUESTER = { oid: 'agent-oid-1', name: 'Claims bot owner', groups: ['grp-approvers'] };

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
beforeEach(() => {
  clock = Date.parse('2026-11-28T10:00:00.000Z');
  sink.cards.length = 0;
  audit = [];
  const s = settings({ teamsWebhookUrl: sink.url });
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
});

const start = (
  body: unknown = INPUT,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) =>
  startApproval(
    request('POST', '/api/approvals', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers,
    }),
    deps,
  );

async function started(): Promise<string> {
  const res = await start();
  expect(res.status).toBe(201);
  return (JSON.parse(String(res.body)) as { approvalId: string }).approvalId;
}

const review = (id: string, who?: Parameters<typeof clientPrincipal>[0], query = '') =>
  reviewPage(
    request('GET', `/api/approvals/${id}/review${query}`, {
      params: { id },
      headers: who ? { 'x-ms-client-principal': clientPrincipal(who) } : {},
    }),
    deps,
  );

const decide = (
  id: string,
  who: Parameters<typeof clientPrincipal>[0] | undefined,
  token: string,
  accept = 'application/json',
) =>
  postDecision(
    request('POST', `/api/approvals/${id}/decision`, {
      params: { id },
      body: new URLSearchParams({ token, comment: 'ok' }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept,
        ...(who ? { 'x-ms-client-principal': clientPrincipal(who) } : {}),
      },
    }),
    deps,
  );

const status = async (id: string, query = '') => {
  const res = await approvalStatus(request('GET', `/api/approvals/${id}${query}`, { params: { id } }), deps);
  return { res, doc: JSON.parse(String(res.body)) as Record<string, unknown> };
};

describe('start', () => {
  it('starts one approval, posts the request card, records approval.requested', async () => {
    const res = await start();
    expect(res.status).toBe(201);
    const ticket = JSON.parse(String(res.body));
    expect(ticket).toMatchObject({ status: 'pending', expiresAt: '2026-11-28T10:15:00.000Z' });
    expect(ticket.approvalId).toMatch(/^apr-[0-9a-f]{32}$/);
    expect(ticket.reviewUrl).toBe(
      `https://phigate-func.example.net/api/approvals/${ticket.approvalId}/review`,
    );
    expect(sink.cards).toHaveLength(1);
    const card = sink.cards[0]!.attachments[0].content;
    const urls = (card.actions ?? []).map((a) => a.url as string);
    expect(urls).toEqual([
      `${ticket.reviewUrl}?intent=approve`,
      `${ticket.reviewUrl}?intent=deny`,
      ticket.reviewUrl,
    ]);
    expect(JSON.stringify(card)).not.toMatch(/code=|sig=|token/i);
    expect(audit.map((e) => e.type)).toEqual(['approval.requested']);
  });

  it('is idempotent: the same request gives the same id and starts nothing new', async () => {
    const a = JSON.parse(String((await start()).body));
    const again = await start();
    expect(again.status).toBe(200);
    expect(JSON.parse(String(again.body))).toMatchObject({ approvalId: a.approvalId, status: 'pending' });
    expect(durable.startCalls).toBe(1);
    expect(sink.cards).toHaveLength(1);
    const other = JSON.parse(String((await start({ ...INPUT, requestKey: 'sess-1:4' })).body));
    expect(other.approvalId).not.toBe(a.approvalId);
  });

  it('returns a finished approval as it is (a late retry does not start a second one)', async () => {
    const id = await started();
    await durable.fireTimers(id);
    const again = await start();
    expect(again.status).toBe(200);
    expect(JSON.parse(String(again.body))).toMatchObject({ approvalId: id, status: 'expired' });
    expect(durable.startCalls).toBe(1);
  });

  it.each([
    ['not JSON', '{nope', 'json-invalid', 400],
    ['missing fields', { agent: INPUT.agent }, 'approval-request-invalid', 400],
    ['a bad scope', { ...INPUT, scope: { kind: 'forever' } }, 'approval-request-invalid', 400],
  ])('refuses %s with problem+json', async (_l, body, code, st) => {
    const p = await problemOf(await start(body));
    expect(p).toMatchObject({ status: st, type: 'application/problem+json', doc: { code, status: st } });
    expect(JSON.stringify(p.doc)).not.toContain('encounters');
  });

  it('refuses a non-JSON content type (415) and a caller outside the proxy identities (403)', async () => {
    expect((await problemOf(await start(INPUT, { 'content-type': 'text/plain' }))).doc.code).toBe(
      'json-required',
    );
    deps = { ...deps, settings: settings({ proxyPrincipalIds: ['proxy-mi-oid'] }) };
    expect((await problemOf(await start())).doc.code).toBe('caller-not-allowed');
    const ok = await start(INPUT, {
      'content-type': 'application/json',
      'x-ms-client-principal-id': 'proxy-mi-oid',
    });
    expect(ok.status).toBe(201);
  });
});

describe('status', () => {
  it('reports pending, then the outcome; unknown ids are 404 problems', async () => {
    const id = await started();
    expect((await status(id)).doc).toMatchObject({
      state: 'pending',
      approvalId: id,
      agentId: 'agent-app-1',
    });
    expect((await problemOf((await status('apr-ffffffffffffffffffffffffffffffff')).res)).doc.code).toBe(
      'approval-not-found',
    );
    expect((await problemOf((await status('../etc')).res)).status).toBe(404);
    expect((await problemOf((await status(id, '?waitMs=-5')).res)).doc.code).toBe('wait-invalid');
  });

  it('long-polls at most 25 s while pending', async () => {
    const id = await started();
    const before = clock;
    const { doc } = await status(id, '?waitMs=600000');
    expect(doc.state).toBe('pending');
    expect(clock - before).toBe(25_000);
  });
});

describe('review page', () => {
  it('requires App Service authentication', async () => {
    const id = await started();
    const p = await problemOf(await review(id));
    expect(p).toMatchObject({
      status: 401,
      type: 'application/problem+json',
      doc: { code: 'not-signed-in' },
    });
    const bad = await reviewPage(
      request('GET', `/api/approvals/${id}/review`, {
        params: { id },
        headers: { 'x-ms-client-principal': 'bm90IGpzb24=' },
      }),
      deps,
    );
    expect((await problemOf(bad)).doc.code).toBe('principal-malformed');
    const browser = await reviewPage(
      request('GET', `/api/approvals/${id}/review?intent=approve`, {
        params: { id },
        headers: { accept: 'text/html' },
      }),
      deps,
    );
    expect(browser.status).toBe(302);
    expect((browser.headers as Record<string, string>).location).toBe(
      `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(`/api/approvals/${id}/review?intent=approve`)}`,
    );
  });

  it('shows agent, resource, the full statement (escaped), rule, reason, times, and two forms for an approver', async () => {
    const id = await started();
    const res = await review(id, ALICE, '?intent=deny');
    expect(res.status).toBe(200);
    const html = String(res.body);
    for (const s of [
      'Claims bot (agent-app-1)',
      'ehr',
      'hipaa-baseline/phi-write',
      'writes to a PHI table',
      '2026-11-28T10:00:00.000Z',
      '2026-11-28T10:15:00.000Z',
      'Alice Approver',
    ]) {
      expect(html).toContain(s);
    }
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/class="decide deny intent"/);
    expect(formToken(html, 'approve')).not.toBe(formToken(html, 'deny'));
    expect((res.headers as Record<string, string>)['content-security-policy']).toContain(
      "default-src 'none'",
    );
  });

  it('shows no forms to a non-member or to the requester', async () => {
    const id = await started();
    expect(String((await review(id, MALLORY)).body)).toContain('not a member of the approvers group');
    expect(String((await review(id, MALLORY)).body)).not.toContain('name="token"');
    expect(String((await review(id, REQUESTER)).body)).toContain('you are the requester');
    expect(String((await review(id, REQUESTER)).body)).not.toContain('name="token"');
  });

  it('refuses a sign-in whose token lists no groups (overage) instead of guessing', async () => {
    const id = await started();
    const p = await problemOf(
      await review(id, { ...ALICE, extra: [{ typ: '_claim_names', val: '{"groups":"src1"}' }] }),
    );
    expect(p.doc.code).toBe('groups-overage');
  });
});

describe('decision', () => {
  it('approve: raises the event, the orchestration completes approved, the follow-up card is posted', async () => {
    const id = await started();
    const token = formToken(String((await review(id, ALICE)).body), 'approve');
    const res = await decide(id, ALICE, token);
    expect(res.status).toBe(200);
    expect(JSON.parse(String(res.body))).toMatchObject({
      state: 'approved',
      approver: { id: ALICE.oid, name: ALICE.name },
    });
    expect(durable.raised).toHaveLength(1);
    expect(durable.raised[0]).toMatchObject({
      id,
      name: DECISION_EVENT,
      data: { action: 'approve', approver: { id: ALICE.oid } },
    });
    expect(sink.cards).toHaveLength(2);
    expect(JSON.stringify(sink.cards[1])).toContain('Approved by Alice Approver');
    expect(audit.map((e) => e.type)).toEqual(['approval.requested', 'approval.approved']);
    expect((await status(id)).doc).toMatchObject({
      state: 'approved',
      grant: { kind: 'once', fingerprint: INPUT.fingerprint },
    });
  });

  it('deny from a browser form answers with an HTML result page', async () => {
    const id = await started();
    const token = formToken(String((await review(id, BOB)).body), 'deny');
    const res = await decide(id, BOB, token, 'text/html');
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('Denied by <strong>Bob Approver</strong>');
  });

  it('refuses a reused token: the approval is closed after its first use', async () => {
    const id = await started();
    const token = formToken(String((await review(id, ALICE)).body), 'approve');
    expect((await decide(id, ALICE, token)).status).toBe(200);
    const p = await problemOf(await decide(id, ALICE, token));
    expect(p).toMatchObject({ status: 409, doc: { code: 'approval-closed' } });
    expect(durable.raised).toHaveLength(1);
  });

  it('refuses a token the orchestration already consumed while the approval is still pending', async () => {
    const id = await started();
    const token = formToken(String((await review(id, ALICE)).body), 'approve');
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;
    // The same token raised once before by a decision the orchestrator refused (here: a non-member).
    await durable.raiseEvent(id, DECISION_EVENT, {
      approvalId: id,
      action: 'approve',
      approver: {
        id: MALLORY.oid,
        name: MALLORY.name,
        aliases: [],
        groups: MALLORY.groups,
        source: 'app-service',
      },
      decidedAt: new Date(clock).toISOString(),
      tokenId: jti,
    });
    expect((await status(id)).doc).toMatchObject({
      state: 'pending',
      rejected: [{ code: 'not_an_approver' }],
    });
    const p = await problemOf(await decide(id, ALICE, token));
    expect(p).toMatchObject({ status: 409, doc: { code: 'token-used' } });
  });

  it('refuses forged tokens: altered payload, altered signature, another key, garbage', async () => {
    const id = await started();
    const token = formToken(String((await review(id, ALICE)).body), 'deny');
    const [v, payload, sig] = token.split('.') as [string, string, string];
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const flipped = Buffer.from(JSON.stringify({ ...body, act: 'approve' })).toString('base64url');
    const otherKey = signDecisionToken(Buffer.alloc(32, 7), {
      approvalId: id,
      action: 'approve',
      approverId: ALICE.oid,
      expiresAt: clock + 60_000,
    });
    const cases: Array<[string, string]> = [
      [`${v}.${flipped}.${sig}`, 'token-forged'],
      [`${v}.${payload}.${sig.slice(0, -2)}AA`, 'token-forged'],
      [otherKey, 'token-forged'],
      ['not-a-token', 'token-malformed'],
    ];
    for (const [t, code] of cases) {
      const p = await problemOf(await decide(id, ALICE, t));
      expect(p, code).toMatchObject({ status: 403, type: 'application/problem+json', doc: { code } });
    }
    expect(durable.raised).toHaveLength(0);
  });

  it('refuses an expired token', async () => {
    const id = await started();
    const token = formToken(String((await review(id, ALICE)).body), 'approve');
    clock += 600_001; // token lifetime 600 s, approval still pending (900 s)
    const p = await problemOf(await decide(id, ALICE, token));
    expect(p).toMatchObject({ status: 403, doc: { code: 'token-expired' } });
    expect(durable.raised).toHaveLength(0);
  });

  it('refuses a token minted for someone else, or for another approval', async () => {
    const id = await started();
    const token = formToken(String((await review(id, ALICE)).body), 'approve');
    expect((await problemOf(await decide(id, BOB, token))).doc.code).toBe('token-wrong-approver');
    const other = await startApproval(
      request('POST', '/api/approvals', {
        body: JSON.stringify({ ...INPUT, requestKey: 'x' }),
        headers: { 'content-type': 'application/json' },
      }),
      deps,
    );
    const otherId = JSON.parse(String(other.body)).approvalId as string;
    expect((await problemOf(await decide(otherId, ALICE, token))).doc.code).toBe('token-wrong-approval');
    expect(durable.raised).toHaveLength(0);
  });

  it('refuses self-approval even with a validly signed token', async () => {
    const id = await started();
    const token = signDecisionToken(deps.settings.signingKey, {
      approvalId: id,
      action: 'approve',
      approverId: REQUESTER.oid,
      expiresAt: clock + 60_000,
    });
    const p = await problemOf(await decide(id, REQUESTER, token));
    expect(p).toMatchObject({ status: 403, doc: { code: 'self-approval' } });
    expect(durable.raised).toHaveLength(0);
  });

  it('refuses a non-member even with a validly signed token', async () => {
    const id = await started();
    const token = signDecisionToken(deps.settings.signingKey, {
      approvalId: id,
      action: 'approve',
      approverId: MALLORY.oid,
      expiresAt: clock + 60_000,
    });
    const p = await problemOf(await decide(id, MALLORY, token));
    expect(p).toMatchObject({ status: 403, doc: { code: 'not-an-approver' } });
    expect(durable.raised).toHaveLength(0);
  });

  it('requires a signed-in user and a token', async () => {
    const id = await started();
    expect((await problemOf(await decide(id, undefined, 'x'))).status).toBe(401);
    expect((await problemOf(await decide(id, ALICE, ''))).doc.code).toBe('token-missing');
  });

  it('timeout: the approval expires, the follow-up card says so, decisions are refused', async () => {
    const id = await started();
    const token = formToken(String((await review(id, ALICE)).body), 'approve');
    clock += 900_000;
    await durable.fireTimers(id);
    expect((await status(id)).doc).toMatchObject({ state: 'expired', decidedAt: '2026-11-28T10:15:00.000Z' });
    expect(JSON.stringify(sink.cards.at(-1))).toContain('Expired without a decision');
    expect(audit.map((e) => e.type)).toEqual(['approval.requested', 'approval.expired']);
    expect((await problemOf(await decide(id, ALICE, token))).status).toBe(403); // token expired with the approval
  });

  it('a card Teams refuses does not fail the start: the approval is pending', async () => {
    sink.failNext(500);
    const id = await started(); // notify fails (the extension would retry); the approval waits
    expect((await status(id)).doc.state).toBe('pending');
  });
});
