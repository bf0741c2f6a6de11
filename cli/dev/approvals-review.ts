import type { IncomingMessage, ServerResponse } from 'node:http';
import { windowDefaults } from '../../core/approvals/decision-forms.js';
import type { DecisionForm } from '../../core/approvals/decision-intake.js';
import { isApprovalId } from '../../core/approvals/instance-id.js';
import { renderResultPage, renderReviewPage } from '../../core/approvals/review-page.js';
import type { LocalApprovalWorkflow } from '../../proxy/approvals/local-workflow.js';
import { html, json, problem, readBody, redirect, wantsHtml } from './approvals-http-io.js';
import { type DevSignIn, devIdentity, isDevName } from './dev-sign-in.js';

const field = (v: string | null | undefined) => (v === null || v === undefined ? undefined : v);

/**
 * The review page of local mode and the two ways to decide: the page's forms (signed-in dev
 * approver, single-use tokens) and the CLI endpoint (`phigate approvals approve|deny --as NAME
 * [--window 30m --pattern ...]`), which mints a token for `--as` and goes through the same intake.
 */
export function createApprovalsReview(o: {
  readonly workflow: LocalApprovalWorkflow;
  readonly approverGroup: string;
  readonly signIn: DevSignIn;
}) {
  function page(req: IncomingMessage, res: ServerResponse, id: string, url: URL): void {
    const who = o.signIn.signedIn(req);
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
    const who = o.signIn.signedIn(req);
    if (!who) return problem(res, 401, 'not-signed-in', 'sign in at /approvals/dev/sign-in first');
    const body = await readBody(req);
    if (body === undefined) return problem(res, 413, 'body-too-large', 'the form body is too large');
    if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      return problem(res, 415, 'form-required', 'post the decision form (application/x-www-form-urlencoded)');
    }
    const f = new URLSearchParams(body);
    const token = f.get('token');
    if (!token) return problem(res, 400, 'token-missing', 'the decision token is missing');
    const form: DecisionForm = {
      token,
      comment: f.get('comment')?.trim().slice(0, 500) || undefined,
      windowMinutes: field(f.get('windowMinutes')),
      pattern: field(f.get('pattern')),
    };
    const result = o.workflow.submitDecision(id, who, form);
    const back = isApprovalId(id) ? `/approvals/${id}` : '/approvals';
    if (!result.ok) {
      if (!wantsHtml(req)) return problem(res, result.httpStatus, result.code, result.reason);
      return html(
        res,
        result.httpStatus,
        renderResultPage({
          title: 'Decision refused',
          message: `${result.reason}. Nothing was decided.`,
          status: o.workflow.get(id)?.status,
          backLink: back,
        }),
      );
    }
    if (!wantsHtml(req)) return json(res, 200, result.status);
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
    let doc: { action?: unknown; as?: unknown; comment?: unknown; window?: unknown };
    try {
      doc = JSON.parse(body ?? '') as typeof doc;
    } catch {
      return problem(res, 400, 'json-invalid', 'the request body is not valid JSON');
    }
    if (doc.action !== 'approve' && doc.action !== 'deny')
      return problem(res, 400, 'action-invalid', 'action must be approve or deny');
    const name = typeof doc.as === 'string' ? doc.as.trim() : '';
    if (!isDevName(name))
      return problem(res, 400, 'approver-invalid', '--as must be a name (letters, digits, . @ - _ space)');
    const found = isApprovalId(id) ? o.workflow.get(id) : undefined;
    if (!found) return problem(res, 404, 'approval-not-found', 'no approval with this id');
    const win = doc.window as { minutes?: unknown; pattern?: unknown } | undefined;
    if (win !== undefined && (doc.action !== 'approve' || !win || typeof win !== 'object'))
      return problem(res, 400, 'window-invalid', 'a window goes with approve only');
    const who = devIdentity(name, true, o.approverGroup, 'dev-cli');
    const cannot = o.workflow.whyCannotDecide(id, who);
    if (cannot)
      return problem(res, 403, cannot.includes('requester') ? 'self-approval' : 'not-an-approver', cannot);
    const t = o.workflow.mintTokens(id, who);
    let form: DecisionForm;
    const comment = typeof doc.comment === 'string' ? doc.comment.slice(0, 500) : undefined;
    if (win) {
      if (!t.windowToken)
        return problem(res, 422, 'window-invalid', 'windows are not enabled for this approval');
      const pattern = typeof win.pattern === 'string' ? win.pattern : windowDefaults(found.request)?.pattern;
      form = {
        token: t.windowToken,
        comment,
        windowMinutes: typeof win.minutes === 'number' ? String(win.minutes) : undefined,
        pattern,
      };
    } else {
      form = {
        token: doc.action === 'approve' ? t.approveToken : t.denyToken,
        comment,
        windowMinutes: undefined,
        pattern: undefined,
      };
    }
    const result = o.workflow.submitDecision(id, who, form);
    if (!result.ok) return problem(res, result.httpStatus, result.code, result.reason);
    json(res, 200, result.status);
  }

  return { page, decide, cliDecide };
}
