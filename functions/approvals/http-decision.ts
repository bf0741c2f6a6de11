import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { DECISION_EVENT } from '../../core/approvals/decision.js';
import { type DecisionForm, intakeDecision } from '../../core/approvals/decision-intake.js';
import { verifyDecisionToken } from '../../core/approvals/decision-token.js';
import { PAGE_HEADERS } from '../../core/approvals/html.js';
import { isApprovalId } from '../../core/approvals/instance-id.js';
import { renderResultPage } from '../../core/approvals/review-page.js';
import type { ApprovalStatus } from '../../core/approvals/status.js';
import { whyCannotDecide } from '../../core/approvals/validate-decision.js';
import { readClientPrincipal } from './client-principal.js';
import { type HttpDeps, readBody, wantsHtml } from './http-common.js';
import { type ApprovalView, viewOf } from './instance-status.js';
import { json, problem } from './problem.js';

/** How long the decision POST waits for the orchestration to take the event before answering. */
const SETTLE_MS = 5_000;
const SETTLE_POLL_MS = 250;

/**
 * POST /api/approvals/{id}/decision: form (or JSON) with the single-use `token` from the review
 * page, an optional `comment`, and for the window button `windowMinutes` and `pattern`. Refuses
 * forged, expired, foreign and reused tokens, the requester, non-members, closed approvals and
 * windows the request does not allow (before raising anything: the token stays usable); otherwise
 * raises `ApprovalDecision` into the orchestration (which checks again) and reports the outcome.
 */
export async function postDecision(req: HttpRequest, deps: HttpDeps): Promise<HttpResponseInit> {
  const principal = readClientPrincipal(req.headers.get('x-ms-client-principal'));
  if (!principal.ok) {
    return problem(
      principal.code === 'not_signed_in' ? 'unauthenticated' : 'forbidden',
      principal.code.replace(/_/g, '-'),
      principal.reason,
    );
  }
  const approver = principal.identity;
  const id = req.params.id ?? '';
  if (!isApprovalId(id)) return problem('notFound', 'approval-not-found', 'no approval with this id');

  const form = await readForm(req);
  if (!form.ok) return form.response;
  const check = verifyDecisionToken(deps.settings.signingKey, form.form.token, deps.now().getTime());
  if (!check.ok) return problem('forbidden', check.code.replace(/_/g, '-'), check.reason);
  const claims = check.claims;
  if (claims.approvalId !== id)
    return problem('forbidden', 'token-wrong-approval', 'the decision token is for another approval');
  if (claims.approverId !== approver.id) {
    return problem('forbidden', 'token-wrong-approver', 'the decision token was issued to another user');
  }

  const snapshot = await deps.durable.getStatus(id);
  const view = snapshot ? viewOf(snapshot) : undefined;
  if (!view) return problem('notFound', 'approval-not-found', 'no approval with this id');
  if (view.status.state !== 'pending') {
    return problem('conflict', 'approval-closed', `the approval is already ${view.status.state}`);
  }
  if (view.usedTokenIds.includes(claims.jti))
    return problem('conflict', 'token-used', 'the decision token was already used');
  const cannot = whyCannotDecide(view.request, approver);
  if (cannot) {
    const code = cannot.includes('requester') ? 'self-approval' : 'not-an-approver';
    return problem('forbidden', code, cannot);
  }
  const intake = intakeDecision({
    signingKey: deps.settings.signingKey,
    approvalId: id,
    request: view.request,
    approver,
    form: form.form,
    now: deps.now(),
  });
  if (!intake.ok) return refused(req, id, intake, view.status);
  const decision = intake.decision;

  await deps.durable.raiseEvent(id, DECISION_EVENT, decision);
  const settled = await settle(deps, id, claims.jti);
  return respond(req, id, claims.action, settled);
}

/** A decision refused before it was raised: problem+json, or for a browser the result page. */
function refused(
  req: HttpRequest,
  id: string,
  r: { readonly code: string; readonly reason: string; readonly httpStatus: number },
  status: ApprovalStatus,
): HttpResponseInit {
  const kind = r.httpStatus === 400 ? 'badRequest' : r.httpStatus === 422 ? 'unprocessable' : 'forbidden';
  if (!wantsHtml(req)) return problem(kind, r.code, r.reason);
  return html(
    r.httpStatus,
    renderResultPage({
      title: 'Decision refused',
      message: `${r.reason}. Nothing was decided; go back to correct it.`,
      status,
      backLink: `/api/approvals/${id}/review`,
    }),
  );
}

type Settled =
  | { readonly kind: 'decided'; readonly status: ApprovalStatus }
  | { readonly kind: 'refused'; readonly reason: string; readonly status: ApprovalStatus }
  | { readonly kind: 'accepted' };

async function settle(deps: HttpDeps, id: string, jti: string): Promise<Settled> {
  const until = deps.now().getTime() + SETTLE_MS;
  let view: ApprovalView | undefined;
  do {
    await deps.sleep(SETTLE_POLL_MS);
    const snapshot = await deps.durable.getStatus(id);
    view = snapshot ? viewOf(snapshot) : undefined;
    if (view && view.status.state !== 'pending') return { kind: 'decided', status: view.status };
    if (view?.usedTokenIds.includes(jti)) {
      const last = view.status.rejected.at(-1);
      return { kind: 'refused', reason: last?.reason ?? 'the decision was refused', status: view.status };
    }
  } while (deps.now().getTime() < until);
  return { kind: 'accepted' };
}

function respond(req: HttpRequest, id: string, action: string, s: Settled): HttpResponseInit {
  const back = `/api/approvals/${id}/review`;
  if (s.kind === 'refused') {
    if (!wantsHtml(req)) return problem('forbidden', 'decision-refused', s.reason);
    return html(
      403,
      renderResultPage({ title: 'Decision refused', message: s.reason, status: s.status, backLink: back }),
    );
  }
  if (s.kind === 'accepted') {
    if (!wantsHtml(req)) return json(202, { approvalId: id, action, state: 'submitted' });
    return html(
      202,
      renderResultPage({
        title: 'Decision submitted',
        message: `Your ${action} decision was submitted; reload the request to see the outcome.`,
        status: undefined,
        backLink: back,
      }),
    );
  }
  if (!wantsHtml(req)) return json(200, s.status);
  return html(
    200,
    renderResultPage({
      title: `Request ${s.status.state}`,
      message: 'Your decision was recorded.',
      status: s.status,
      backLink: back,
    }),
  );
}

function html(status: number, body: string): HttpResponseInit {
  return { status, headers: { ...PAGE_HEADERS }, body };
}

type FormResult = { ok: true; form: DecisionForm } | { ok: false; response: HttpResponseInit };

async function readForm(req: HttpRequest): Promise<FormResult> {
  const body = await readBody(req, 64 * 1024);
  if (!body.ok) {
    return {
      ok: false,
      response: problem(
        body.tooLarge ? 'tooLarge' : 'badRequest',
        'body-invalid',
        'the form body is too large or unreadable',
      ),
    };
  }
  const type = req.headers.get('content-type') ?? '';
  let token: unknown;
  let comment: unknown;
  let windowMinutes: unknown;
  let pattern: unknown;
  if (type.includes('application/x-www-form-urlencoded')) {
    const p = new URLSearchParams(body.text);
    token = p.get('token');
    comment = p.get('comment');
    windowMinutes = p.get('windowMinutes');
    pattern = p.get('pattern');
  } else if (type.includes('application/json')) {
    try {
      const doc = JSON.parse(body.text) as Record<string, unknown>;
      token = doc.token;
      comment = doc.comment;
      windowMinutes = typeof doc.windowMinutes === 'number' ? String(doc.windowMinutes) : doc.windowMinutes;
      pattern = doc.pattern;
    } catch {
      return {
        ok: false,
        response: problem('badRequest', 'json-invalid', 'the request body is not valid JSON'),
      };
    }
  } else {
    return {
      ok: false,
      response: problem(
        'unsupported',
        'form-required',
        'post the decision form (application/x-www-form-urlencoded)',
      ),
    };
  }
  if (typeof token !== 'string' || token.length === 0) {
    return { ok: false, response: problem('badRequest', 'token-missing', 'the decision token is missing') };
  }
  const c = typeof comment === 'string' && comment.trim() ? comment.trim().slice(0, 500) : undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    ok: true,
    form: { token, comment: c, windowMinutes: text(windowMinutes), pattern: text(pattern) },
  };
}
