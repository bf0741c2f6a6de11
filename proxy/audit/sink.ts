import type { LogHead } from '../../core/audit/verify/log-verifier.js';

/** A record as the sink gives it back at recovery (parsed JSON of one stored line). */
export interface StoredRecord {
  readonly type: string;
  readonly at: string;
  readonly lseq: number;
  readonly chain: string;
  readonly seq: number;
  readonly hash: string;
  readonly data: Record<string, unknown>;
}

export interface SinkRecovery {
  /** The segment the next append continues (0 when the log is empty). */
  readonly segment: number;
  /** Bytes already in that segment. */
  readonly segmentBytes: number;
  /** Records of that segment, in order (its first is the `log.segment` checkpoint). */
  readonly records: readonly StoredRecord[];
  /** An incomplete final write that was cut off (never acknowledged). */
  readonly torn: { readonly bytes: number; readonly sha256: string } | undefined;
}

export interface SinkBatch {
  /** Target segment; a number above the current one starts that segment. */
  readonly segment: number;
  /** Sealed lines, concatenated. */
  readonly data: Buffer;
  readonly records: number;
}

export interface SinkStats {
  readonly appends: number;
  /** Flushes to stable storage (fdatasync/fsync calls on log files and directories). */
  readonly flushes: number;
  readonly bytes: number;
  readonly failures: number;
  /** Background extensions of preallocated space (each one flush, counted in `flushes`). */
  readonly preallocations?: number;
}

/**
 * Where sealed audit records go. The embedded default is the file sink; the Azure pipeline
 * (Service Bus → Cosmos DB index + immutable Blob) implements the same interface.
 *
 * Durability contract:
 * - `append` resolves only when every byte of the batch is on stable storage (for files:
 *   written and fdatasync'd; for a queue: accepted by a broker that persists it).
 * - `append` rejects when any part may not be durable. The batch then counts as not written:
 *   the writer rolls its sequence numbers back and re-seals the records that survive into a later
 *   batch. The sink must not let bytes of a rejected batch precede a later successful one (the
 *   file sink truncates back; a sink that cannot undo stays failed).
 * - Batches arrive one at a time, in log order; a sink never reorders them.
 * - `recover` runs once before the first append and cuts an incomplete final write.
 */
export interface AuditSink {
  readonly kind: string;
  recover(): Promise<SinkRecovery>;
  append(batch: SinkBatch): Promise<void>;
  /** Publishes the last acknowledged record, after its batch was acknowledged (truncation check). */
  publishHead(head: LogHead): Promise<void>;
  /** Removes whole segments; only retention calls it, after `retention.applied` is durable. */
  removeSegments(segments: readonly number[]): Promise<void>;
  stats(): SinkStats;
  close(): Promise<void>;
}
