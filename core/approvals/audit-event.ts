import type { ApprovalRequest } from './request.js';
import type { ApprovalOutcome, RejectedDecision } from './status.js';

/**
 * Approval facts for the audit log (issue 5's approval events). The statement text is not
 * repeated: the fingerprint and ids link to the statement record that carries it.
 */
export type ApprovalAuditEvent =
  | {
      readonly type: 'approval.requested';
      readonly approvalId: string;
      readonly at: string;
      readonly agentId: string;
      readonly resource: string;
      readonly fingerprint: string;
      readonly ruleId: string;
      readonly scope: ApprovalRequest['scope'];
      readonly expiresAt: string;
      readonly sessionId: string | undefined;
    }
  | {
      readonly type: 'approval.approved' | 'approval.denied';
      readonly approvalId: string;
      readonly at: string;
      readonly agentId: string;
      readonly resource: string;
      readonly approver: { readonly id: string; readonly name: string };
      readonly requestedAt: string;
    }
  | {
      readonly type: 'approval.expired';
      readonly approvalId: string;
      readonly at: string;
      readonly agentId: string;
      readonly resource: string;
      readonly requestedAt: string;
    }
  | {
      readonly type: 'approval.decision_rejected';
      readonly approvalId: string;
      readonly at: string;
      readonly agentId: string;
      readonly resource: string;
      readonly approverId: string;
      readonly code: RejectedDecision['code'];
    };

export function requestedEvent(r: ApprovalRequest): ApprovalAuditEvent {
  return {
    type: 'approval.requested',
    approvalId: r.approvalId,
    at: r.requestedAt,
    agentId: r.agent.agentId,
    resource: r.resource,
    fingerprint: r.fingerprint,
    ruleId: r.ruleId,
    scope: r.scope,
    expiresAt: r.expiresAt,
    sessionId: r.sessionId,
  };
}

export function outcomeEvent(o: ApprovalOutcome): ApprovalAuditEvent {
  const common = { approvalId: o.approvalId, at: o.decidedAt, agentId: o.agentId, resource: o.resource };
  if (o.state === 'expired') return { ...common, type: 'approval.expired', requestedAt: o.requestedAt };
  return {
    ...common,
    type: o.state === 'approved' ? 'approval.approved' : 'approval.denied',
    approver: o.approver,
    requestedAt: o.requestedAt,
  };
}

export function rejectedEvent(r: ApprovalRequest, x: RejectedDecision): ApprovalAuditEvent {
  return {
    type: 'approval.decision_rejected',
    approvalId: r.approvalId,
    at: x.at,
    agentId: r.agent.agentId,
    resource: r.resource,
    approverId: x.approverId,
    code: x.code,
  };
}
