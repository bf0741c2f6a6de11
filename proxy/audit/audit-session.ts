import type { SessionCounts } from '../../core/audit/schema/session.js';
import type { OutcomeStatus } from '../../core/audit/schema/statement.js';
import type { SessionRecorder } from '../recording/session-recorder.js';
import { auditUnavailable } from './errors.js';
import type { Durability, Entry, GroupWriter, Sealed } from './group-writer.js';
import type { ParameterRecorder } from './parameter-recorder.js';
import type {
  ApprovalEventInput,
  SessionEndInput,
  StatementIntentInput,
  StatementOutcomeInput,
  StatementTicket,
} from './types.js';

export interface AuditSessionDeps {
  readonly id: string;
  readonly writer: GroupWriter;
  readonly params: ParameterRecorder;
  readonly recorder: SessionRecorder | undefined;
  readonly now: () => number;
  readonly startedNs: bigint;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** One session's audit trail: statements (write-ahead), frames, approvals, end. */
export class AuditSession {
  readonly id: string;
  readonly #d: AuditSessionDeps;
  #ended = false;
  readonly #counts: SessionCounts = {
    statements: 0,
    allowed: 0,
    denied: 0,
    approvalRequired: 0,
    errors: 0,
    rows: 0,
    bytesOut: 0,
    maskedValues: 0,
    frames: 0,
  };

  constructor(d: AuditSessionDeps) {
    this.id = d.id;
    this.#d = d;
  }

  /**
   * Records the statement's intent and resolves once it is durable: call before the statement
   * goes upstream. Rejects with PhigateError AUDIT_UNAVAILABLE (SQLSTATE PG010) when the
   * record cannot be written; the statement must then be refused.
   */
  intent(input: StatementIntentInput): Promise<StatementTicket> {
    if (this.#ended) return Promise.reject(auditUnavailable('session already ended'));
    const startedMs = this.#d.now();
    const startedNs = process.hrtime.bigint();
    const data = this.#intentData(input);
    return new Promise<StatementTicket>((resolve, reject) => {
      this.#enqueue('statement.intent', startedMs, data, 'ack', input.text.length + 400, {
        resolve: (s: Sealed) => {
          this.#countIntent(input.decision.action);
          resolve({
            stmt: data.stmt as number,
            hash: s.hash,
            startedMs,
            startedNs,
            action: input.decision.action,
          });
        },
        reject,
      });
    });
  }

  /** Records a statement's result. Queued; written with the next batch. Cuts the recording first. */
  outcome(t: StatementTicket, result: StatementOutcomeInput): void {
    if (this.#ended) return;
    this.#cutRecording();
    const finishedMs = this.#d.now();
    const durationUs = Number((process.hrtime.bigint() - t.startedNs) / 1000n);
    const data = this.#outcomeData(t.stmt, t.startedMs, finishedMs, durationUs, result);
    this.#enqueue('statement.outcome', finishedMs, data, 'retain', 600 + 120 * (result.columns?.length ?? 0));
  }

  /**
   * A statement phigate refused before upstream (denied by policy, approval required, denied or
   * expired): intent and outcome in one go, not awaited, kept through an outage.
   */
  refused(input: StatementIntentInput, result: StatementOutcomeInput): void {
    if (this.#ended) return;
    this.#cutRecording();
    const ms = this.#d.now();
    const data = this.#intentData(input);
    const intent = this.#enqueue('statement.intent', ms, data, 'retain', input.text.length + 400, {
      resolve: () => this.#countIntent(input.decision.action),
    });
    const out = this.#outcomeData(0, ms, ms, 0, { status: 'refused', ...result });
    this.#enqueue('statement.outcome', ms, out, 'retain', 600, { intent });
  }

  /**
   * Records a frame as delivered to or received from the client (copied before returning).
   * Returns false when the audit queue is congested: pause reading until `whenWritable()`.
   */
  frame(direction: 'frontend' | 'backend', bytes: Uint8Array, at?: bigint): boolean {
    const rec = this.#d.recorder;
    if (rec && !this.#ended) {
      const draft = rec.frame(direction, bytes, at);
      if (draft) this.#enqueueSegment(draft);
    }
    return !this.#d.writer.congested;
  }

  whenWritable(): Promise<void> {
    return this.#d.writer.whenWritable();
  }

  /** An approval event about a statement of this session; durable before it resolves. */
  approval(event: ApprovalEventInput): Promise<void> {
    const { type, at, ...data } = event;
    const ms = Date.parse(at);
    return new Promise<void>((resolve, reject) => {
      this.#enqueue(type, Number.isFinite(ms) ? ms : this.#d.now(), data, 'ack-retain', 600, {
        resolve: () => resolve(),
        reject,
      });
    });
  }

  /** Ends the session: flushes the recording and writes `session.end` (durable before it resolves). */
  end(info: SessionEndInput): Promise<void> {
    if (this.#ended) return Promise.resolve();
    this.#cutRecording();
    this.#ended = true;
    this.#counts.frames = this.#d.recorder?.totalFrames ?? 0;
    const data = {
      reason: info.reason.slice(0, 1_000) || 'ended',
      durationUs: Number((process.hrtime.bigint() - this.#d.startedNs) / 1000n),
      counts: { ...this.#counts },
    };
    return new Promise<void>((resolve, reject) => {
      this.#enqueue('session.end', this.#d.now(), data, 'ack-retain', 400, {
        resolve: () => resolve(),
        reject,
      });
    });
  }

  get ended(): boolean {
    return this.#ended;
  }

  #intentData(input: StatementIntentInput): Record<string, unknown> {
    return {
      stmt: 0,
      text: input.text,
      fingerprint: input.fingerprint,
      path: input.path,
      statementName: input.statementName,
      portal: input.portal,
      parameters: input.params ? this.#d.params.record(input.params, input.paramFormats) : undefined,
      decision: {
        action: input.decision.action,
        ruleId: input.decision.ruleId || 'none',
        reason: input.decision.reason || 'none',
      },
      approval: input.approval
        ? { approvalId: input.approval.approvalId, kind: input.approval.kind }
        : undefined,
    };
  }

  #outcomeData(
    stmt: number,
    startedMs: number,
    finishedMs: number,
    durationUs: number,
    r: StatementOutcomeInput,
  ): Record<string, unknown> {
    const status: OutcomeStatus = r.status ?? (r.sqlstate ? 'error' : 'ok');
    const c = this.#counts;
    if (status === 'error') c.errors++;
    c.rows += r.rows;
    c.bytesOut += r.bytesOut;
    let masked = 0;
    for (const m of r.masked ?? []) masked += m.count;
    c.maskedValues += masked;
    return {
      stmt,
      status,
      startedAt: iso(startedMs),
      finishedAt: iso(finishedMs),
      durationUs: Math.max(0, durationUs),
      tag: r.tag,
      rows: r.rows,
      columns: (r.columns ?? []).map((col) => ({
        name: col.name,
        typeOid: col.typeOid,
        typeName: col.typeName,
        tableOid: col.tableOid,
        columnNumber: col.columnNumber,
      })),
      masked: (r.masked ?? []).map((m) => ({
        column: m.column,
        entity: m.entity,
        method: m.method,
        count: m.count,
      })),
      bytesOut: r.bytesOut,
      sqlstate: r.sqlstate,
      errorCode: r.errorCode,
      suspended: r.suspended || undefined,
    };
  }

  #countIntent(action: 'allow' | 'deny' | 'approve'): void {
    const c = this.#counts;
    c.statements++;
    if (action === 'allow') c.allowed++;
    else if (action === 'deny') c.denied++;
    else c.approvalRequired++;
  }

  #cutRecording(): void {
    const draft = this.#d.recorder?.cut();
    if (draft) this.#enqueueSegment(draft);
  }

  #enqueueSegment(d: NonNullable<ReturnType<SessionRecorder['cut']>>): void {
    const data = {
      index: 0,
      prevSegment: '',
      originUs: d.originUs,
      firstAt: d.firstAt,
      lastAt: d.lastAt,
      frames: d.frames,
      bytes: d.bytes,
      droppedPasswordMessages: d.droppedPasswordMessages,
      payloadSha256: d.payloadSha256,
      payload: d.payload,
    };
    this.#enqueue('recording.segment', Math.floor(d.originUs / 1000), data, 'retain', d.size);
  }

  #enqueue(
    type: Entry['type'],
    ms: number,
    data: Record<string, unknown>,
    durability: Durability,
    size: number,
    extra: Partial<Pick<Entry, 'resolve' | 'reject' | 'intent'>> = {},
  ): Entry {
    const e: Entry = { chain: this.id, type, at: iso(ms), data, durability, size, ...extra };
    this.#d.writer.enqueue(e);
    return e;
  }
}
