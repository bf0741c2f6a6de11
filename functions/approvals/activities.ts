import {
  type ApprovalAuditEvent,
  outcomeEvent,
  rejectedEvent,
  requestedEvent,
} from '../../core/approvals/audit-event.js';
import { approvalOutcomeCard, approvalRequestCard } from '../../core/approvals/teams-card.js';
import type { NotifyInput, RecordInput } from './activity-names.js';
import { type ApprovalSettings, reviewLinks } from './settings.js';
import { postTeamsCard } from './teams-webhook.js';

export interface ActivityDeps {
  readonly settings: Pick<ApprovalSettings, 'teamsWebhookUrl' | 'reviewBaseUrl' | 'statementOnCard'>;
  /** Where approval audit events go (the audit transport); must throw when it cannot record. */
  readonly audit: (event: ApprovalAuditEvent) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/** Activity `approvalNotify`: records `approval.requested`, then posts the request card. */
export function makeNotifyActivity(deps: ActivityDeps) {
  return async (input: NotifyInput): Promise<{ posted: boolean }> => {
    await deps.audit(requestedEvent(input.request));
    const url = deps.settings.teamsWebhookUrl;
    if (!url) return { posted: false };
    const links = reviewLinks(deps.settings.reviewBaseUrl, input.request.approvalId);
    await postTeamsCard(url, approvalRequestCard(input.request, links, deps.settings.statementOnCard), {
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    return { posted: true };
  };
}

/**
 * Activity `approvalRecord`: the audit event of a refused decision attempt, or of the outcome
 * followed by the follow-up card. The audit write comes first and its failure fails the activity
 * (the orchestrator retries, then fails: an unrecorded approval never completes as approved).
 * A follow-up card that cannot be posted does not undo a recorded decision.
 */
export function makeRecordActivity(deps: ActivityDeps) {
  return async (input: RecordInput): Promise<{ posted: boolean }> => {
    if (input.kind === 'rejected') {
      await deps.audit(rejectedEvent(input.request, input.rejection));
      return { posted: false };
    }
    await deps.audit(outcomeEvent(input.outcome));
    const url = deps.settings.teamsWebhookUrl;
    if (!url) return { posted: false };
    const links = reviewLinks(deps.settings.reviewBaseUrl, input.request.approvalId);
    try {
      await postTeamsCard(
        url,
        approvalOutcomeCard(input.request, input.outcome, links.review, deps.settings.statementOnCard),
        {
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        },
      );
      return { posted: true };
    } catch {
      return { posted: false };
    }
  };
}
