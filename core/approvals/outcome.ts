import type { ApprovalRequest, ApprovalScope } from './request.js';
import { statementSha256 } from './statement-digest.js';
import type { ApprovalOutcome, ApprovalStatus, Grant, RejectedDecision } from './status.js';
import type { DecisionCheck } from './validate-decision.js';

function base(request: ApprovalRequest, rejected: readonly RejectedDecision[]) {
  return {
    approvalId: request.approvalId,
    agentId: request.agent.agentId,
    resource: request.resource,
    fingerprint: request.fingerprint,
    ruleId: request.ruleId,
    scope: request.scope,
    requestedAt: request.requestedAt,
    expiresAt: request.expiresAt,
    rejected,
  };
}

export function pendingStatus(
  request: ApprovalRequest,
  rejected: readonly RejectedDecision[],
): ApprovalStatus {
  return { ...base(request, rejected), state: 'pending' };
}

/**
 * The grant an approval makes, counted from the decision time: `scope` is what the approver
 * granted (see `resolveGrantScope`), bound to the request's agent and resource.
 */
export function grantFor(request: ApprovalRequest, scope: ApprovalScope, decidedAt: string): Grant {
  const from = Date.parse(decidedAt);
  const common = {
    approvalId: request.approvalId,
    agentId: request.agent.agentId,
    resource: request.resource,
    validFrom: decidedAt,
  };
  if (scope.kind === 'once') {
    return {
      ...common,
      kind: 'once',
      fingerprint: request.fingerprint,
      statementSha256: statementSha256(request.statement),
      validUntil: new Date(from + scope.validForMs).toISOString(),
    };
  }
  return {
    ...common,
    kind: 'window',
    statementPattern: scope.statementPattern,
    validUntil: new Date(from + scope.windowMs).toISOString(),
  };
}

/** The outcome of a decision that passed `checkDecision`. */
export function decidedOutcome(
  request: ApprovalRequest,
  check: Extract<DecisionCheck, { ok: true }>,
  decidedAt: string,
  rejected: readonly RejectedDecision[],
): ApprovalOutcome {
  const approver = { id: check.decision.approver.id, name: check.decision.approver.name };
  if (check.action === 'approve') {
    return {
      ...base(request, rejected),
      state: 'approved',
      approver,
      decidedAt,
      grant: grantFor(request, check.scope, decidedAt),
    };
  }
  return { ...base(request, rejected), state: 'denied', approver, decidedAt };
}

export function expiredOutcome(
  request: ApprovalRequest,
  at: string,
  rejected: readonly RejectedDecision[],
): ApprovalOutcome {
  return { ...base(request, rejected), state: 'expired', decidedAt: at };
}
