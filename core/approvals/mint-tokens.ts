import { signDecisionToken, type TokenScope } from './decision-token.js';
import { windowsAllowed } from './grant-scope.js';
import type { ApprovalRequest } from './request.js';

export interface ReviewTokens {
  readonly approveToken: string;
  /** Undefined when no window can be granted for the request. */
  readonly windowToken: string | undefined;
  readonly denyToken: string;
}

/**
 * The single-use tokens of one review page view, for a viewer who may decide: Approve once,
 * Approve a window (when the request allows windows) and Deny. They expire with the request or
 * after `decisionTokenMs`, whichever comes first.
 */
export function mintReviewTokens(i: {
  readonly signingKey: Uint8Array;
  readonly request: ApprovalRequest;
  readonly approverId: string;
  readonly now: Date;
  readonly decisionTokenMs: number;
}): ReviewTokens {
  const expiresAt = Math.min(Date.parse(i.request.expiresAt), i.now.getTime() + i.decisionTokenMs);
  const mint = (action: 'approve' | 'deny', scope?: TokenScope) =>
    signDecisionToken(i.signingKey, {
      approvalId: i.request.approvalId,
      action,
      approverId: i.approverId,
      expiresAt,
      ...(scope ? { scope } : {}),
    });
  return {
    approveToken: mint('approve', 'once'),
    windowToken: windowsAllowed(i.request) ? mint('approve', 'window') : undefined,
    denyToken: mint('deny'),
  };
}
