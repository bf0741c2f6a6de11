import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalsCommand } from '../../../cli/commands/approvals.js';
import { DEMO_REQUEST, startDevApprovals } from './dev-server.js';

let dev: Awaited<ReturnType<typeof startDevApprovals>>;
beforeEach(async () => {
  dev = await startDevApprovals();
});
afterEach(async () => {
  await dev.close();
});

async function signIn(name: string, approver = true): Promise<string> {
  const res = await fetch(`${dev.baseUrl}/approvals/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      name,
      ...(approver ? { approver: '1' } : {}),
      next: '/approvals',
    }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
  return cookie.split(';')[0]!;
}

const tokenOf = (html: string, action: string) =>
  new RegExp(`class="decide ${action}[^"]*">\\s*<input type="hidden" name="token" value="([^"]+)"`).exec(
    html,
  )?.[1] ?? '';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await approvalsCommand([...argv, '--data-dir', dev.dataDir], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

describe('phigate dev approvals over HTTP', () => {
  it('the request card reaches the local Teams webhook sink over HTTP', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    await dev.workflow.settled();
    const cards = (await (await fetch(`${dev.baseUrl}/approvals/dev/teams-webhook`)).json()) as Array<{
      attachments: Array<{ content: { actions: Array<{ url: string }> } }>;
    }>;
    expect(cards).toHaveLength(1);
    expect(cards[0]!.attachments[0]!.content.actions.map((a) => a.url)).toEqual([
      `${t.reviewUrl}?intent=approve`,
      `${t.reviewUrl}?intent=deny`,
      t.reviewUrl,
    ]);
    const bad = await fetch(`${dev.baseUrl}/approvals/dev/teams-webhook`, {
      method: 'POST',
      body: '{"type":"other"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
  });

  it('review page needs the dev sign-in; an approver approves with the form; the token cannot be reused', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    const anon = await fetch(t.reviewUrl, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe(
      `/approvals/dev/sign-in?next=${encodeURIComponent(`/approvals/${t.approvalId}`)}`,
    );

    const cookie = await signIn('alice');
    const page = await fetch(`${t.reviewUrl}?intent=approve`, { headers: { cookie } });
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(html).toContain('Dev mode');
    expect(html).toContain('UPDATE patients SET phone = &#39;555-0142&#39; WHERE patient_id = 1042');
    const token = tokenOf(html, 'approve');
    const post = (tok: string, c = cookie) =>
      fetch(`${dev.baseUrl}/approvals/${t.approvalId}/decision`, {
        method: 'POST',
        headers: {
          cookie: c,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token: tok }).toString(),
      });
    const ok = await post(token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      state: 'approved',
      approver: { id: 'dev:alice', name: 'alice' },
    });
    const again = await post(token);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'approval-closed' });
    expect(dev.events.map((e) => e.type)).toEqual(['approval.requested', 'approval.approved']);
  });

  it('refuses a forged cookie, a non-member and the requester', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    const forged = `phigate_dev_approver=${Buffer.from(JSON.stringify({ n: 'eve', a: true })).toString('base64url')}.AAAA`;
    expect((await fetch(t.reviewUrl, { headers: { cookie: forged }, redirect: 'manual' })).status).toBe(303);
    const outsider = await signIn('mallory', false);
    const html = await (await fetch(t.reviewUrl, { headers: { cookie: outsider } })).text();
    expect(html).toContain('not a member of the approvers group');
    expect(html).not.toContain('name="token"');
    const self = await signIn('demo-agent');
    expect(await (await fetch(t.reviewUrl, { headers: { cookie: self } })).text()).toContain(
      'you are the requester',
    );
    expect((await dev.workflow.status(t.approvalId)).state).toBe('pending');
  });

  it('the dev console lists pending approvals', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    const html = await (await fetch(`${dev.baseUrl}/approvals`)).text();
    expect(html).toContain('1 pending');
    expect(html).toContain(`href="/approvals/${t.approvalId}"`);
  });

  it('phigate approvals list | approve ID --as NAME | deny ID --as NAME', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    const t2 = await dev.workflow.request({ ...DEMO_REQUEST, requestKey: 'session-42:4' });
    const list = await cli('list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^APPROVAL\s+STATE\s+AGENT/);
    expect(list.out).toContain(`${t.approvalId}  pending  demo-agent  ehr`);

    const self = await cli('approve', t.approvalId, '--as', 'demo-agent');
    expect(self).toMatchObject({ code: 1 });
    expect(self.err).toContain('self-approval');

    const ok = await cli('approve', t.approvalId, '--as', 'carol');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`${t.approvalId} approved by carol`);
    expect((await cli('deny', t.approvalId, '--as', 'dave')).err).toContain('approval-closed');

    expect((await cli('deny', t2.approvalId, '--as', 'dave')).out).toContain('denied by dave');
    const json = JSON.parse((await cli('list', '--json')).out) as Array<{
      approvalId: string;
      state: string;
    }>;
    expect(Object.fromEntries(json.map((a) => [a.approvalId, a.state]))).toEqual({
      [t.approvalId]: 'approved',
      [t2.approvalId]: 'denied',
    });
  });

  it('the CLI explains usage errors and a missing dev server', async () => {
    expect((await cli('approve', 'x')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    const missing = await approvalsCommand(['list', '--data-dir', '/nonexistent/phigate'], {
      stdout: () => {},
      stderr: () => {},
    });
    expect(missing).toBe(1);
    expect((await cli('approve', 'apr-00000000000000000000000000000000', '--as', 'carol')).err).toContain(
      'approval-not-found',
    );
  });

  it('the CLI endpoint refuses browsers (no dev header) and the handler ignores other paths', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    const res = await fetch(`${dev.baseUrl}/approvals/api/${t.approvalId}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ action: 'approve', as: 'carol' }),
    });
    expect(res.status).toBe(403);
    expect((await fetch(`${dev.baseUrl}/healthz`)).status).toBe(404);
    expect((await fetch(`${dev.baseUrl}/approvals/nope/deeper/path`)).status).toBe(404);
    expect((await dev.workflow.status(t.approvalId)).state).toBe('pending');
  });
});
