/**
 * The stage ports of the statement pipeline. Each stage is an adapter behind one of these:
 * the audit log (embedded files or the Azure pipeline) and the masking engine. Policy and
 * approvals have their own interfaces in proxy/policy and proxy/approvals.
 */
import type { ApprovalAuditEvent } from '../../core/approvals/audit-event.js';
import type { StatementDecision } from '../policy/decision.js';
import type {
  DescribeTarget,
  PortalInfo,
  SessionContext,
  StatementOutcome,
  StatementPath,
  StatementRun,
} from './types.js';

/** What the audit log records about a statement before it goes upstream (write-ahead). */
export interface StatementIntent {
  readonly path: StatementPath;
  /** Statement text as received (one statement of a multi-statement message). */
  readonly text: string;
  readonly fingerprint: string;
  readonly decision: { readonly action: string; readonly ruleId: string; readonly reason: string };
  readonly approvalId: string | undefined;
  /** Bound parameters (extended protocol); the audit log hashes them by default. */
  readonly params: readonly (Buffer | null)[] | undefined;
  /** Position within its client message (0-based) and how many statements the message had. */
  readonly index: number;
  readonly count: number;
}

/** A statement that never reached upstream: refused by policy, approval, or a failing stage. */
export interface StatementRefusal {
  readonly path: StatementPath;
  readonly text: string;
  readonly fingerprint: string | undefined;
  readonly decision: { readonly action: string; readonly ruleId: string; readonly reason: string };
  readonly approvalId: string | undefined;
  /** SQLSTATE sent to the client. */
  readonly errorCode: string;
}

/** Masking decisions of one statement, for its audit record (never values). */
export interface MaskingSummary {
  readonly columns: readonly { readonly name: string; readonly typeOid: number }[];
  readonly masked: readonly {
    readonly column: string;
    readonly entity: string;
    readonly method: string;
    readonly count: number;
  }[];
  /** Free-text detections by entity. */
  readonly detections: Readonly<Record<string, number>>;
}

/** Returned by a durable intent; handed back with the outcome (opaque to the pipeline). */
export type AuditTicket = object;

export interface AuditSessionPort {
  /** Durable before it resolves (write-ahead); rejects with PhigateError AUDIT_UNAVAILABLE (PG010). */
  intents(items: readonly StatementIntent[]): Promise<readonly AuditTicket[]>;
  refused(item: StatementRefusal): void;
  outcome(ticket: AuditTicket, outcome: StatementOutcome, masking: MaskingSummary | undefined): void;
  /**
   * Frames as delivered to / received from the client (never the password message); copied
   * before it returns. False: the audit queue is congested, pause until `whenWritable()`.
   */
  frame(direction: 'frontend' | 'backend', bytes: Buffer): boolean;
  whenWritable(): Promise<void>;
  approval(event: ApprovalAuditEvent): void;
  end(reason: string): Promise<void>;
}

export interface AuditPort {
  /** Durable session.start; rejects (fail closed) when the sink cannot write. */
  openSession(ctx: SessionContext): Promise<AuditSessionPort>;
  /** Approval events arrive from the control plane, not from a session. */
  approval(event: ApprovalAuditEvent): void;
  health(): { ok: boolean; reason?: string };
  /** Counters for /metrics (undefined when audit is off). */
  stats?(): AuditPortStats;
  close(): Promise<void>;
}

/** What the audit log has done since start: records, group-commit batches, durable flushes, queue. */
export interface AuditPortStats {
  readonly records: number;
  readonly batches: number;
  readonly flushes: number;
  readonly bytes: number;
  readonly failedBatches: number;
  readonly rejectedIntents: number;
  readonly pendingRecords: number;
  readonly pendingBytes: number;
}

/** The masking hooks of one statement run plus what it did. */
export interface MaskingRun extends Omit<StatementRun, 'finish'> {
  summary(): MaskingSummary;
  /** Set when the inference guard sends the statement to approval. */
  readonly escalation?: { readonly ruleId: string; readonly reason: string } | undefined;
  /**
   * True when the catalog shows the statement reads only stored relations (no view, whose
   * definition may call anything) and calls only built-in functions: it cannot write.
   */
  readonly pureRead?: boolean;
}

export interface MaskingSessionPort {
  /**
   * Prepares masking for a statement about to run (one statement of a simple Query, or the
   * statement of an Execute's portal). May wait (catalog refresh); rejects with PhigateError
   * MASKING_UNAVAILABLE (PG020) when masking cannot be guaranteed (fail closed).
   */
  prepare(
    statement: StatementDecision,
    portal: PortalInfo | undefined,
  ): Promise<MaskingRun | undefined> | MaskingRun | undefined;
  /** A Describe: the RowDescription it returns is rewritten and remembered for later Executes. */
  describe(target: DescribeTarget): Pick<StatementRun, 'rowDescription'> | undefined;
  close(kind: 'S' | 'P', name: string): void;
  parameterStatus?(name: string, value: string): void;
  /**
   * A statement is being prepared (Parse): resolves once the catalog knows every name in it,
   * so the Describe that usually follows is planned on a current snapshot.
   */
  parse?(text: string): Promise<void> | undefined;
}

export interface MaskingPort {
  openSession(ctx: SessionContext): MaskingSessionPort;
}
