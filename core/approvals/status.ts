import type { ApprovalScope } from './request.js';

export const APPROVAL_STATE = {
  pending: 'pending',
  approved: 'approved',
  denied: 'denied',
  expired: 'expired',
} as const;
export type ApprovalState = (typeof APPROVAL_STATE)[keyof typeof APPROVAL_STATE];

/** A decision (or attempt) that was refused and recorded while the approval stayed pending. */
export interface RejectedDecision {
  readonly code: DecisionRejectionCode;
  readonly reason: string;
  readonly approverId: string;
  readonly at: string;
}

export type DecisionRejectionCode =
  | 'wrong_approval'
  | 'invalid_action'
  | 'not_an_approver'
  | 'self_approval'
  | 'token_reused'
  | 'after_expiry'
  | 'scope_invalid'
  | 'malformed';

export interface ApproverRef {
  readonly id: string;
  readonly name: string;
}

/** What a grant allows, bound to agent + resource, from the approval that made it. */
export type Grant =
  | {
      readonly kind: 'once';
      readonly approvalId: string;
      readonly agentId: string;
      readonly resource: string;
      readonly fingerprint: string;
      /**
       * SHA-256 (hex) of the exact statement text approved. The fingerprint ignores literal
       * values, so it alone would let the same statement with other values run: a once grant
       * lets through only the text the approver read.
       */
      readonly statementSha256: string;
      readonly validFrom: string;
      readonly validUntil: string;
    }
  | {
      readonly kind: 'window';
      readonly approvalId: string;
      readonly agentId: string;
      readonly resource: string;
      readonly statementPattern: string;
      readonly validFrom: string;
      readonly validUntil: string;
    };

interface StatusBase {
  readonly approvalId: string;
  readonly agentId: string;
  readonly resource: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly scope: ApprovalScope;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly rejected: readonly RejectedDecision[];
}

/** The state of one approval as the proxy, the CLI and the console see it. */
export type ApprovalStatus =
  | (StatusBase & { readonly state: 'pending' })
  | (StatusBase & {
      readonly state: 'approved';
      readonly approver: ApproverRef;
      readonly decidedAt: string;
      readonly grant: Grant;
    })
  | (StatusBase & { readonly state: 'denied'; readonly approver: ApproverRef; readonly decidedAt: string })
  | (StatusBase & { readonly state: 'expired'; readonly decidedAt: string });

/** The orchestration output: the final state, who decided and when. */
export type ApprovalOutcome = Exclude<ApprovalStatus, { state: 'pending' }>;

export const isFinal = (s: ApprovalStatus): s is ApprovalOutcome => s.state !== APPROVAL_STATE.pending;
