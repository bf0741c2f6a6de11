import { expiredOutcome, pendingStatus } from '../../core/approvals/outcome.js';
import { type ApprovalRequest, approvalRequestSchema } from '../../core/approvals/request.js';
import type { ApprovalOutcome, ApprovalStatus } from '../../core/approvals/status.js';
import { readCustomStatus } from './custom-status.js';
import type { InstanceSnapshot } from './durable-port.js';

export interface ApprovalView {
  readonly request: ApprovalRequest;
  readonly status: ApprovalStatus;
  readonly usedTokenIds: readonly string[];
}

/**
 * Maps an orchestration instance to the approval contract. Running/Pending → pending; Completed →
 * the orchestrator's outcome; Failed/Terminated/Canceled → expired (fail closed: never approved).
 * undefined when the instance is not an approval (input does not parse).
 */
export function viewOf(s: InstanceSnapshot): ApprovalView | undefined {
  const parsed = approvalRequestSchema.safeParse(s.input);
  if (!parsed.success) return undefined;
  const request = parsed.data;
  const custom = readCustomStatus(s.customStatus);
  const rejected = custom?.rejected ?? [];
  switch (s.runtimeStatus) {
    case 'Pending':
    case 'Running':
    case 'ContinuedAsNew':
    case 'Suspended':
      return { request, status: pendingStatus(request, rejected), usedTokenIds: custom?.usedTokenIds ?? [] };
    case 'Completed': {
      const out = s.output as ApprovalOutcome | undefined;
      if (out && typeof out === 'object' && ['approved', 'denied', 'expired'].includes(out.state)) {
        return { request, status: out, usedTokenIds: custom?.usedTokenIds ?? [] };
      }
      return {
        request,
        status: expiredOutcome(request, s.lastUpdatedTime.toISOString(), rejected),
        usedTokenIds: [],
      };
    }
    default:
      return {
        request,
        status: expiredOutcome(request, s.lastUpdatedTime.toISOString(), rejected),
        usedTokenIds: custom?.usedTokenIds ?? [],
      };
  }
}
