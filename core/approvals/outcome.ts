import type { ApprovalDecision } from './decision.js';
import type { ApprovalRequest } from './request.js';
import type { ApprovalOutcome, ApprovalStatus, Grant, RejectedDecision } from './status.js';

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

/** The grant an approval makes, counted from the decision time. */
export function grantFor(request: ApprovalRequest, decidedAt: string): Grant {
  const from = Date.parse(decidedAt);
  const common = {
    approvalId: request.approvalId,
    agentId: request.agent.agentId,
    resource: request.resource,
    validFrom: decidedAt,
  };
  if (request.scope.kind === 'once') {
    return {
      ...common,
      kind: 'once',
      fingerprint: request.fingerprint,
      validUntil: new Date(from + request.scope.validForMs).toISOString(),
    };
  }
  return {
    ...common,
    kind: 'window',
    statementPattern: request.scope.statementPattern,
    validUntil: new Date(from + request.scope.windowMs).toISOString(),
  };
}

export function decidedOutcome(
  request: ApprovalRequest,
  decision: ApprovalDecision,
  action: 'approve' | 'deny',
  decidedAt: string,
  rejected: readonly RejectedDecision[],
): ApprovalOutcome {
  const approver = { id: decision.approver.id, name: decision.approver.name };
  if (action === 'approve') {
    return {
      ...base(request, rejected),
      state: 'approved',
      approver,
      decidedAt,
      grant: grantFor(request, decidedAt),
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
