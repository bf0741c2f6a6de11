import { EventEmitter } from 'node:events';
import {
  type ApprovalAuditEvent,
  outcomeEvent,
  rejectedEvent,
  requestedEvent,
} from '../../core/approvals/audit-event.js';
import type { ApprovalDecision, ApproverIdentity } from '../../core/approvals/decision.js';
import { signDecisionToken, verifyDecisionToken } from '../../core/approvals/decision-token.js';
import { approvalInstanceId } from '../../core/approvals/instance-id.js';
import { decidedOutcome, expiredOutcome, pendingStatus } from '../../core/approvals/outcome.js';
import {
  type ApprovalRequest,
  type ApprovalRequestInput,
  approvalRequestInputSchema,
  buildApprovalRequest,
} from '../../core/approvals/request.js';
import type { ApprovalOutcome, ApprovalStatus, RejectedDecision } from '../../core/approvals/status.js';
import { approvalOutcomeCard, approvalRequestCard } from '../../core/approvals/teams-card.js';
import { checkDecision, isRequester } from '../../core/approvals/validate-decision.js';
import type {
  ApprovalEventSink,
  ApprovalService,
  ApprovalTicket,
  GrantClaim,
  GrantQuery,
} from './approval-service.js';
import { CardPoster } from './card-poster.js';
import { approvalNotFound, approvalRequestInvalid, approvalWaitAborted } from './errors.js';
import { GrantLedger } from './grant-ledger.js';

export interface LocalWorkflowOptions {
  /** Base URL of the dev HTTP server, e.g. http://127.0.0.1:7071 (review links). */
  readonly baseUrl: string;
  readonly approverGroup: string;
  readonly signingKey: Uint8Array;
  readonly defaultTimeoutMs: number;
  readonly maxTimeoutMs: number;
  readonly decisionTokenMs: number;
  /** Where cards are posted over HTTP (the dev webhook sink by default); undefined: no cards. */
  readonly webhookUrl: string | undefined;
  readonly onEvent?: ApprovalEventSink;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

interface Entry {
  readonly request: ApprovalRequest;
  status: ApprovalStatus;
  readonly rejected: RejectedDecision[];
  readonly usedTokenIds: Set<string>;
  timer: NodeJS.Timeout | undefined;
  notified: boolean;
}

const refuse = (code: string, reason: string, httpStatus: number): DecisionResult => ({
  ok: false,
  code,
  reason,
  httpStatus,
});

export type DecisionResult =
  | { readonly ok: true; readonly status: ApprovalStatus }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly httpStatus: number };

/**
 * The in-process approval workflow of `phigate dev`: the orchestrator's state machine (pending →
 * approved | denied | expired) with the same rules (approvers group, no self-approval, single-use
 * decision tokens, expiry timer), the same cards (posted over HTTP) and the same audit events.
 * State lives in memory: a restart forgets pending approvals (they would be refused, never granted).
 */
export class LocalApprovalWorkflow implements ApprovalService {
  readonly #entries = new Map<string, Entry>();
  readonly #ledger = new GrantLedger();
  readonly #changes = new EventEmitter();
  readonly #now: () => Date;
  readonly #cards: CardPoster;

  constructor(private readonly opts: LocalWorkflowOptions) {
    this.#now = opts.now ?? (() => new Date());
    this.#changes.setMaxListeners(0);
    this.#cards = new CardPoster(opts.webhookUrl, opts.fetch);
  }

  reviewUrl(approvalId: string): string {
    return `${this.opts.baseUrl}/approvals/${approvalId}`;
  }

  async request(input: ApprovalRequestInput): Promise<ApprovalTicket> {
    const parsed = approvalRequestInputSchema.safeParse(input);
    if (!parsed.success) {
      throw approvalRequestInvalid(parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', '));
    }
    const approvalId = approvalInstanceId(parsed.data);
    const existing = this.#entries.get(approvalId);
    if (existing) return this.#ticket(existing);
    const request = buildApprovalRequest(parsed.data, {
      approvalId,
      now: this.#now(),
      defaultTimeoutMs: this.opts.defaultTimeoutMs,
      maxTimeoutMs: this.opts.maxTimeoutMs,
      approverGroup: this.opts.approverGroup,
    });
    const entry: Entry = {
      request,
      status: pendingStatus(request, []),
      rejected: [],
      usedTokenIds: new Set(),
      timer: undefined,
      notified: false,
    };
    this.#entries.set(approvalId, entry);
    const delay = Math.max(0, Date.parse(request.expiresAt) - this.#now().getTime());
    entry.timer = setTimeout(() => void this.#expire(entry), delay);
    entry.timer.unref();
    await this.opts.onEvent?.(requestedEvent(request));
    const links = {
      review: this.reviewUrl(approvalId),
      approve: `${this.reviewUrl(approvalId)}?intent=approve`,
      deny: `${this.reviewUrl(approvalId)}?intent=deny`,
    };
    this.#cards.post(approvalRequestCard(request, links), () => {
      entry.notified = true;
    });
    return this.#ticket(entry);
  }

  async status(approvalId: string): Promise<ApprovalStatus> {
    return this.#get(approvalId).status;
  }

  waitForDecision(
    approvalId: string,
    opts: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<ApprovalStatus> {
    const entry = this.#get(approvalId);
    if (entry.status.state !== 'pending') return Promise.resolve(entry.status);
    if (opts.signal?.aborted) return Promise.reject(approvalWaitAborted());
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#changes.off(approvalId, onChange);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const onChange = () => {
        if (entry.status.state === 'pending') return;
        done();
        resolve(entry.status);
      };
      const onAbort = () => {
        done();
        reject(approvalWaitAborted());
      };
      const timer = setTimeout(
        () => {
          done();
          resolve(entry.status);
        },
        Math.max(0, opts.timeoutMs),
      );
      this.#changes.on(approvalId, onChange);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async claimGrant(q: GrantQuery): Promise<GrantClaim | undefined> {
    return this.#ledger.claim(q, this.#now());
  }

  /** Approvals for the console and `phigate approvals list`, newest first. */
  list(): Array<{ request: ApprovalRequest; status: ApprovalStatus; notified: boolean }> {
    return [...this.#entries.values()]
      .map((e) => ({ request: e.request, status: e.status, notified: e.notified }))
      .sort((a, b) => b.request.requestedAt.localeCompare(a.request.requestedAt));
  }

  get(approvalId: string): { request: ApprovalRequest; status: ApprovalStatus } | undefined {
    const e = this.#entries.get(approvalId);
    return e && { request: e.request, status: e.status };
  }

  /** Why this person may not decide, or undefined. */
  whyCannotDecide(approvalId: string, who: ApproverIdentity): string | undefined {
    const e = this.#get(approvalId);
    if (isRequester(e.request, { approver: who })) return 'you are the requester of this approval';
    if (!who.groups.includes(e.request.approverGroup)) return 'you are not a member of the approvers group';
    return undefined;
  }

  /** Mints the review page's single-use tokens for a viewer who may decide. */
  mintTokens(approvalId: string, who: ApproverIdentity): { approveToken: string; denyToken: string } {
    const e = this.#get(approvalId);
    const expiresAt = Math.min(
      Date.parse(e.request.expiresAt),
      this.#now().getTime() + this.opts.decisionTokenMs,
    );
    const mint = (action: 'approve' | 'deny') =>
      signDecisionToken(this.opts.signingKey, { approvalId, action, approverId: who.id, expiresAt });
    return { approveToken: mint('approve'), denyToken: mint('deny') };
  }

  /** The decision POST: verifies the token, then applies the same checks as the orchestrator. */
  submitDecision(approvalId: string, who: ApproverIdentity, token: string, comment?: string): DecisionResult {
    const e = this.#entries.get(approvalId);
    if (!e) return refuse('approval-not-found', 'no approval with this id', 404);
    const check = verifyDecisionToken(this.opts.signingKey, token, this.#now().getTime());
    if (!check.ok)
      return { ok: false, code: check.code.replace(/_/g, '-'), reason: check.reason, httpStatus: 403 };
    const c = check.claims;
    if (c.approvalId !== approvalId) {
      return refuse('token-wrong-approval', 'the decision token is for another approval', 403);
    }
    if (c.approverId !== who.id) {
      return refuse('token-wrong-approver', 'the decision token was issued to another user', 403);
    }
    if (e.status.state !== 'pending') {
      return refuse('approval-closed', `the approval is already ${e.status.state}`, 409);
    }
    if (e.usedTokenIds.has(c.jti)) {
      return refuse('token-used', 'the decision token was already used', 409);
    }
    const decision: ApprovalDecision = {
      approvalId,
      action: c.action,
      approver: who,
      decidedAt: this.#now().toISOString(),
      tokenId: c.jti,
      ...(comment ? { comment } : {}),
    };
    return this.applyDecision(decision);
  }

  /** The external event, as the orchestrator takes it: invalid decisions are recorded, the wait goes on. */
  applyDecision(raw: unknown): DecisionResult {
    const approvalId =
      raw && typeof raw === 'object' ? (raw as { approvalId?: unknown }).approvalId : undefined;
    const e = typeof approvalId === 'string' ? this.#entries.get(approvalId) : undefined;
    if (!e) return refuse('approval-not-found', 'no approval with this id', 404);
    if (e.status.state !== 'pending') {
      return refuse('approval-closed', `the approval is already ${e.status.state}`, 409);
    }
    const now = this.#now();
    const check = checkDecision(e.request, raw, now, [...e.usedTokenIds]);
    const tokenId = (raw as { tokenId?: unknown }).tokenId;
    if (typeof tokenId === 'string') e.usedTokenIds.add(tokenId);
    if (!check.ok) {
      const rejection: RejectedDecision = {
        code: check.code,
        reason: check.reason,
        approverId: check.approverId,
        at: now.toISOString(),
      };
      e.rejected.push(rejection);
      e.status = pendingStatus(e.request, [...e.rejected]);
      this.#emit(rejectedEvent(e.request, rejection));
      const httpStatus = check.code === 'token_reused' ? 409 : 403;
      return { ok: false, code: check.code.replace(/_/g, '-'), reason: check.reason, httpStatus };
    }
    this.#finish(
      e,
      decidedOutcome(e.request, check.decision, check.action, now.toISOString(), [...e.rejected]),
    );
    return { ok: true, status: e.status };
  }

  /** Waits for card posts in flight (tests, shutdown). */
  async settled(): Promise<void> {
    await this.#cards.settled();
  }

  async close(): Promise<void> {
    for (const e of this.#entries.values()) clearTimeout(e.timer);
    await this.settled();
  }

  #expire(e: Entry): void {
    if (e.status.state !== 'pending') return;
    this.#finish(e, expiredOutcome(e.request, e.request.expiresAt, [...e.rejected]));
  }

  #finish(e: Entry, outcome: ApprovalOutcome): void {
    clearTimeout(e.timer);
    e.status = outcome;
    if (outcome.state === 'approved') this.#ledger.add(outcome.grant);
    this.#emit(outcomeEvent(outcome));
    this.#cards.post(approvalOutcomeCard(e.request, outcome, this.reviewUrl(e.request.approvalId)));
    this.#changes.emit(e.request.approvalId);
  }

  /**
   * Outcome events are written without blocking the decision; a failing sink does not open a gap
   * for statements, whose own write-ahead audit intent (with the approval id) fails closed.
   */
  #emit(event: ApprovalAuditEvent): void {
    const sink = this.opts.onEvent;
    if (!sink) return;
    Promise.resolve()
      .then(() => sink(event))
      .catch(() => undefined);
  }

  #get(approvalId: string): Entry {
    const e = this.#entries.get(approvalId);
    if (!e) throw approvalNotFound();
    return e;
  }

  #ticket(e: Entry): ApprovalTicket {
    return {
      approvalId: e.request.approvalId,
      reviewUrl: this.reviewUrl(e.request.approvalId),
      expiresAt: e.request.expiresAt,
      status: e.status.state,
    };
  }
}
