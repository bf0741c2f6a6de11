import { isoMs } from '../../core/audit/iso-time.js';
import type { SessionCounts } from '../../core/audit/schema/session.js';
import type { OutcomeStatus } from '../../core/audit/schema/statement.js';
import { SYSTEM_CHAIN } from '../../core/audit/version.js';
import { isPhiEntity } from '../../core/phi/entities.js';
import type { SessionRecorder } from '../recording/session-recorder.js';
import { auditUnavailable } from './errors.js';
import type { GroupWriter } from './group-writer.js';
import type { ParameterRecorder } from './parameter-recorder.js';
import type { Durability, Entry, Sealed } from './queue-entry.js';
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
  /** See `audit.recording.flushMs`. */
  readonly flushMs: number;
}

const iso = isoMs;
const METHOD = /^[a-z][a-z0-9_-]{0,63}$/;
/** Counts and sizes as non-negative integers (the canonical encoding has no fractions). */
const int = (v: number): number =>
  Number.isSafeInteger(v) && v >= 0
    ? v
    : Number.isFinite(v) && v > 0
      ? Math.min(Math.trunc(v), Number.MAX_SAFE_INTEGER)
      : 0;
const optInt = (v: number | undefined): number | undefined => (v === undefined ? undefined : int(v));

/** One session's audit trail: statements (write-ahead), frames, approvals, end. */
export class AuditSession {
  readonly id: string;
  readonly #d: AuditSessionDeps;
  #ended = false;
  #flushTimer: NodeJS.Timeout | undefined;
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
        sortedData: true,
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
    this.#statementBoundary();
    const finishedMs = this.#d.now();
    const durationUs = Number((process.hrtime.bigint() - t.startedNs) / 1000n);
    const data = this.#outcomeData(t.stmt, t.startedMs, finishedMs, durationUs, result);
    this.#enqueue(
      'statement.outcome',
      finishedMs,
      data,
      'retain',
      600 + 120 * (result.columns?.length ?? 0),
      {
        sortedData: true,
      },
    );
  }

  /**
   * A statement phigate refused before upstream (denied by policy, approval required, denied or
   * expired): intent and outcome in one go, not awaited, kept through an outage.
   */
  refused(input: StatementIntentInput, result: StatementOutcomeInput): void {
    if (this.#ended) return;
    this.#statementBoundary();
    const ms = this.#d.now();
    const data = this.#intentData(input);
    const intent = this.#enqueue('statement.intent', ms, data, 'retain', input.text.length + 400, {
      sortedData: true,
      resolve: () => this.#countIntent(input.decision.action),
    });
    const out = this.#outcomeData(0, ms, ms, 0, { status: 'refused', ...result });
    this.#enqueue('statement.outcome', ms, out, 'retain', 600, { intent, sortedData: true });
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
    // After the session ended, its chain is closed: the event goes on the approvals chain.
    const chain = this.#ended ? SYSTEM_CHAIN.approvals : this.id;
    return new Promise<void>((resolve, reject) => {
      this.#d.writer.enqueue({
        chain,
        type,
        at: iso(Number.isFinite(ms) ? ms : this.#d.now()),
        data,
        durability: 'ack-retain',
        size: 600,
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

  // The data builders below insert keys in sorted order at every depth and write only integers,
  // so JSON.stringify is the canonical encoding (`sortedData`); verify re-checks every line.

  #intentData(input: StatementIntentInput): Record<string, unknown> {
    const d = input.decision;
    return {
      approval: input.approval
        ? { approvalId: input.approval.approvalId, kind: input.approval.kind }
        : undefined,
      decision: {
        action: d.action,
        reason: (d.reason || 'none').slice(0, 1_000),
        ruleId: (d.ruleId || 'none').slice(0, 1_000),
      },
      fingerprint: input.fingerprint,
      parameters: input.params ? this.#d.params.record(input.params, input.paramFormats) : undefined,
      path: input.path,
      portal: input.portal,
      statementName: input.statementName,
      stmt: 0,
      text: input.text,
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
    const rows = int(r.rows);
    const bytesOut = int(r.bytesOut);
    const c = this.#counts;
    if (status === 'error') c.errors++;
    c.rows += rows;
    c.bytesOut += bytesOut;
    // Values outside the contract's vocabulary are recorded as OTHER_ID / other, never as an invalid record.
    const masked = (r.masked ?? []).map((m) => ({
      column: m.column,
      count: int(m.count),
      entity: isPhiEntity(m.entity) ? m.entity : 'OTHER_ID',
      method: METHOD.test(m.method) ? m.method : 'other',
    }));
    for (const m of masked) c.maskedValues += m.count;
    return {
      bytesOut,
      columns: (r.columns ?? []).map((col) => ({
        columnNumber: optInt(col.columnNumber),
        name: col.name,
        tableOid: optInt(col.tableOid),
        typeName: col.typeName,
        typeOid: int(col.typeOid),
      })),
      durationUs: int(durationUs),
      errorCode: r.errorCode,
      finishedAt: iso(finishedMs),
      masked,
      rows,
      sqlstate: r.sqlstate,
      startedAt: iso(startedMs),
      status,
      stmt,
      suspended: r.suspended || undefined,
      tag: r.tag,
    };
  }

  #countIntent(action: 'allow' | 'deny' | 'approve'): void {
    const c = this.#counts;
    c.statements++;
    if (action === 'allow') c.allowed++;
    else if (action === 'deny') c.denied++;
    else c.approvalRequired++;
  }

  /** Cuts the recording at a statement boundary once the open segment is `flushMs` old; else arms a timer. */
  #statementBoundary(): void {
    const rec = this.#d.recorder;
    if (!rec) return;
    const ageMs = rec.openAgeUs() / 1000;
    if (ageMs >= this.#d.flushMs) {
      this.#cutRecording();
    } else if (!this.#flushTimer) {
      this.#flushTimer = setTimeout(() => {
        this.#flushTimer = undefined;
        if (!this.#ended) this.#cutRecording();
      }, this.#d.flushMs - ageMs);
      this.#flushTimer.unref();
    }
  }

  #cutRecording(): void {
    if (this.#flushTimer) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
    }
    const draft = this.#d.recorder?.cut();
    if (draft) this.#enqueueSegment(draft);
  }

  #enqueueSegment(d: NonNullable<ReturnType<SessionRecorder['cut']>>): void {
    const data = {
      bytes: d.bytes,
      droppedPasswordMessages: d.droppedPasswordMessages,
      firstAt: d.firstAt,
      frames: d.frames,
      index: 0,
      lastAt: d.lastAt,
      originUs: d.originUs,
      payload: d.payload,
      payloadSha256: d.payloadSha256,
      prevSegment: '',
    };
    this.#enqueue('recording.segment', Math.floor(d.originUs / 1000), data, 'retain', d.size, {
      sortedData: true,
    });
  }

  #enqueue(
    type: Entry['type'],
    ms: number,
    data: Record<string, unknown>,
    durability: Durability,
    size: number,
    extra: Partial<Pick<Entry, 'resolve' | 'reject' | 'intent' | 'sortedData'>> = {},
  ): Entry {
    const e: Entry = { chain: this.id, type, at: iso(ms), data, durability, size, ...extra };
    this.#d.writer.enqueue(e);
    return e;
  }
}
