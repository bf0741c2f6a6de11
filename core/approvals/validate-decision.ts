import {
  APPROVAL_ACTION,
  type ApprovalAction,
  type ApprovalDecision,
  type ApproverIdentity,
  approvalDecisionSchema,
} from './decision.js';
import { resolveGrantScope } from './grant-scope.js';
import type { ApprovalRequest, ApprovalScope } from './request.js';
import type { DecisionRejectionCode } from './status.js';

export type DecisionCheck =
  | {
      readonly ok: true;
      readonly decision: ApprovalDecision;
      readonly action: 'approve';
      /** What the approval grants (the approver's choice, or the requested scope). */
      readonly scope: ApprovalScope;
    }
  | { readonly ok: true; readonly decision: ApprovalDecision; readonly action: 'deny' }
  | {
      readonly ok: false;
      readonly code: DecisionRejectionCode;
      readonly reason: string;
      readonly approverId: string;
    };

const ACTIONS: readonly string[] = Object.values(APPROVAL_ACTION);

/**
 * The separation-of-duties rules every decision passes, in the orchestrator and in the local
 * workflow alike: right approval, valid action, before expiry, approver in the approvers group,
 * not the requester, token not used before, and for an approval a grantable scope. Pure: `now`
 * and `usedTokenIds` come from the caller.
 */
export function checkDecision(
  request: ApprovalRequest,
  raw: unknown,
  now: Date,
  usedTokenIds: readonly string[],
): DecisionCheck {
  const parsed = approvalDecisionSchema.safeParse(raw);
  if (!parsed.success) {
    const approverId = approverIdOf(raw);
    return reject('malformed', 'the decision event does not match the ApprovalDecision contract', approverId);
  }
  const d = parsed.data;
  const who = d.approver.id;
  if (d.approvalId !== request.approvalId) {
    return reject('wrong_approval', 'the decision names a different approval', who);
  }
  if (!ACTIONS.includes(d.action)) return reject('invalid_action', 'the action must be approve or deny', who);
  if (usedTokenIds.includes(d.tokenId))
    return reject('token_reused', 'the decision token was already used', who);
  if (now.getTime() >= Date.parse(request.expiresAt)) {
    return reject('after_expiry', 'the approval expired before the decision arrived', who);
  }
  if (isRequester(request, d)) {
    return reject('self_approval', 'the requester cannot decide on their own request', who);
  }
  if (!d.approver.groups.includes(request.approverGroup)) {
    return reject('not_an_approver', 'the approver is not a member of the approvers group', who);
  }
  const action = d.action as ApprovalAction;
  if (action === 'deny') {
    if (d.scope) return reject('scope_invalid', 'a denial grants nothing and carries no scope', who);
    return { ok: true, decision: d, action };
  }
  const scope = resolveGrantScope(request, d.scope);
  if (!scope.ok) return reject('scope_invalid', scope.reason, who);
  return { ok: true, decision: d, action, scope: scope.scope };
}

/** Why this person may not decide on the request, or undefined. The review pages use it to hide the buttons. */
export function whyCannotDecide(request: ApprovalRequest, who: ApproverIdentity): string | undefined {
  if (isRequester(request, { approver: who })) return 'you are the requester of this approval';
  if (!who.groups.includes(request.approverGroup)) return 'you are not a member of the approvers group';
  return undefined;
}

/** True when any id of the approver equals any id of the requesting agent. */
export function isRequester(request: ApprovalRequest, d: Pick<ApprovalDecision, 'approver'>): boolean {
  const requester = new Set(
    [request.agent.agentId, request.agent.subject, request.agent.objectId]
      .filter((v): v is string => typeof v === 'string' && v.length > 0)
      .map((v) => v.toLowerCase()),
  );
  return [d.approver.id, ...d.approver.aliases].some((id) => requester.has(id.toLowerCase()));
}

function reject(code: DecisionRejectionCode, reason: string, approverId: string): DecisionCheck {
  return { ok: false, code, reason, approverId };
}

function approverIdOf(raw: unknown): string {
  if (raw && typeof raw === 'object' && 'approver' in raw) {
    const a = (raw as { approver: unknown }).approver;
    if (a && typeof a === 'object' && 'id' in a && typeof (a as { id: unknown }).id === 'string') {
      return (a as { id: string }).id.slice(0, 256);
    }
  }
  return 'unknown';
}
