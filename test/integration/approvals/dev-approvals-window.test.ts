import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalsCommand, parseDurationMinutes } from '../../../cli/commands/approvals.js';
import { DEMO_REQUEST, startDevApprovals } from './dev-server.js';

/** Approver-chosen windows in local mode over real HTTP: the review page form and the CLI. */
let dev: Awaited<ReturnType<typeof startDevApprovals>>;
beforeEach(async () => {
  dev = await startDevApprovals();
});
afterEach(async () => {
  await dev.close();
});

const SUGGESTED = 'UPDATE patients SET phone = * WHERE patient_id = *';

async function signIn(name: string): Promise<string> {
  const res = await fetch(`${dev.baseUrl}/approvals/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, approver: '1', next: '/approvals' }).toString(),
    redirect: 'manual',
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await approvalsCommand([...argv, '--data-dir', dev.dataDir], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

describe('window choice in phigate dev', () => {
  it('the page form approves a window; the result page shows it back; the grant lets matching statements through', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    const cookie = await signIn('alice');
    const html = await (await fetch(t.reviewUrl, { headers: { cookie } })).text();
    expect(html).toContain(`>${SUGGESTED}</textarea>`);
    const token = /class="decide window">\s*<input type="hidden" name="token" value="([^"]+)"/.exec(
      html,
    )?.[1];
    expect(token).toBeTruthy();
    const post = (fields: Record<string, string>) =>
      fetch(`${dev.baseUrl}/approvals/${t.approvalId}/decision`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ token: token!, ...fields }).toString(),
      });
    const bad = await post({ windowMinutes: '30', pattern: 'UPDATE patients SET phone = *' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('does not match the statement under review');
    const edited = 'update patients set phone = * where patient_id = *';
    const ok = await post({ windowMinutes: '120', pattern: edited });
    expect(ok.status).toBe(200);
    const page = await ok.text();
    expect(page).toContain('Request approved');
    expect(page).toContain('a window of 2 h');
    expect(page).toContain(`<code class="pattern">${edited}</code>`);
    const claim = (statement: string) =>
      dev.workflow.claimGrant({ agentId: 'demo-agent', resource: 'ehr', fingerprint: 'other', statement });
    expect(await claim("UPDATE patients SET phone = '555-0199' WHERE patient_id = 7")).toMatchObject({
      approvalId: t.approvalId,
      kind: 'window',
    });
    expect(await claim("UPDATE patients SET ssn = '1' WHERE patient_id = 7")).toBeUndefined();
  });

  it('phigate approvals approve ID --as NAME --window 30m [--pattern ...]', async () => {
    const t1 = await dev.workflow.request(DEMO_REQUEST);
    const t2 = await dev.workflow.request({ ...DEMO_REQUEST, requestKey: 'session-42:9' });
    const defaulted = await cli('approve', t1.approvalId, '--as', 'carol', '--window', '30m');
    expect(defaulted).toMatchObject({ code: 0, err: '' });
    expect(defaulted.out).toMatch(
      new RegExp(
        `^${t1.approvalId} approved by carol at \\S+; granted a window of 30 min, until \\S+, for statements matching "${SUGGESTED.replace(/\*/g, '\\*')}"\\n$`,
      ),
    );
    const refused = await cli('approve', t2.approvalId, '--as', 'carol', '--window', '9h');
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toContain('window-invalid');
    expect(refused.err).toContain('between 1 minute and 480 minutes');
    const wrong = await cli(
      'approve',
      t2.approvalId,
      '--as',
      'carol',
      '--window',
      '1h',
      '--pattern',
      'delete from patients',
    );
    expect(wrong.err).toContain('does not match the statement under review');
    expect((await dev.workflow.status(t2.approvalId)).state).toBe('pending');
    const custom = await cli(
      'approve',
      t2.approvalId,
      '--as',
      'carol',
      '--window',
      '1h30m',
      '--pattern',
      'update patients set phone = * where patient_id = *',
    );
    expect(custom.out).toContain('granted a window of 1 h 30 min');
    const listed = JSON.parse((await cli('list', '--json')).out) as Array<{
      approvalId: string;
      grant?: { kind: string };
    }>;
    expect(listed.map((a) => a.grant?.kind)).toEqual(['window', 'window']);
    expect(
      (
        await cli(
          'approve',
          (
            await dev.workflow.request({ ...DEMO_REQUEST, requestKey: 'k3' })
          ).approvalId,
          '--as',
          'dave',
        )
      ).out,
    ).toContain('granted this statement once');
  });

  it('the CLI refuses window options where they make no sense', async () => {
    const t = await dev.workflow.request(DEMO_REQUEST);
    for (const argv of [
      ['approve', t.approvalId, '--as', 'carol', '--pattern', SUGGESTED],
      ['deny', t.approvalId, '--as', 'carol', '--window', '30m'],
      ['approve', t.approvalId, '--as', 'carol', '--window', 'soon'],
      ['approve', t.approvalId, '--as', 'carol', '--window', '0m'],
    ]) {
      expect(await cli(...argv)).toMatchObject({ code: 2 });
    }
    expect((await dev.workflow.status(t.approvalId)).state).toBe('pending');
  });

  it('parses durations as whole minutes', () => {
    expect(['30m', '2h', '1h30m', '90m', ' 15m '].map(parseDurationMinutes)).toEqual([30, 120, 90, 90, 15]);
    expect(['', '0m', '30', '1.5h', '30s', 'h', '-5m'].map(parseDurationMinutes)).toEqual(
      Array(7).fill(undefined),
    );
  });
});
