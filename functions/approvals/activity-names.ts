/** Names the orchestrator schedules; `register.ts` binds them to the activity handlers. */
export const APPROVAL_FUNCTIONS = {
  orchestrator: 'approvalOrchestrator',
  notify: 'approvalNotify',
  record: 'approvalRecord',
} as const;

export type NotifyInput = {
  readonly kind: 'requested';
  readonly request: import('../../core/approvals/request.js').ApprovalRequest;
};

export type RecordInput =
  | {
      readonly kind: 'outcome';
      readonly request: import('../../core/approvals/request.js').ApprovalRequest;
      readonly outcome: import('../../core/approvals/status.js').ApprovalOutcome;
    }
  | {
      readonly kind: 'rejected';
      readonly request: import('../../core/approvals/request.js').ApprovalRequest;
      readonly rejection: import('../../core/approvals/status.js').RejectedDecision;
    };
