import type { ApprovalRequest } from './request.js';
import type { ApprovalOutcome, Grant, RejectedDecision } from './status.js';

/**
 * Approval facts for the audit log (issue 5's approval events). The statement text is not
 * repeated: the fingerprint and ids link to the statement record that carries it. An approval
 * says what it granted: `once` (the fingerprint, one run) or a `window` (its pattern and bounds);
 * every statement run under it carries its `approvalId` in its own audit record.
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
      readonly type: 'approval.approved';
      readonly approvalId: string;
      readonly at: string;
      readonly agentId: string;
      readonly resource: string;
      readonly approver: { readonly id: string; readonly name: string };
      readonly requestedAt: string;
      /**
       * The scope granted (bound to agentId + resource): once with a fingerprint, or a window
       * with a pattern. `outcomeEvent` always sets it; it is optional in the type only because
       * events recorded before approver-chosen scopes existed have none (audit history is kept).
       */
      readonly grant?: Grant;
    }
  | {
      readonly type: 'approval.denied';
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
  switch (o.state) {
    case 'expired':
      return { ...common, type: 'approval.expired', requestedAt: o.requestedAt };
    case 'approved':
      return {
        ...common,
        type: 'approval.approved',
        approver: o.approver,
        requestedAt: o.requestedAt,
        grant: o.grant,
      };
    case 'denied':
      return { ...common, type: 'approval.denied', approver: o.approver, requestedAt: o.requestedAt };
  }
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
