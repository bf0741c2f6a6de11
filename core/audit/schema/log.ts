import { z } from 'zod';
import { count, hashHex, isoTime, label, positive } from './common.js';

/** Where a chain stood at a point of the log (its last record). */
export const chainHeadSchema = z.strictObject({
  chain: z.string().min(1),
  seq: count,
  hash: hashHex,
  /** Sessions: last durable statement number. */
  stmt: count.optional(),
  /** Sessions: last recording segment index and its record hash. */
  recording: z.strictObject({ index: count, hash: hashHex }).optional(),
});
export type ChainHead = z.output<typeof chainHeadSchema>;

/**
 * `log.segment`: the first record of every log file (a checkpoint). Lists the head of every
 * chain still open at that point, so a file can be verified on its own and a retention
 * boundary can be checked without the removed files.
 */
export const logSegmentSchema = z.strictObject({
  segment: positive,
  /** The previous file and where it ended (absent for the first file). */
  previous: z.strictObject({ segment: positive, lastLseq: positive, lastHash: hashHex }).optional(),
  heads: z.array(chainHeadSchema),
});

/** `log.open`: a writer started on this log. */
export const logOpenSchema = z.strictObject({
  pid: positive,
  writer: z.string(),
  flush: z.enum(['fdatasync', 'fsync']),
});

/** `log.recovered`: the previous writer stopped without `log.close` (crash, kill, power loss). */
export const logRecoveredSchema = z.strictObject({
  segment: positive,
  /** Bytes of an incomplete final write that were cut off (never acknowledged). */
  tornBytes: count,
  tornSha256: hashHex.optional(),
  /** Sessions left open by the previous writer; each gets a `session.end` with `recovered: true`. */
  openSessions: count,
});

/** `log.close`: clean shutdown; `records`: records this writer wrote since its `log.open`, this one included. */
export const logCloseSchema = z.strictObject({ records: count });

/**
 * `log.outage`: written with the first batch after writes failed. Records rejected during the
 * outage never consumed a sequence number, so the chains have no gap; this says what was refused.
 */
export const logOutageSchema = z.strictObject({
  since: isoTime,
  until: isoTime,
  failedWrites: positive,
  /** Error code of the last failure (e.g. ENOSPC, ENOTDIR, EIO). */
  error: label,
  rejectedIntents: count,
  rejectedSessionStarts: count,
  /** Recording bytes dropped while the queue was over its bound during the outage. */
  droppedRecordingBytes: count,
});

export const removedSegmentSchema = z.strictObject({
  segment: positive,
  name: z.string(),
  firstLseq: positive,
  lastLseq: positive,
  lastHash: hashHex,
  firstAt: isoTime,
  lastAt: isoTime,
  records: positive,
  bytes: count,
  sha256: hashHex,
});

/**
 * `retention.applied`: written (durably) before any file is removed. The boundary is the first
 * record that remains; `verify` accepts a log that starts there and nowhere else.
 */
export const retentionAppliedSchema = z.strictObject({
  olderThanDays: positive,
  cutoff: isoTime,
  removed: z.array(removedSegmentSchema),
  boundary: z.strictObject({
    segment: positive,
    lseq: positive,
    lprev: hashHex,
    hash: hashHex,
  }),
  records: count,
  /** Sessions whose every record was removed, and sessions cut by the boundary. */
  sessionsRemoved: z.array(z.string()),
  sessionsTruncated: z.array(z.string()),
  reason: label,
});
export type RetentionAppliedData = z.output<typeof retentionAppliedSchema>;
