import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { ApproverIdentity } from '../../core/approvals/decision.js';
import { PAGE_HEADERS } from '../../core/approvals/html.js';
import { isApprovalId } from '../../core/approvals/instance-id.js';
import { mintReviewTokens } from '../../core/approvals/mint-tokens.js';
import type { ApprovalRequest } from '../../core/approvals/request.js';
import { type DecisionForms, renderReviewPage } from '../../core/approvals/review-page.js';
import { whyCannotDecide } from '../../core/approvals/validate-decision.js';
import { readClientPrincipal } from './client-principal.js';
import { type HttpDeps, wantsHtml } from './http-common.js';
import { viewOf } from './instance-status.js';
import { problem } from './problem.js';

/**
 * GET /api/approvals/{id}/review: the page the card's buttons open. The viewer is the user
 * App Service authentication signed in. While pending, and when the viewer may decide, the page
 * carries its forms (Approve once, Approve a window, Deny), each with a fresh single-use token
 * bound to approval, action and scope kind, viewer, expiry.
 */
export async function reviewPage(req: HttpRequest, deps: HttpDeps): Promise<HttpResponseInit> {
  const principal = readClientPrincipal(req.headers.get('x-ms-client-principal'));
  if (!principal.ok && principal.code === 'not_signed_in' && wantsHtml(req)) {
    // A browser without a session: send it through App Service authentication and back here.
    const here = new URL(req.url);
    const back = encodeURIComponent(`${here.pathname}${here.search}`);
    return {
      status: 302,
      headers: { location: `/.auth/login/aad?post_login_redirect_uri=${back}`, 'cache-control': 'no-store' },
    };
  }
  if (!principal.ok) {
    return problem(
      principal.code === 'not_signed_in' ? 'unauthenticated' : 'forbidden',
      principal.code.replace(/_/g, '-'),
      principal.reason,
    );
  }
  const id = req.params.id ?? '';
  if (!isApprovalId(id)) return problem('notFound', 'approval-not-found', 'no approval with this id');
  const snapshot = await deps.durable.getStatus(id);
  const view = snapshot ? viewOf(snapshot) : undefined;
  if (!view) return problem('notFound', 'approval-not-found', 'no approval with this id');

  const viewer = principal.identity;
  const cannotDecide = whyCannotDecide(view.request, viewer);
  const forms =
    view.status.state === 'pending' && !cannotDecide
      ? mintForms(deps, view.request, viewer, `/api/approvals/${id}/decision`)
      : undefined;
  const intentParam = req.query.get('intent');
  const intent = intentParam === 'approve' || intentParam === 'deny' ? intentParam : undefined;
  return {
    status: 200,
    headers: { ...PAGE_HEADERS },
    body: renderReviewPage({
      request: view.request,
      status: view.status,
      viewer: { name: viewer.name, cannotDecide },
      forms,
      intent,
    }),
  };
}

/** The review page's forms for a viewer who may decide. */
export function mintForms(
  deps: Pick<HttpDeps, 'settings' | 'now'>,
  request: ApprovalRequest,
  viewer: ApproverIdentity,
  action: string,
): DecisionForms {
  const tokens = mintReviewTokens({
    signingKey: deps.settings.signingKey,
    request,
    approverId: viewer.id,
    now: deps.now(),
    decisionTokenMs: deps.settings.decisionTokenMs,
  });
  return { action, ...tokens };
}
