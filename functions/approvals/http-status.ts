import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { isApprovalId } from '../../core/approvals/instance-id.js';
import { type HttpDeps, proxyCallerAllowed } from './http-common.js';
import { viewOf } from './instance-status.js';
import { json, problem } from './problem.js';
import { reviewLinks } from './settings.js';

/** Longest long-poll the app grants (below the 230 s HTTP limit of the platform, and then some). */
export const MAX_WAIT_MS = 25_000;
const POLL_MS = 1_000;

/**
 * GET /api/approvals/{id}[?waitMs=N]: the approval status. With `waitMs`, holds the request
 * while the approval is pending, up to min(N, 25 s), and answers as soon as it is decided.
 */
export async function approvalStatus(req: HttpRequest, deps: HttpDeps): Promise<HttpResponseInit> {
  if (!proxyCallerAllowed(req, deps.settings)) {
    return problem('forbidden', 'caller-not-allowed', 'the caller is not an allowed proxy identity');
  }
  const id = req.params.id ?? '';
  if (!isApprovalId(id)) return problem('notFound', 'approval-not-found', 'no approval with this id');
  const rawWait = req.query.get('waitMs');
  const waitMs = rawWait === null ? 0 : Number(rawWait);
  if (!Number.isInteger(waitMs) || waitMs < 0) {
    return problem('badRequest', 'wait-invalid', 'waitMs must be a non-negative integer (milliseconds)');
  }
  const deadline = deps.now().getTime() + Math.min(waitMs, MAX_WAIT_MS);
  for (;;) {
    const snapshot = await deps.durable.getStatus(id);
    if (!snapshot) return problem('notFound', 'approval-not-found', 'no approval with this id');
    const view = viewOf(snapshot);
    if (!view) return problem('notFound', 'approval-not-found', 'no approval with this id');
    const remaining = deadline - deps.now().getTime();
    if (view.status.state !== 'pending' || remaining <= 0) {
      return json(200, { ...view.status, reviewUrl: reviewLinks(deps.settings.reviewBaseUrl, id).review });
    }
    await deps.sleep(Math.min(POLL_MS, remaining));
  }
}
