import { createServer, type Server } from 'node:http';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalAuditEvent } from '../../../../core/approvals/audit-event.js';
import type { ApprovalRequestInput } from '../../../../core/approvals/request.js';
import { makeNotifyActivity, makeRecordActivity } from '../../../../functions/approvals/activities.js';
import { APPROVAL_FUNCTIONS } from '../../../../functions/approvals/activity-names.js';
import type { HttpDeps } from '../../../../functions/approvals/http-common.js';
import { postDecision } from '../../../../functions/approvals/http-decision.js';
import { reviewPage } from '../../../../functions/approvals/http-review.js';
import { startApproval } from '../../../../functions/approvals/http-start.js';
import { approvalStatus } from '../../../../functions/approvals/http-status.js';
import { HttpApprovalService } from '../../../../proxy/approvals/http-approval-service.js';
import {
  ALICE,
  clientPrincipal,
  formToken,
  request,
  settings,
} from '../../functions/approvals/http-fixtures.js';
import { ReplayedDurable } from '../../functions/approvals/replayed-durable.js';

/**
 * The proxy's HTTP client against the real Functions HTTP handlers served by a node HTTP server
 * (standing in for the Functions host: routing and the function-key check), over the orchestrator
 * replayed by durable-functions.
 */
const KEY = 'fn-key-0123456789';
let server: Server;
let base: string;
let durable: ReplayedDurable;
let deps: HttpDeps;
let hits: string[];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push(`${req.method} ${url.pathname}${url.search}`);
    let out: HttpResponseInit;
    if (req.headers['x-functions-key'] !== KEY) {
      out = { status: 401, body: '' };
    } else {
      const m = /^\/api\/approvals(?:\/([^/]+))?$/.exec(url.pathname);
      const r = new HttpRequest({
        method: req.method ?? 'GET',
        url: `http://x${req.url}`,
        headers: req.headers as Record<string, string>,
        params: m?.[1] ? { id: m[1] } : {},
        ...(chunks.length ? { body: { string: Buffer.concat(chunks).toString('utf8') } } : {}),
      });
      out = !m
        ? { status: 404 }
        : req.method === 'POST' && !m[1]
          ? await startApproval(r, deps)
          : await approvalStatus(r, deps);
    }
    res.writeHead(out.status ?? 200, (out.headers ?? {}) as Record<string, string>);
    res.end(out.body === undefined ? '' : String(out.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

beforeEach(() => {
  hits = [];
  const s = settings();
  const activityDeps = { settings: s, audit: async () => undefined };
  durable = new ReplayedDurable(
    {
      [APPROVAL_FUNCTIONS.notify]: makeNotifyActivity(activityDeps),
      [APPROVAL_FUNCTIONS.record]: makeRecordActivity(activityDeps),
    },
    () => new Date(),
  );
  deps = {
    settings: s,
    durable,
    now: () => new Date(),
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 100))),
  };
});

const INPUT: ApprovalRequestInput = {
  agent: { agentId: 'agent-app-1', subject: 'agent-sub-1' },
  resource: 'ehr',
  statement: 'UPDATE patients SET city = $1 WHERE patient_id = $2',
  fingerprint: 'cafe0001',
  ruleId: 'hipaa-baseline/phi-write',
  reason: 'writes to a PHI table need a human approval',
  scope: { kind: 'once', validForMs: 600_000 },
  requestKey: 'sess-9:1',
};
const CLAIM = {
  agentId: 'agent-app-1',
  resource: 'ehr',
  fingerprint: 'cafe0001',
  statement: INPUT.statement,
};

/** Alice approves through the review page and the decision function, as in the browser. */
async function aliceApproves(id: string): Promise<void> {
  const headers = { 'x-ms-client-principal': clientPrincipal(ALICE) };
  const page = await reviewPage(
    request('GET', `/api/approvals/${id}/review`, { params: { id }, headers }),
    deps,
  );
  const token = formToken(String(page.body), 'approve');
  const res = await postDecision(
    request('POST', `/api/approvals/${id}/decision`, {
      params: { id },
      body: new URLSearchParams({ token }).toString(),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    }),
    deps,
  );
  expect(res.status).toBe(200);
}

const service = (over: Partial<ConstructorParameters<typeof HttpApprovalService>[0]> = {}) =>
  new HttpApprovalService({ baseUrl: base, functionKey: KEY, longPollMs: 2_000, ...over });

describe('HttpApprovalService against the Functions app', () => {
  it('request is idempotent; hold: waitForDecision long-polls until the approval, then the once grant is claimed once', async () => {
    const events: ApprovalAuditEvent[] = [];
    const svc = service({ onEvent: (e) => void events.push(e) });
    const t = await svc.request(INPUT);
    expect(t).toMatchObject({
      status: 'pending',
      reviewUrl: `https://phigate-func.example.net/api/approvals/${t.approvalId}/review`,
    });
    expect((await svc.request(INPUT)).approvalId).toBe(t.approvalId);
    expect(durable.startCalls).toBe(1);

    setTimeout(() => void aliceApproves(t.approvalId), 300);
    const s = await svc.waitForDecision(t.approvalId, { timeoutMs: 10_000 });
    expect(s).toMatchObject({ state: 'approved', approver: { id: ALICE.oid } });
    expect(hits.some((h) => h.includes('waitMs='))).toBe(true);
    expect(await svc.claimGrant(CLAIM)).toMatchObject({ approvalId: t.approvalId, kind: 'once' });
    expect(await svc.claimGrant(CLAIM)).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['approval.approved']);
  });

  it('defer: claimGrant refreshes approvals this process asked for and finds the decided one', async () => {
    const svc = service();
    const t = await svc.request(INPUT);
    expect(await svc.claimGrant(CLAIM)).toBeUndefined();
    await aliceApproves(t.approvalId);
    expect(await svc.claimGrant(CLAIM)).toMatchObject({ approvalId: t.approvalId });
    expect(await svc.claimGrant(CLAIM)).toBeUndefined();
  });

  it('waitForDecision returns pending at its timeout and rejects when aborted', async () => {
    const svc = service({ longPollMs: 500 });
    const t = await svc.request(INPUT);
    expect(await svc.waitForDecision(t.approvalId, { timeoutMs: 700 })).toMatchObject({ state: 'pending' });
    const ac = new AbortController();
    const p = svc.waitForDecision(t.approvalId, { timeoutMs: 10_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await expect(p).rejects.toMatchObject({ code: 'APPROVAL_WAIT_ABORTED' });
  });

  it('fails closed with PG001 when the control plane is unreachable or refuses the key, and never echoes the key', async () => {
    const down = new HttpApprovalService({
      baseUrl: 'http://127.0.0.1:9',
      functionKey: KEY,
      requestTimeoutMs: 1_000,
    });
    const e1 = await down.request(INPUT).catch((e: unknown) => e);
    expect(e1).toMatchObject({ code: 'APPROVAL_UNAVAILABLE', sqlstate: 'PG001' });
    const wrong = service({ functionKey: 'wrong' });
    const e2 = await wrong.request(INPUT).catch((e: unknown) => e as Error);
    expect(e2).toMatchObject({ code: 'APPROVAL_UNAVAILABLE', sqlstate: 'PG001' });
    expect(String((e2 as Error).message)).not.toContain('wrong');
    expect(String((e1 as Error).message)).not.toContain(KEY);
  });

  it('refuses invalid requests locally and unknown approvals', async () => {
    const svc = service();
    await expect(svc.request({ ...INPUT, resource: '' })).rejects.toMatchObject({
      code: 'APPROVAL_REQUEST_INVALID',
    });
    await expect(svc.status('apr-00000000000000000000000000000000')).rejects.toMatchObject({
      code: 'APPROVAL_NOT_FOUND',
    });
    await expect(svc.status('../../admin')).rejects.toMatchObject({ code: 'APPROVAL_NOT_FOUND' });
  });
});
