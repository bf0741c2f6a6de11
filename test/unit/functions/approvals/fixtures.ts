import type { ApprovalDecision } from '../../../../core/approvals/decision.js';
import type { ApprovalRequest } from '../../../../core/approvals/request.js';

export const T0 = new Date('2026-11-28T10:00:00.000Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function approvalRequest(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    agent: {
      agentId: 'agent-app-1',
      subject: 'agent-sub-1',
      objectId: 'agent-oid-1',
      displayName: 'Claims bot',
    },
    resource: 'ehr',
    statement: "UPDATE patients SET phone = '555-0100' WHERE patient_id = 42",
    fingerprint: 'a1b2c3d4e5f60718',
    ruleId: 'hipaa-baseline/phi-write',
    reason: 'writes to a PHI table need a human approval',
    scope: { kind: 'once', validForMs: 600_000 },
    requestKey: 'session-1:7',
    approvalId: 'apr-0123456789abcdef0123456789abcdef',
    requestedAt: T0.toISOString(),
    expiresAt: at(900).toISOString(),
    timeoutMs: 900_000,
    approverGroup: 'grp-approvers',
    ...over,
  };
}

export function decision(
  over: Partial<ApprovalDecision> & { approverId?: string; groups?: string[] } = {},
): ApprovalDecision {
  const { approverId = 'user-oid-alice', groups = ['grp-approvers'], ...rest } = over;
  return {
    approvalId: 'apr-0123456789abcdef0123456789abcdef',
    action: 'approve',
    approver: { id: approverId, name: `Name of ${approverId}`, aliases: [], groups, source: 'app-service' },
    decidedAt: at(60).toISOString(),
    tokenId: `tok-${approverId}-${over.action ?? 'approve'}`,
    ...rest,
  };
}
