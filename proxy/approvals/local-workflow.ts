import { EventEmitter } from 'node:events';
import {
  type ApprovalAuditEvent,
  outcomeEvent,
  rejectedEvent,
  requestedEvent,
} from '../../core/approvals/audit-event.js';
import type { ApproverIdentity } from '../../core/approvals/decision.js';
import { type DecisionForm, intakeDecision } from '../../core/approvals/decision-intake.js';
import { DEFAULT_MAX_WINDOW_MS } from '../../core/approvals/grant-scope.js';
import { approvalInstanceId } from '../../core/approvals/instance-id.js';
import { mintReviewTokens, type ReviewTokens } from '../../core/approvals/mint-tokens.js';
import { expiredOutcome } from '../../core/approvals/outcome.js';
import {
  type ApprovalRequest,
  type ApprovalRequestInput,
  approvalRequestInputSchema,
  buildApprovalRequest,
} from '../../core/approvals/request.js';
import type { ApprovalOutcome, ApprovalStatus } from '../../core/approvals/status.js';
import { approvalOutcomeCard, approvalRequestCard } from '../../core/approvals/teams-card.js';
import { whyCannotDecide } from '../../core/approvals/validate-decision.js';
import type {
  ApprovalEventSink,
  ApprovalService,
  ApprovalTicket,
  GrantClaim,
  GrantQuery,
} from './approval-service.js';
import { CardPoster } from './card-poster.js';
import { approvalNotFound, approvalRequestInvalid } from './errors.js';
import { GrantLedger } from './grant-ledger.js';
import { type DecisionResult, type LocalEntry, newEntry, refuse, takeDecision } from './local-entry.js';
import { waitForChange } from './wait-for-change.js';

export type { DecisionResult } from './local-entry.js';

export interface LocalWorkflowOptions {
  /** Base URL of the dev HTTP server, e.g. http://127.0.0.1:7071 (review links). */
  readonly baseUrl: string;
  readonly approverGroup: string;
  readonly signingKey: Uint8Array;
  readonly defaultTimeoutMs: number;
  readonly maxTimeoutMs: number;
  readonly decisionTokenMs: number;
  /** Longest window an approver may grant (default 8 h; 0: approvers grant `once` only). */
  readonly maxWindowMs?: number;
  /** Where cards are posted over HTTP (the dev webhook sink by default); undefined: no cards. */
  readonly webhookUrl: string | undefined;
  readonly onEvent?: ApprovalEventSink;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

/**
 * The in-process approval workflow of `phigate dev`: the orchestrator's state machine (pending →
 * approved | denied | expired) with the same rules (approvers group, no self-approval, single-use
 * decision tokens, expiry timer, approver-chosen scope: once or a window with a statement
 * pattern), the same cards (posted over HTTP) and the same audit events.
 * State lives in memory: a restart forgets pending approvals (they would be refused, never granted).
 */
export class LocalApprovalWorkflow implements ApprovalService {
  readonly #entries = new Map<string, LocalEntry>();
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
      maxWindowMs: this.opts.maxWindowMs ?? DEFAULT_MAX_WINDOW_MS,
    });
    const entry = newEntry(request);
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
    return waitForChange(this.#changes, approvalId, {
      done: () => entry.status.state !== 'pending',
      value: () => entry.status,
      timeoutMs: opts.timeoutMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
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
    return whyCannotDecide(this.#get(approvalId).request, who);
  }

  /** Mints the review page's single-use tokens (once, window when allowed, deny) for a viewer who may decide. */
  mintTokens(approvalId: string, who: ApproverIdentity): ReviewTokens {
    return mintReviewTokens({
      signingKey: this.opts.signingKey,
      request: this.#get(approvalId).request,
      approverId: who.id,
      now: this.#now(),
      decisionTokenMs: this.opts.decisionTokenMs,
    });
  }

  /**
   * The decision POST: the same intake as the Functions app (token, approver, the window the
   * window button carries), then the same checks as the orchestrator.
   */
  submitDecision(approvalId: string, who: ApproverIdentity, form: DecisionForm): DecisionResult {
    const e = this.#entries.get(approvalId);
    if (!e) return refuse('approval-not-found', 'no approval with this id', 404);
    const intake = intakeDecision({
      signingKey: this.opts.signingKey,
      approvalId,
      request: e.request,
      approver: who,
      form,
      now: this.#now(),
    });
    if (!intake.ok) return intake;
    if (e.status.state !== 'pending') {
      return refuse('approval-closed', `the approval is already ${e.status.state}`, 409);
    }
    if (e.usedTokenIds.has(intake.tokenId))
      return refuse('token-used', 'the decision token was already used', 409);
    return this.applyDecision(intake.decision);
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
    const taken = takeDecision(e, raw, this.#now());
    if (taken.kind === 'rejected') {
      this.#emit(rejectedEvent(e.request, taken.rejection));
      return taken.result;
    }
    this.#finish(e, taken.outcome);
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

  #expire(e: LocalEntry): void {
    if (e.status.state !== 'pending') return;
    this.#finish(e, expiredOutcome(e.request, e.request.expiresAt, [...e.rejected]));
  }

  #finish(e: LocalEntry, outcome: ApprovalOutcome): void {
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

  #get(approvalId: string): LocalEntry {
    const e = this.#entries.get(approvalId);
    if (!e) throw approvalNotFound();
    return e;
  }

  #ticket(e: LocalEntry): ApprovalTicket {
    return {
      approvalId: e.request.approvalId,
      reviewUrl: this.reviewUrl(e.request.approvalId),
      expiresAt: e.request.expiresAt,
      status: e.status.state,
    };
  }
}
