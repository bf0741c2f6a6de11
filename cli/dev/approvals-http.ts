import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApproverIdentity } from '../../core/approvals/decision.js';
import { escapeHtml as h, PAGE_HEADERS } from '../../core/approvals/html.js';
import { isApprovalId } from '../../core/approvals/instance-id.js';
import { renderResultPage, renderReviewPage } from '../../core/approvals/review-page.js';
import type { TeamsMessage } from '../../core/approvals/teams-card.js';
import type { LocalApprovalWorkflow } from '../../proxy/approvals/local-workflow.js';

/**
 * The approvals part of `phigate dev`'s HTTP server (mount it before the 404 handler):
 *
 *   GET  /approvals                       dev console: pending and recent approvals
 *   GET  /approvals/dev/sign-in           dev sign-in form (DEV ONLY: no password, a cookie names you)
 *   POST /approvals/dev/sign-in | sign-out
 *   GET  /approvals/{id}                  review page (same renderer as the Functions app)
 *   POST /approvals/{id}/decision         decision form with the single-use token
 *   POST /approvals/dev/teams-webhook     local Teams webhook sink: keeps posted cards
 *   GET  /approvals/dev/teams-webhook     the kept cards (JSON)
 *   GET  /approvals/api/list              approvals as JSON (for `phigate approvals list`)
 *   POST /approvals/api/{id}/decide       {action, as} (for `phigate approvals approve|deny --as NAME`)
 *
 * Local mode has no App Service authentication: the approver is whoever the dev sign-in cookie
 * (HMAC-signed with a per-process key) or the CLI's `--as` names. Listen on loopback only.
 */
export interface ApprovalsHttpOptions {
  readonly workflow: LocalApprovalWorkflow;
  readonly approverGroup: string;
  /** Cards kept by the sink (oldest dropped first). */
  readonly maxCards?: number;
}

export type ApprovalsHttpHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & {
  readonly cards: readonly TeamsMessage[];
};

const COOKIE = 'phigate_dev_approver';
const MAX_BODY = 64 * 1024;

export function createApprovalsHttpHandler(o: ApprovalsHttpOptions): ApprovalsHttpHandler {
  const cookieKey = randomBytes(32);
  const cards: TeamsMessage[] = [];
  const maxCards = o.maxCards ?? 200;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://dev.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path !== '/approvals' && !path.startsWith('/approvals/')) return false;
    try {
      await route(req, res, url, path);
    } catch {
      if (!res.headersSent) problem(res, 500, 'internal', 'the approval request could not be handled');
      else res.end();
    }
    return true;
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    const m = req.method ?? 'GET';
    if (path === '/approvals' && m === 'GET') return consolePage(req, res);
    if (path === '/approvals/dev/sign-in' && m === 'GET')
      return signInPage(res, url.searchParams.get('next'));
    if (path === '/approvals/dev/sign-in' && m === 'POST') return signIn(req, res);
    if (path === '/approvals/dev/sign-out' && m === 'POST') {
      res.writeHead(303, {
        location: '/approvals',
        'set-cookie': `${COOKIE}=; Path=/approvals; HttpOnly; SameSite=Strict; Max-Age=0`,
      });
      res.end();
      return;
    }
    if (path === '/approvals/dev/teams-webhook' && m === 'POST') return sink(req, res);
    if (path === '/approvals/dev/teams-webhook' && m === 'GET') return json(res, 200, cards);
    if (path === '/approvals/api/list' && m === 'GET') {
      return json(
        res,
        200,
        o.workflow.list().map(({ request: r, status, notified }) => ({
          approvalId: r.approvalId,
          state: status.state,
          agentId: r.agent.agentId,
          resource: r.resource,
          ruleId: r.ruleId,
          reason: r.reason,
          scope: r.scope,
          requestedAt: r.requestedAt,
          expiresAt: r.expiresAt,
          notified,
          ...(status.state === 'approved' || status.state === 'denied'
            ? { approver: status.approver, decidedAt: status.decidedAt }
            : {}),
        })),
      );
    }
    const api = /^\/approvals\/api\/([^/]+)\/decide$/.exec(path);
    if (api && m === 'POST') return cliDecide(req, res, api[1]!);
    const review = /^\/approvals\/([^/]+)$/.exec(path);
    if (review && m === 'GET') return reviewPage(req, res, review[1]!, url);
    const decision = /^\/approvals\/([^/]+)\/decision$/.exec(path);
    if (decision && m === 'POST') return decide(req, res, decision[1]!);
    return problem(res, 404, 'not-found', 'no such approvals page');
  }

  function reviewPage(req: IncomingMessage, res: ServerResponse, id: string, url: URL): void {
    const who = signedIn(req);
    if (!who)
      return redirect(res, `/approvals/dev/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
    const found = isApprovalId(id) ? o.workflow.get(id) : undefined;
    if (!found) return problem(res, 404, 'approval-not-found', 'no approval with this id');
    const cannotDecide = o.workflow.whyCannotDecide(id, who);
    const tokens =
      found.status.state === 'pending' && !cannotDecide ? o.workflow.mintTokens(id, who) : undefined;
    const intent = url.searchParams.get('intent');
    html(
      res,
      200,
      renderReviewPage({
        request: found.request,
        status: found.status,
        viewer: { name: who.name, cannotDecide },
        forms: tokens && { action: `/approvals/${id}/decision`, ...tokens },
        intent: intent === 'approve' || intent === 'deny' ? intent : undefined,
        banner: 'Dev mode: the approver is the dev sign-in, not an Entra ID user.',
      }),
    );
  }

  async function decide(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const who = signedIn(req);
    if (!who) return problem(res, 401, 'not-signed-in', 'sign in at /approvals/dev/sign-in first');
    const body = await readBody(req);
    if (body === undefined) return problem(res, 413, 'body-too-large', 'the form body is too large');
    if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      return problem(res, 415, 'form-required', 'post the decision form (application/x-www-form-urlencoded)');
    }
    const form = new URLSearchParams(body);
    const token = form.get('token');
    if (!token) return problem(res, 400, 'token-missing', 'the decision token is missing');
    const comment = form.get('comment')?.trim().slice(0, 500) || undefined;
    const result = o.workflow.submitDecision(id, who, token, comment);
    const back = isApprovalId(id) ? `/approvals/${id}` : '/approvals';
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (!result.ok) {
      if (!wantsHtml) return problem(res, result.httpStatus, result.code, result.reason);
      return html(
        res,
        result.httpStatus,
        renderResultPage({
          title: 'Decision refused',
          message: result.reason,
          status: o.workflow.get(id)?.status,
          backLink: back,
        }),
      );
    }
    if (!wantsHtml) return json(res, 200, result.status);
    html(
      res,
      200,
      renderResultPage({
        title: `Request ${result.status.state}`,
        message: 'Your decision was recorded.',
        status: result.status,
        backLink: back,
      }),
    );
  }

  async function cliDecide(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    // A custom header: browsers cannot send it cross-site without a preflight this server never grants.
    if (req.headers['x-phigate-dev'] !== '1')
      return problem(res, 403, 'dev-header-required', 'send x-phigate-dev: 1');
    const body = await readBody(req);
    let doc: { action?: unknown; as?: unknown; comment?: unknown };
    try {
      doc = JSON.parse(body ?? '') as typeof doc;
    } catch {
      return problem(res, 400, 'json-invalid', 'the request body is not valid JSON');
    }
    if (doc.action !== 'approve' && doc.action !== 'deny')
      return problem(res, 400, 'action-invalid', 'action must be approve or deny');
    const name = typeof doc.as === 'string' ? doc.as.trim() : '';
    if (!/^[\w.@ -]{1,64}$/.test(name))
      return problem(res, 400, 'approver-invalid', '--as must be a name (letters, digits, . @ - _ space)');
    if (!isApprovalId(id) || !o.workflow.get(id))
      return problem(res, 404, 'approval-not-found', 'no approval with this id');
    const who = devIdentity(name, true, 'dev-cli');
    const cannot = o.workflow.whyCannotDecide(id, who);
    if (cannot)
      return problem(res, 403, cannot.includes('requester') ? 'self-approval' : 'not-an-approver', cannot);
    const t = o.workflow.mintTokens(id, who);
    const comment = typeof doc.comment === 'string' ? doc.comment.slice(0, 500) : undefined;
    const result = o.workflow.submitDecision(
      id,
      who,
      doc.action === 'approve' ? t.approveToken : t.denyToken,
      comment,
    );
    if (!result.ok) return problem(res, result.httpStatus, result.code, result.reason);
    json(res, 200, result.status);
  }

  async function sink(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, 256 * 1024);
    let doc: unknown;
    try {
      doc = JSON.parse(body ?? '');
    } catch {
      return problem(res, 400, 'json-invalid', 'the card is not valid JSON');
    }
    const m = doc as Partial<TeamsMessage>;
    if (
      m?.type !== 'message' ||
      !Array.isArray(m.attachments) ||
      m.attachments[0]?.contentType !== 'application/vnd.microsoft.card.adaptive'
    ) {
      return problem(res, 400, 'card-invalid', 'expected a Teams message with an Adaptive Card attachment');
    }
    cards.push(m as TeamsMessage);
    if (cards.length > maxCards) cards.splice(0, cards.length - maxCards);
    res.writeHead(202, { 'content-length': '0' });
    res.end();
  }

  function consolePage(req: IncomingMessage, res: ServerResponse): void {
    const who = signedIn(req);
    const rows = o.workflow
      .list()
      .map(
        ({ request: r, status }) =>
          `<tr class="${status.state}"><td><a href="/approvals/${h(r.approvalId)}">${h(r.approvalId)}</a></td><td>${h(status.state)}</td><td>${h(r.agent.agentId)}</td><td>${h(r.resource)}</td><td>${h(r.ruleId)}</td><td>${h(r.requestedAt)}</td><td>${h(r.expiresAt)}</td></tr>`,
      )
      .join('');
    const pending = o.workflow.list().filter((a) => a.status.state === 'pending').length;
    const signInBlock = who
      ? `<form method="post" action="/approvals/dev/sign-out">Signed in as <strong>${h(who.name)}</strong>${who.groups.includes(o.approverGroup) ? ' (approver)' : ' (not an approver)'} <button>Sign out</button></form>`
      : `<p><a href="/approvals/dev/sign-in">Sign in (dev)</a> to review.</p>`;
    html(
      res,
      200,
      shell(
        'Approvals',
        `<h1>Approvals <small>${pending} pending</small></h1><p class="banner">Dev console of <code>phigate dev</code>.</p>${signInBlock}
<table><thead><tr><th>Approval</th><th>State</th><th>Agent</th><th>Resource</th><th>Rule</th><th>Requested</th><th>Expires</th></tr></thead><tbody>${rows || '<tr><td colspan="7">No approvals yet.</td></tr>'}</tbody></table>
<p><a href="/approvals/dev/teams-webhook">Cards posted to the local Teams webhook sink</a> (${cards.length})</p>`,
      ),
    );
  }

  function signInPage(res: ServerResponse, next: string | null): void {
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
<label><input type="checkbox" name="approver" value="1" checked> Member of the approvers group (<code>${h(o.approverGroup)}</code>)</label>
<button type="submit">Sign in</button></form>`,
      ),
    );
  }

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)) ?? '');
    const name = (form.get('name') ?? '').trim();
    if (!/^[\w.@ -]{1,64}$/.test(name))
      return problem(res, 400, 'name-invalid', 'the name must be 1-64 letters, digits, . @ - _ or spaces');
    const value = Buffer.from(JSON.stringify({ n: name, a: form.get('approver') === '1' })).toString(
      'base64url',
    );
    const next = form.get('next');
    res.writeHead(303, {
      location: next?.startsWith('/approvals') ? next : '/approvals',
      'set-cookie': `${COOKIE}=${value}.${mac(value)}; Path=/approvals; HttpOnly; SameSite=Strict`,
    });
    res.end();
  }

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
      const d = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { n: string; a: boolean };
      return devIdentity(d.n, d.a, 'dev-sign-in');
    } catch {
      return undefined;
    }
  }

  function devIdentity(name: string, approver: boolean, source: 'dev-sign-in' | 'dev-cli'): ApproverIdentity {
    return { id: `dev:${name}`, name, aliases: [name], groups: approver ? [o.approverGroup] : [], source };
  }

  const mac = (v: string) => createHmac('sha256', cookieKey).update(v).digest('base64url');

  return Object.assign(handler, { cards });
}

function readBody(req: IncomingMessage, max = MAX_BODY): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function problem(res: ServerResponse, status: number, code: string, detail: string): void {
  const body = JSON.stringify({ type: `urn:phigate:problem:${code}`, title: code, status, detail, code });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, doc: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(doc));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...PAGE_HEADERS });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)} · phigate dev</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}tr.pending{background:#fff8dc}.banner{background:#fff3c4;padding:.5rem}
label{display:block;margin:.5rem 0}</style></head><body>${body}</body></html>`;
}
