import type { ApprovalDecision, ApproverIdentity, DecisionScope } from './decision.js';
import { verifyDecisionToken } from './decision-token.js';
import { resolveGrantScope } from './grant-scope.js';
import type { ApprovalRequest } from './request.js';

/** What a decision form (or the dev CLI) posts besides the signed token. */
export interface DecisionForm {
  readonly token: string;
  readonly comment: string | undefined;
  /** Window fields as posted; both undefined when the form had none. */
  readonly windowMinutes: string | undefined;
  readonly pattern: string | undefined;
}

export type IntakeResult =
  | { readonly ok: true; readonly decision: ApprovalDecision; readonly tokenId: string }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly httpStatus: number };

const refuse = (code: string, reason: string, httpStatus: number): IntakeResult => ({
  ok: false,
  code,
  reason,
  httpStatus,
});

/**
 * Turns a posted decision form into the `ApprovalDecision` event, with the checks that need no
 * state: the token verifies and was minted for this approval and this approver, and the form
 * matches the token's button (a `once` token carries no window; a `window` token carries a valid
 * duration and pattern). A refusal here leaves the token unused, so a typo in a pattern costs a
 * correction, not the approval. Who may decide (group, requester) and state (already decided,
 * token used) are checked by the caller and again by the orchestrator or local workflow, which
 * record refused attempts.
 */
export function intakeDecision(i: {
  readonly signingKey: Uint8Array;
  readonly approvalId: string;
  readonly request: ApprovalRequest;
  readonly approver: ApproverIdentity;
  readonly form: DecisionForm;
  readonly now: Date;
}): IntakeResult {
  const check = verifyDecisionToken(i.signingKey, i.form.token, i.now.getTime());
  if (!check.ok) return refuse(check.code.replace(/_/g, '-'), check.reason, 403);
  const c = check.claims;
  if (c.approvalId !== i.approvalId)
    return refuse('token-wrong-approval', 'the decision token is for another approval', 403);
  if (c.approverId !== i.approver.id)
    return refuse('token-wrong-approver', 'the decision token was issued to another user', 403);

  const hasWindow = !!i.form.windowMinutes?.trim() || !!i.form.pattern?.trim();
  let scope: DecisionScope | undefined;
  if (c.action === 'deny' || c.scope === 'once') {
    if (hasWindow) {
      return refuse(
        'scope-mismatch',
        'this button does not grant a window; use the window form to approve a window',
        400,
      );
    }
    scope = c.action === 'approve' ? { kind: 'once' } : undefined;
  } else {
    const minutes = parseMinutes(i.form.windowMinutes);
    if (minutes === undefined)
      return refuse('window-invalid', 'the window duration must be a whole number of minutes', 422);
    const resolved = resolveGrantScope(i.request, {
      kind: 'window',
      windowMs: minutes * 60_000,
      statementPattern: i.form.pattern ?? '',
    });
    if (!resolved.ok) return refuse('window-invalid', resolved.reason, 422);
    if (resolved.scope.kind !== 'window') return refuse('window-invalid', 'the window is not valid', 422);
    scope = resolved.scope;
  }
  return {
    ok: true,
    tokenId: c.jti,
    decision: {
      approvalId: i.approvalId,
      action: c.action,
      approver: i.approver,
      decidedAt: i.now.toISOString(),
      tokenId: c.jti,
      ...(i.form.comment ? { comment: i.form.comment } : {}),
      ...(scope ? { scope } : {}),
    },
  };
}

function parseMinutes(raw: string | undefined): number | undefined {
  const t = raw?.trim() ?? '';
  if (!/^\d{1,6}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 ? n : undefined;
}
