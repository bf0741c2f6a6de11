import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { approvalInstanceId } from '../../core/approvals/instance-id.js';
import { approvalRequestInputSchema, buildApprovalRequest } from '../../core/approvals/request.js';
import { APPROVAL_FUNCTIONS } from './activity-names.js';
import { type HttpDeps, proxyCallerAllowed, readBody } from './http-common.js';
import { viewOf } from './instance-status.js';
import { json, problem } from './problem.js';
import { reviewLinks } from './settings.js';

/**
 * POST /api/approvals: the proxy asks for an approval. Idempotent: the instance id is derived
 * from the request (agent, resource, fingerprint, scope, request key), and an existing instance
 * is returned as it is instead of starting a second one (201 new, 200 existing).
 */
export async function startApproval(req: HttpRequest, deps: HttpDeps): Promise<HttpResponseInit> {
  if (!proxyCallerAllowed(req, deps.settings)) {
    return problem('forbidden', 'caller-not-allowed', 'the caller is not an allowed proxy identity');
  }
  if (!(req.headers.get('content-type') ?? '').includes('application/json')) {
    return problem('unsupported', 'json-required', 'the request body must be application/json');
  }
  const body = await readBody(req);
  if (!body.ok) {
    return body.tooLarge
      ? problem('tooLarge', 'body-too-large', 'the request body exceeds 256 KiB')
      : problem('badRequest', 'body-unreadable', 'the request body could not be read');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body.text);
  } catch {
    return problem('badRequest', 'json-invalid', 'the request body is not valid JSON');
  }
  const parsed = approvalRequestInputSchema.safeParse(doc);
  if (!parsed.success) {
    const paths = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .slice(0, 10);
    return problem('badRequest', 'approval-request-invalid', `invalid approval request: ${paths.join('; ')}`);
  }
  const approvalId = approvalInstanceId(parsed.data);
  const links = reviewLinks(deps.settings.reviewBaseUrl, approvalId);

  const existing = await deps.durable.getStatus(approvalId);
  if (existing) return ticketResponse(200, existing, links.review);

  const request = buildApprovalRequest(parsed.data, {
    approvalId,
    now: deps.now(),
    defaultTimeoutMs: deps.settings.defaultTimeoutMs,
    maxTimeoutMs: deps.settings.maxTimeoutMs,
    approverGroup: deps.settings.approverGroup,
    maxWindowMs: deps.settings.maxWindowMs,
  });
  try {
    await deps.durable.startNew(APPROVAL_FUNCTIONS.orchestrator, approvalId, request);
  } catch (error) {
    // A concurrent retry may have started it between our read and our start.
    const raced = await deps.durable.getStatus(approvalId);
    if (raced) return ticketResponse(200, raced, links.review);
    throw error;
  }
  return json(201, {
    approvalId,
    reviewUrl: links.review,
    expiresAt: request.expiresAt,
    status: 'pending',
  });
}

function ticketResponse(
  status: number,
  snapshot: Parameters<typeof viewOf>[0],
  reviewUrl: string,
): HttpResponseInit {
  const view = viewOf(snapshot);
  if (!view)
    return problem(
      'conflict',
      'instance-not-an-approval',
      'an instance with this id exists but is not an approval',
    );
  return json(status, {
    approvalId: view.request.approvalId,
    reviewUrl,
    expiresAt: view.request.expiresAt,
    status: view.status.state,
  });
}
