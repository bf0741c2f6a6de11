import type { RejectedDecision } from '../../core/approvals/status.js';

/**
 * What the orchestration publishes through `setCustomStatus` while it waits: the HTTP functions
 * read it to refuse a token that was already used (single use) and to show refused attempts.
 */
export interface ApprovalCustomStatus {
  readonly state: 'pending';
  readonly usedTokenIds: readonly string[];
  readonly rejected: readonly RejectedDecision[];
  readonly notified: boolean;
}

export function readCustomStatus(value: unknown): ApprovalCustomStatus | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Partial<ApprovalCustomStatus>;
  if (v.state !== 'pending' || !Array.isArray(v.usedTokenIds) || !Array.isArray(v.rejected)) return undefined;
  return {
    state: 'pending',
    usedTokenIds: v.usedTokenIds.filter((t): t is string => typeof t === 'string'),
    rejected: v.rejected,
    notified: v.notified === true,
  };
}
