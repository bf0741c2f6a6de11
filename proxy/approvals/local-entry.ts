import { decidedOutcome, pendingStatus } from '../../core/approvals/outcome.js';
import type { ApprovalRequest } from '../../core/approvals/request.js';
import type { ApprovalOutcome, ApprovalStatus, RejectedDecision } from '../../core/approvals/status.js';
import { checkDecision } from '../../core/approvals/validate-decision.js';

/** One approval of the local workflow: its request, its state and what it has refused. */
export interface LocalEntry {
  readonly request: ApprovalRequest;
  status: ApprovalStatus;
  readonly rejected: RejectedDecision[];
  readonly usedTokenIds: Set<string>;
  timer: NodeJS.Timeout | undefined;
  notified: boolean;
}

export type DecisionResult =
  | { readonly ok: true; readonly status: ApprovalStatus }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly httpStatus: number };

export const refuse = (code: string, reason: string, httpStatus: number): DecisionResult => ({
  ok: false,
  code,
  reason,
  httpStatus,
});

export function newEntry(request: ApprovalRequest): LocalEntry {
  return {
    request,
    status: pendingStatus(request, []),
    rejected: [],
    usedTokenIds: new Set(),
    timer: undefined,
    notified: false,
  };
}

export type Taken =
  | { readonly kind: 'decided'; readonly outcome: ApprovalOutcome }
  | { readonly kind: 'rejected'; readonly rejection: RejectedDecision; readonly result: DecisionResult };

/**
 * The orchestrator's step for one `ApprovalDecision` event on a pending entry: the same checks
 * (`checkDecision`), the token marked used either way, a refused decision recorded on the entry
 * (the approval stays pending). The caller applies the outcome (grant, events, cards).
 */
export function takeDecision(e: LocalEntry, raw: unknown, now: Date): Taken {
  const check = checkDecision(e.request, raw, now, [...e.usedTokenIds]);
  const tokenId = raw && typeof raw === 'object' ? (raw as { tokenId?: unknown }).tokenId : undefined;
  if (typeof tokenId === 'string') e.usedTokenIds.add(tokenId);
  if (check.ok)
    return { kind: 'decided', outcome: decidedOutcome(e.request, check, now.toISOString(), [...e.rejected]) };
  const rejection: RejectedDecision = {
    code: check.code,
    reason: check.reason,
    approverId: check.approverId,
    at: now.toISOString(),
  };
  e.rejected.push(rejection);
  e.status = pendingStatus(e.request, [...e.rejected]);
  const httpStatus = check.code === 'token_reused' ? 409 : check.code === 'scope_invalid' ? 422 : 403;
  return {
    kind: 'rejected',
    rejection,
    result: { ok: false, code: check.code.replace(/_/g, '-'), reason: check.reason, httpStatus },
  };
}
