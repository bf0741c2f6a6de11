import { type ApprovalAuditEvent, outcomeEvent } from '../../core/approvals/audit-event.js';
import { isApprovalId } from '../../core/approvals/instance-id.js';
import { type ApprovalRequestInput, approvalRequestInputSchema } from '../../core/approvals/request.js';
import type { ApprovalStatus } from '../../core/approvals/status.js';
import { PhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';
import type {
  ApprovalEventSink,
  ApprovalService,
  ApprovalTicket,
  GrantClaim,
  GrantQuery,
} from './approval-service.js';
import {
  approvalNotFound,
  approvalRequestInvalid,
  approvalUnavailable,
  approvalWaitAborted,
} from './errors.js';
import { GrantLedger } from './grant-ledger.js';

export interface HttpApprovalServiceOptions {
  /** Functions app base URL (no trailing slash needed). */
  readonly baseUrl: string;
  /** Function key sent as `x-functions-key` (secret: never logged). */
  readonly functionKey?: string;
  /** Managed-identity bearer token source (see `managedIdentityTokenSource`). */
  readonly getToken?: () => Promise<string>;
  readonly requestTimeoutMs?: number;
  /** Longest single long-poll asked of the status endpoint. */
  readonly longPollMs?: number;
  readonly onEvent?: ApprovalEventSink;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

/**
 * The proxy's client of the Functions app: start (POST /api/approvals) and status
 * (GET /api/approvals/{id}, long-polled). Grants it sees approved go into a local ledger that
 * `claimGrant` consumes. Every failure is an error (fail closed), never an implicit approval.
 */
export class HttpApprovalService implements ApprovalService {
  readonly #ledger = new GrantLedger();
  /** Approvals this process asked for and has not seen finish: refreshed by `claimGrant`. */
  readonly #open = new Map<string, { agentId: string; resource: string; fingerprint: string }>();
  readonly #reported = new Set<string>();
  readonly #base: string;
  readonly #now: () => Date;

  constructor(private readonly opts: HttpApprovalServiceOptions) {
    this.#base = opts.baseUrl.replace(/\/+$/, '');
    this.#now = opts.now ?? (() => new Date());
  }

  async request(input: ApprovalRequestInput): Promise<ApprovalTicket> {
    const parsed = approvalRequestInputSchema.safeParse(input);
    if (!parsed.success) {
      throw approvalRequestInvalid(parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', '));
    }
    const res = await this.#call('POST', '/api/approvals', JSON.stringify(input));
    const doc = await this.#json(res);
    if (res.status !== 200 && res.status !== 201) throw this.#problem(res.status, doc);
    const t = doc as Partial<ApprovalTicket>;
    if (
      typeof t.approvalId !== 'string' ||
      !isApprovalId(t.approvalId) ||
      typeof t.reviewUrl !== 'string' ||
      typeof t.expiresAt !== 'string'
    ) {
      throw approvalUnavailable('the control plane answered with an unexpected body');
    }
    const ticket: ApprovalTicket = {
      approvalId: t.approvalId,
      reviewUrl: t.reviewUrl,
      expiresAt: t.expiresAt,
      status:
        t.status === 'approved' || t.status === 'denied' || t.status === 'expired' ? t.status : 'pending',
    };
    this.#open.set(ticket.approvalId, {
      agentId: parsed.data.agent.agentId,
      resource: parsed.data.resource,
      fingerprint: parsed.data.fingerprint,
    });
    return ticket;
  }

  async status(approvalId: string): Promise<ApprovalStatus> {
    return this.#fetchStatus(approvalId, 0, undefined);
  }

  async waitForDecision(
    approvalId: string,
    opts: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<ApprovalStatus> {
    const until = this.#now().getTime() + Math.max(0, opts.timeoutMs);
    for (;;) {
      if (opts.signal?.aborted) throw approvalWaitAborted();
      const remaining = until - this.#now().getTime();
      const wait = Math.max(0, Math.min(remaining, this.opts.longPollMs ?? 20_000));
      const s = await this.#fetchStatus(approvalId, wait, opts.signal);
      if (s.state !== 'pending' || until - this.#now().getTime() <= 0) return s;
    }
  }

  async claimGrant(q: GrantQuery): Promise<GrantClaim | undefined> {
    const hit = this.#ledger.claim(q, this.#now());
    if (hit) return hit;
    // Approvals asked for by this process (defer mode) may have been decided since: refresh those.
    const candidates = [...this.#open].filter(
      ([, o]) => o.agentId === q.agentId && o.resource === q.resource,
    );
    for (const [id] of candidates) await this.#fetchStatus(id, 0, undefined).catch(() => undefined);
    return this.#ledger.claim(q, this.#now());
  }

  async close(): Promise<void> {
    this.#open.clear();
  }

  async #fetchStatus(
    approvalId: string,
    waitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<ApprovalStatus> {
    if (!isApprovalId(approvalId)) throw approvalNotFound();
    const q = waitMs > 0 ? `?waitMs=${Math.floor(waitMs)}` : '';
    const res = await this.#call('GET', `/api/approvals/${approvalId}${q}`, undefined, waitMs, signal);
    const doc = await this.#json(res);
    if (res.status === 404) throw approvalNotFound();
    if (res.status !== 200) throw this.#problem(res.status, doc);
    const s = doc as ApprovalStatus;
    if (
      !s ||
      typeof s !== 'object' ||
      s.approvalId !== approvalId ||
      !['pending', 'approved', 'denied', 'expired'].includes(s.state)
    ) {
      throw approvalUnavailable('the control plane answered with an unexpected body');
    }
    if (s.state !== 'pending') {
      this.#open.delete(approvalId);
      if (s.state === 'approved') this.#ledger.add(s.grant);
      if (!this.#reported.has(approvalId)) {
        this.#reported.add(approvalId);
        await this.#emit(outcomeEvent(s));
      }
    }
    return s;
  }

  async #emit(e: ApprovalAuditEvent): Promise<void> {
    try {
      await this.opts.onEvent?.(e);
    } catch {
      // see LocalApprovalWorkflow#emit: statements' own audit intents fail closed.
    }
  }

  async #call(
    method: string,
    path: string,
    body?: string,
    extraMs = 0,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.opts.functionKey) headers['x-functions-key'] = this.opts.functionKey;
    try {
      if (this.opts.getToken) headers.authorization = `Bearer ${await this.opts.getToken()}`;
    } catch (error) {
      throw approvalUnavailable('no managed identity token for the control plane', error);
    }
    const timeout = AbortSignal.timeout((this.opts.requestTimeoutMs ?? 10_000) + extraMs);
    try {
      return await (this.opts.fetch ?? fetch)(`${this.#base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'error',
      });
    } catch (error) {
      if (signal?.aborted) throw approvalWaitAborted();
      const kind = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'unreachable';
      throw approvalUnavailable(`control plane ${kind}`, error);
    }
  }

  async #json(res: Response): Promise<unknown> {
    try {
      return await res.json();
    } catch {
      return undefined;
    }
  }

  #problem(status: number, doc: unknown): PhigateError {
    const code =
      doc && typeof doc === 'object' && typeof (doc as { code?: unknown }).code === 'string'
        ? (doc as { code: string }).code
        : 'unknown';
    if (status >= 500 || status === 401 || status === 403)
      return approvalUnavailable(`control plane refused (${status} ${code})`);
    return new PhigateError('APPROVAL_CONTROL_PLANE_ERROR', `control plane answered ${status} (${code})`, {
      sqlstate: SQLSTATE.approvalRequired,
      status: 502,
    });
  }
}
