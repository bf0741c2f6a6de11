import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import * as df from 'durable-functions';
import { DECISION_EVENT } from '../../core/approvals/decision.js';
import { decidedOutcome, expiredOutcome } from '../../core/approvals/outcome.js';
import { type ApprovalRequest, approvalRequestSchema } from '../../core/approvals/request.js';
import type { ApprovalOutcome, RejectedDecision } from '../../core/approvals/status.js';
import { checkDecision } from '../../core/approvals/validate-decision.js';
import { APPROVAL_FUNCTIONS, type NotifyInput, type RecordInput } from './activity-names.js';
import type { ApprovalCustomStatus } from './custom-status.js';

/** Activities retry a few times (webhook or audit sink hiccups); then the failure is handled below. */
const RETRY = new df.RetryOptions(2_000, 3);

/**
 * One approval, start to finish. Notifies approvers, then races the `ApprovalDecision` external
 * event against a timer at `expiresAt`. Invalid decisions (non-member, the requester, a reused
 * token, a bad action, a window the request does not allow) are recorded and the wait goes on
 * until the deadline; the first valid one cancels the timer. An approval grants what the approver
 * chose (this statement once, or a window with a statement pattern), checked by `checkDecision`. The outcome is recorded (audit + follow-up card) and returned.
 *
 * Deterministic: time only from `context.df.currentUtcDateTime`, no I/O, no randomness.
 */
export const approvalOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const parsed = approvalRequestSchema.safeParse(context.df.getInput());
  if (!parsed.success) {
    throw new Error('approval orchestration input does not match the ApprovalRequest contract');
  }
  const request: ApprovalRequest = parsed.data;
  const rejected: RejectedDecision[] = [];
  const usedTokenIds: string[] = [];
  let notified = false;
  const publish = () =>
    context.df.setCustomStatus({
      state: 'pending',
      usedTokenIds,
      rejected,
      notified,
    } satisfies ApprovalCustomStatus);

  publish();
  try {
    const notify: NotifyInput = { kind: 'requested', request };
    yield context.df.callActivityWithRetry(APPROVAL_FUNCTIONS.notify, RETRY, notify);
    notified = true;
  } catch {
    // Approvers can still decide from the review link the agent was given; the gap is visible in status.
  }
  publish();

  const deadline = new Date(request.expiresAt);
  let outcome: ApprovalOutcome | undefined;
  while (outcome === undefined) {
    const event = context.df.waitForExternalEvent(DECISION_EVENT);
    const timer = context.df.createTimer(deadline);
    const winner = yield context.df.Task.any([event, timer]);
    if (winner === timer) {
      outcome = expiredOutcome(request, deadline.toISOString(), rejected);
      break;
    }
    timer.cancel();
    const now: Date = context.df.currentUtcDateTime;
    const check = checkDecision(request, event.result, now, usedTokenIds);
    if (check.ok) {
      usedTokenIds.push(check.decision.tokenId);
      // The grant (once, or the approver's window) is counted from the orchestration's own clock.
      outcome = decidedOutcome(request, check, now.toISOString(), rejected);
      break;
    }
    const tokenId = tokenIdOf(event.result);
    if (tokenId && !usedTokenIds.includes(tokenId)) usedTokenIds.push(tokenId);
    const rejection: RejectedDecision = {
      code: check.code,
      reason: check.reason,
      approverId: check.approverId,
      at: now.toISOString(),
    };
    rejected.push(rejection);
    publish();
    const record: RecordInput = { kind: 'rejected', request, rejection };
    yield context.df.callActivityWithRetry(APPROVAL_FUNCTIONS.record, RETRY, record);
  }

  const record: RecordInput = { kind: 'outcome', request, outcome };
  yield context.df.callActivityWithRetry(APPROVAL_FUNCTIONS.record, RETRY, record);
  return outcome;
};

function tokenIdOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'tokenId' in raw) {
    const t = (raw as { tokenId: unknown }).tokenId;
    if (typeof t === 'string' && t.length > 0 && t.length <= 64) return t;
  }
  return undefined;
}
