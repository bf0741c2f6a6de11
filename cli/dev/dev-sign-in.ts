import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApproverIdentity } from '../../core/approvals/decision.js';
import { escapeHtml as h } from '../../core/approvals/html.js';
import { html, problem, readBody, redirect, shell } from './approvals-http-io.js';

const COOKIE = 'phigate_dev_approver';
const NAME_RE = /^[\w.@ -]{1,64}$/;

/** Dev approver names: letters, digits, `. @ - _` and spaces, at most 64. */
export const isDevName = (name: string): boolean => NAME_RE.test(name);

/** The identity a dev name stands for (`dev:<name>`), in the approvers group or not. */
export function devIdentity(
  name: string,
  approver: boolean,
  approverGroup: string,
  source: 'dev-sign-in' | 'dev-cli',
): ApproverIdentity {
  return { id: `dev:${name}`, name, aliases: [name], groups: approver ? [approverGroup] : [], source };
}

/**
 * The dev sign-in of local mode (DEV ONLY): no password; a cookie HMAC-signed with a key made at
 * each start names the approver. It exists so the review page's rules (approvers group, no
 * self-approval) can be exercised on one machine; in Azure, App Service authentication signs in.
 */
export function createDevSignIn(approverGroup: string) {
  const key = randomBytes(32);
  const mac = (v: string) => createHmac('sha256', key).update(v).digest('base64url');

  function page(res: ServerResponse, next: string | null): void {
    const safeNext = next?.startsWith('/approvals') ? next : '/approvals';
    html(
      res,
      200,
      shell(
        'Dev sign-in',
        `<h1>Dev sign-in</h1>
<p class="banner">DEV ONLY. There is no password: this names who you are for the local review page. In Azure, App Service authentication (Entra ID) signs approvers in.</p>
<form method="post" action="/approvals/dev/sign-in">
<input type="hidden" name="next" value="${h(safeNext)}">
<label>Your name <input name="name" required maxlength="64"></label>
<label><input type="checkbox" name="approver" value="1" checked> Member of the approvers group (<code>${h(approverGroup)}</code>)</label>
<button type="submit">Sign in</button></form>`,
      ),
    );
  }

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)) ?? '');
    const name = (form.get('name') ?? '').trim();
    if (!isDevName(name))
      return problem(res, 400, 'name-invalid', 'the name must be 1-64 letters, digits, . @ - _ or spaces');
    const value = Buffer.from(JSON.stringify({ n: name, a: form.get('approver') === '1' })).toString(
      'base64url',
    );
    const next = form.get('next');
    redirect(res, next?.startsWith('/approvals') ? next : '/approvals', {
      'set-cookie': `${COOKIE}=${value}.${mac(value)}; Path=/approvals; HttpOnly; SameSite=Strict`,
    });
  }

  function signOut(res: ServerResponse): void {
    redirect(res, '/approvals', {
      'set-cookie': `${COOKIE}=; Path=/approvals; HttpOnly; SameSite=Strict; Max-Age=0`,
    });
  }

  /** The signed-in dev approver, or undefined (no cookie, or a cookie this process did not sign). */
  function signedIn(req: IncomingMessage): ApproverIdentity | undefined {
    const raw = (req.headers.cookie ?? '')
      .split(/;\s*/)
      .find((c) => c.startsWith(`${COOKIE}=`))
      ?.slice(COOKIE.length + 1);
    const [value, sig] = (raw ?? '').split('.');
    if (!value || !sig) return undefined;
    const a = Buffer.from(sig, 'base64url');
    const b = Buffer.from(mac(value), 'base64url');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    try {
      const d = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { n: unknown; a: unknown };
      if (typeof d.n !== 'string' || !isDevName(d.n)) return undefined;
      return devIdentity(d.n, d.a === true, approverGroup, 'dev-sign-in');
    } catch {
      return undefined;
    }
  }

  return { page, signIn, signOut, signedIn };
}

export type DevSignIn = ReturnType<typeof createDevSignIn>;
