import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TeamsMessage } from '../../core/approvals/teams-card.js';
import type { LocalApprovalWorkflow } from '../../proxy/approvals/local-workflow.js';
import { createApprovalsConsole } from './approvals-console.js';
import { problem } from './approvals-http-io.js';
import { createApprovalsReview } from './approvals-review.js';
import { createDevSignIn } from './dev-sign-in.js';
import { createTeamsWebhookSink } from './teams-webhook-sink.js';

/**
 * The approvals part of `phigate dev`'s HTTP server (mount it before the 404 handler):
 *
 *   GET  /approvals                       dev console: pending and recent approvals
 *   GET  /approvals/dev/sign-in           dev sign-in form (DEV ONLY: no password, a cookie names you)
 *   POST /approvals/dev/sign-in | sign-out
 *   GET  /approvals/{id}                  review page (same renderer as the Functions app)
 *   POST /approvals/{id}/decision         decision form with the single-use token (once, window, deny)
 *   POST /approvals/dev/teams-webhook     local Teams webhook sink: keeps posted cards
 *   GET  /approvals/dev/teams-webhook     the kept cards (JSON)
 *   GET  /approvals/api/list              approvals as JSON (for `phigate approvals list`)
 *   POST /approvals/api/{id}/decide       {action, as, comment?, window?: {minutes, pattern?}} (CLI)
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

export function createApprovalsHttpHandler(o: ApprovalsHttpOptions): ApprovalsHttpHandler {
  const signIn = createDevSignIn(o.approverGroup);
  const sink = createTeamsWebhookSink(o.maxCards);
  const review = createApprovalsReview({ workflow: o.workflow, approverGroup: o.approverGroup, signIn });
  const consolePages = createApprovalsConsole({
    workflow: o.workflow,
    approverGroup: o.approverGroup,
    signIn,
    cardCount: () => sink.cards.length,
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    const m = req.method ?? 'GET';
    if (path === '/approvals' && m === 'GET') return consolePages.page(req, res);
    if (path === '/approvals/dev/sign-in' && m === 'GET')
      return signIn.page(res, url.searchParams.get('next'));
    if (path === '/approvals/dev/sign-in' && m === 'POST') return signIn.signIn(req, res);
    if (path === '/approvals/dev/sign-out' && m === 'POST') return signIn.signOut(res);
    if (path === '/approvals/dev/teams-webhook' && m === 'POST') return sink.receive(req, res);
    if (path === '/approvals/dev/teams-webhook' && m === 'GET') return sink.list(res);
    if (path === '/approvals/api/list' && m === 'GET') return consolePages.list(res);
    const api = /^\/approvals\/api\/([^/]+)\/decide$/.exec(path);
    if (api && m === 'POST') return review.cliDecide(req, res, api[1]!);
    const page = /^\/approvals\/([^/]+)$/.exec(path);
    if (page && m === 'GET') return review.page(req, res, page[1]!, url);
    const decision = /^\/approvals\/([^/]+)\/decision$/.exec(path);
    if (decision && m === 'POST') return review.decide(req, res, decision[1]!);
    return problem(res, 404, 'not-found', 'no such approvals page');
  }

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

  return Object.assign(handler, { cards: sink.cards });
}
