import type { RecordType } from '../../core/audit/schema/record.js';

/**
 * How a queued record behaves when its batch is not acknowledged:
 * - `ack`: the caller waits; on failure it is rejected and the record dropped (its statement or
 *   session is refused, so the record would be false). Intents, session starts, retention.
 * - `retain`: nobody waits; on failure it stays queued and goes into a later batch (outcomes,
 *   recording segments, refusals).
 * - `ack-retain`: the caller waits and is told about a failure, but the record stays queued
 *   and is written after recovery (session ends, approval events).
 */
export type Durability = 'ack' | 'retain' | 'ack-retain';

export interface Sealed {
  readonly hash: string;
  readonly lseq: number;
  readonly seq: number;
}

export interface Entry {
  readonly chain: string;
  readonly type: RecordType;
  readonly at: string;
  readonly data: Record<string, unknown>;
  readonly durability: Durability;
  /** Approximate bytes, for the queue bound. */
  readonly size: number;
  /** An outcome of a refusal sealed in the same flow: takes the intent's statement number. */
  readonly intent?: Entry;
  /**
   * `data` was built with its keys in sorted order at every depth, only integers for numbers:
   * `JSON.stringify` is then its canonical encoding (the hot path; verify re-checks every line).
   */
  readonly sortedData?: boolean;
  resolve?: (s: Sealed) => void;
  reject?: (e: Error) => void;
}

export interface WriterStats {
  records: number;
  batches: number;
  pendingRecords: number;
  pendingBytes: number;
  failedBatches: number;
  rejectedIntents: number;
}
