import type { ApprovalAuditEvent } from '../../core/approvals/audit-event.js';
import type { ApprovalRequestInput } from '../../core/approvals/request.js';
import type { ApprovalState, ApprovalStatus, Grant } from '../../core/approvals/status.js';

/** What `request` returns: enough for a NoticeResponse (hold) or an error message (defer). */
export interface ApprovalTicket {
  readonly approvalId: string;
  /** The review page approvers open (no secret in it). */
  readonly reviewUrl: string;
  readonly expiresAt: string;
  readonly status: ApprovalState;
}

/** A grant that lets one statement through; the statement's audit record links `approvalId`. */
export interface GrantClaim {
  readonly approvalId: string;
  readonly kind: Grant['kind'];
  readonly grant: Grant;
}

export interface GrantQuery {
  readonly agentId: string;
  readonly resource: string;
  readonly fingerprint: string;
  /** Statement text, matched against window grants' patterns. */
  readonly statement: string;
}

/**
 * The proxy's view of approvals. Two implementations: `HttpApprovalService` (the Functions app)
 * and `LocalApprovalWorkflow` (in-process, `phigate dev`). Both fail closed: an error means no
 * approval, never an implicit one.
 */
export interface ApprovalService {
  /** Idempotent for the same request (same agent, resource, fingerprint, scope, requestKey). */
  request(req: ApprovalRequestInput): Promise<ApprovalTicket>;
  status(approvalId: string): Promise<ApprovalStatus>;
  /** Resolves with the final status, or the pending one when `timeoutMs` passes; rejects on abort. */
  waitForDecision(
    approvalId: string,
    opts: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<ApprovalStatus>;
  /** Consumes a matching once-grant atomically, or matches a window grant; undefined when none. */
  claimGrant(q: GrantQuery): Promise<GrantClaim | undefined>;
  /** Stops timers and pending waits. */
  close(): Promise<void>;
}

/** Receives approval audit events (requested, approved, denied, expired, refused decisions). */
export type ApprovalEventSink = (event: ApprovalAuditEvent) => void | Promise<void>;
