import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { ApproverIdentity } from '../../core/approvals/decision.js';
import { signDecisionToken } from '../../core/approvals/decision-token.js';
import { PAGE_HEADERS } from '../../core/approvals/html.js';
import { isApprovalId } from '../../core/approvals/instance-id.js';
import type { ApprovalRequest } from '../../core/approvals/request.js';
import { renderReviewPage } from '../../core/approvals/review-page.js';
import { isRequester } from '../../core/approvals/validate-decision.js';
import { readClientPrincipal } from './client-principal.js';
import { type HttpDeps, wantsHtml } from './http-common.js';
import { viewOf } from './instance-status.js';
import { problem } from './problem.js';

/**
 * GET /api/approvals/{id}/review: the page the card's buttons open. The viewer is the user
 * App Service authentication signed in. While pending, and when the viewer may decide, the page
 * carries two forms, each with a fresh single-use token bound to approval, action, viewer, expiry.
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
  const now = deps.now().getTime();
  const forms =
    view.status.state === 'pending' && !cannotDecide
      ? (() => {
          const expiresAt = Math.min(Date.parse(view.request.expiresAt), now + deps.settings.decisionTokenMs);
          const mint = (action: 'approve' | 'deny') =>
            signDecisionToken(deps.settings.signingKey, {
              approvalId: id,
              action,
              approverId: viewer.id,
              expiresAt,
            });
          return {
            action: `/api/approvals/${id}/decision`,
            approveToken: mint('approve'),
            denyToken: mint('deny'),
          };
        })()
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

/** Why this person may not decide, or undefined. Same rules the orchestrator enforces. */
export function whyCannotDecide(request: ApprovalRequest, who: ApproverIdentity): string | undefined {
  if (isRequester(request, { approver: who })) return 'you are the requester of this approval';
  if (!who.groups.includes(request.approverGroup)) return 'you are not a member of the approvers group';
  return undefined;
}
