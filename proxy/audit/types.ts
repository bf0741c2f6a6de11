import type { ApprovalAuditEvent } from '../../core/approvals/audit-event.js';
import type { OutcomeStatus, ProtocolPath } from '../../core/audit/schema/statement.js';
import type { Principal } from '../../core/identity/principal.js';
import type { MaskMethod, PhiEntity } from '../../core/phi/entities.js';
import type { ParameterValue } from './parameter-recorder.js';

/** What the gateway knows when a session is authenticated. Never the token. */
export interface SessionStartInput {
  /** The gateway's session id (letters, digits, `-`, `_`; at most 64). */
  readonly sessionId: string;
  readonly principal: Principal;
  /** Registered resource name. */
  readonly resource: string;
  readonly protocol?: 'postgres' | 'http' | 'tds';
  readonly client: {
    readonly address: string;
    readonly port?: number | undefined;
    readonly tlsVersion?: string | undefined;
    readonly applicationName?: string | undefined;
    /** The startup packet's user name: recorded as sent, never trusted. */
    readonly startupUser?: string | undefined;
  };
  /** `process.hrtime.bigint()` at the session's start (frame times are measured from it). */
  readonly startedNs?: bigint;
}

export interface StatementIntentInput {
  /** Statement text as received. */
  readonly text: string;
  readonly fingerprint?: string | undefined;
  readonly path: ProtocolPath;
  readonly statementName?: string | undefined;
  readonly portal?: string | undefined;
  /** Bound parameter values (text or binary bytes; null for SQL NULL). Hashed by default. */
  readonly params?: readonly ParameterValue[] | undefined;
  readonly paramFormats?: readonly number[] | undefined;
  readonly decision: {
    readonly action: 'allow' | 'deny' | 'approve';
    readonly ruleId: string;
    readonly reason: string;
  };
  readonly approval?: { readonly approvalId: string; readonly kind?: 'once' | 'window' } | undefined;
}

/** Returned by `intent` once the intent is durable; pass it to `outcome`. */
export interface StatementTicket {
  readonly stmt: number;
  /** Hash of the durable intent record. */
  readonly hash: string;
  readonly startedMs: number;
  readonly startedNs: bigint;
  readonly action: 'allow' | 'deny' | 'approve';
}

export interface ColumnInfo {
  readonly name: string;
  readonly typeOid: number;
  readonly typeName?: string | undefined;
  readonly tableOid?: number | undefined;
  readonly columnNumber?: number | undefined;
}

export interface MaskedColumnInfo {
  readonly column: string;
  readonly entity: PhiEntity;
  /** A MaskMethod, or another lower-case method name the masking engine reports. */
  readonly method: MaskMethod | (string & {});
  readonly count: number;
}

export interface StatementOutcomeInput {
  /** Default: `error` when `sqlstate` is set, else `ok`. */
  readonly status?: OutcomeStatus | undefined;
  readonly tag?: string | undefined;
  readonly rows: number;
  readonly bytesOut: number;
  readonly columns?: readonly ColumnInfo[] | undefined;
  readonly masked?: readonly MaskedColumnInfo[] | undefined;
  readonly sqlstate?: string | undefined;
  /** phigate's error code when phigate refused the statement. */
  readonly errorCode?: string | undefined;
  readonly suspended?: boolean | undefined;
}

export interface SessionEndInput {
  /** Why the session ended, e.g. `client terminated`, `token expired`, `idle timeout`. */
  readonly reason: string;
}

/** Approval events use the approvals contract's shape (core/approvals/audit-event.ts). */
export type ApprovalEventInput = ApprovalAuditEvent;

export interface AuditHealth {
  readonly ok: boolean;
  readonly reason?: string;
}
