/**
 * The one statement pipeline every protocol path goes through:
 *   identity ─ policy ─ approval? ─ audit intent ─ upstream ─ mask ─ record ─ audit outcome.
 * Protocol front ends (proxy/pg today) turn their messages into these calls; the stages
 * (policy, approvals, audit, masking) plug in behind them.
 */
import type { ResourceConfig } from '../../core/config/schema.js';
import type { Principal } from '../../core/identity/principal.js';
import type { WireError } from '../pg/protocol/writer.js';

export interface SessionContext {
  readonly sessionId: string;
  readonly principal: Principal;
  readonly resource: ResourceConfig;
  readonly client: {
    readonly address: string;
    readonly port: number;
    readonly tlsVersion: string | undefined;
    readonly applicationName: string | undefined;
    /** The startup packet's user name: recorded, never trusted. */
    readonly startupUser: string | undefined;
  };
  readonly startedAt: Date;
}

/** How a statement entered: simple Query, extended Parse/Execute, or the fast-path FunctionCall. */
export const STATEMENT_PATH = {
  simple: 'simple',
  parse: 'parse',
  execute: 'execute',
  fastpath: 'fastpath',
} as const;
export type StatementPath = (typeof STATEMENT_PATH)[keyof typeof STATEMENT_PATH];

/** A bound portal as the extended protocol describes it at Execute time. */
export interface PortalInfo {
  readonly portal: string;
  readonly statementName: string;
  /** Statement text from the Parse we saw; undefined when the statement is unknown to us. */
  readonly text: string | undefined;
  readonly params: readonly (Buffer | null)[];
  readonly paramFormats: readonly number[];
  readonly resultFormats: readonly number[];
  readonly maxRows: number;
}

/** What a Describe message asks about, as the relay knows it. */
export type DescribeTarget =
  | { readonly kind: 'S'; readonly name: string; readonly text: string | undefined }
  | {
      readonly kind: 'P';
      readonly name: string;
      readonly statementName: string;
      readonly text: string | undefined;
      readonly resultFormats: readonly number[];
    };

/** What the relay reports when a statement's responses are complete. */
export interface StatementOutcome {
  readonly tag: string | undefined;
  readonly rows: number;
  readonly bytesOut: number;
  /** SQLSTATE when the statement failed upstream. */
  readonly errorCode: string | undefined;
  /** True when an Execute stopped at its row limit (PortalSuspended). */
  readonly suspended: boolean;
}

/**
 * Per-statement hooks for the responses of one admitted statement. The relay calls them
 * in response order; transforms return the bytes to deliver (the same buffer when unchanged).
 */
export interface StatementRun {
  /** RowDescription of a result set of this statement (may be rewritten, e.g. masked column types). */
  rowDescription?(frame: Buffer): Buffer;
  /**
   * One DataRow, the frame `buf[start, end)`; returns the bytes to deliver instead, or
   * undefined to deliver it unchanged (no copy, no allocation on the pass-through path).
   */
  dataRow?(buf: Buffer, start: number, end: number): Buffer | undefined;
  /** CopyOutResponse of COPY TO STDOUT (column formats). */
  copyOutResponse?(frame: Buffer): Buffer;
  /** One CopyData frame of COPY TO STDOUT. */
  copyData?(frame: Buffer): Buffer;
  /** CopyDone of COPY TO STDOUT (a masker checks that no row was cut short). */
  copyDone?(): void;
  /** ErrorResponse / NoticeResponse raised by this statement (fields may quote values). */
  errorOrNotice?(frame: Buffer): Buffer;
  finish(outcome: StatementOutcome): void;
}

export type Admission =
  | {
      readonly kind: 'forward';
      readonly runs: readonly StatementRun[];
      /**
       * Present when the statement goes upstream before its audit intent is durable (reads
       * only): the front end holds every result byte until this resolves, and ends the
       * session if it rejects.
       */
      readonly durable?: Promise<unknown>;
    }
  | { readonly kind: 'refuse'; readonly error: WireError; readonly notices?: readonly Buffer[] };

/** The pipeline for one client session. */
export interface SessionPipeline {
  /** A simple-protocol Query message (possibly several statements). */
  simple(text: string): Admission | Promise<Admission>;
  /** An extended-protocol Parse: decided now, checked again at Execute. */
  parse(name: string, text: string): Admission | Promise<Admission>;
  /** An extended-protocol Execute of a bound portal. */
  execute(portal: PortalInfo): Admission | Promise<Admission>;
  /** A fast-path FunctionCall message. */
  fastpath(): Admission;
  /** A Describe: hooks for the RowDescription it returns (masking rewrites column types). */
  describe?(target: DescribeTarget): Pick<StatementRun, 'rowDescription'> | undefined;
  /** A Close of a prepared statement ('S') or portal ('P'). */
  close?(kind: 'S' | 'P', name: string): void;
  /**
   * Frames exchanged with the client as delivered (never the password message). Returns false
   * when the recording is congested: stop reading upstream until `whenWritable()` resolves.
   */
  frame(direction: 'frontend' | 'backend', bytes: Buffer): boolean;
  whenWritable?(): Promise<void>;
  /** A ParameterStatus from upstream (e.g. search_path, which name resolution follows). */
  parameterStatus?(name: string, value: string): void;
  /** The client sent a CancelRequest for this session (stops waits inside the pipeline). */
  cancel?(): void;
  end(reason: string): Promise<void>;
}

/** What the protocol front end offers the pipeline of a session. */
export interface SessionIo {
  /** Sends a NoticeResponse frame to the client at once. */
  notice(bytes: Buffer): void;
  /** ParameterStatus values the upstream reported at startup. */
  readonly parameters: ReadonlyMap<string, string>;
}

export interface StatementPipeline {
  /** Starts the session (e.g. a durable session.start audit event); rejects to refuse the session. */
  openSession(ctx: SessionContext, io: SessionIo): Promise<SessionPipeline>;
}
