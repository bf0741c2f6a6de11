import { z } from 'zod';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The `audit` section of the phigate config: the write-ahead audit log (issue 5).
 * Every statement's intent is durable before the statement goes upstream; if it cannot be
 * written the statement is refused (PG010). See docs/auditors.md for the record format.
 */
export const auditSchema = z
  .strictObject({
    /**
     * Dev mode only (benchmarks measure what audit costs): false records nothing. A production
     * config that says false is refused at start-up.
     */
    enabled: z.boolean().default(true),
    /** Where audit records go. `file`: the embedded append-only, hash-chained files under the data dir. */
    sink: z.enum(['file']).default('file'),
    /** Directory of the file sink; relative paths are resolved against the data dir. Default `<dataDir>/audit`. */
    dir: z.string().min(1).optional(),
    /** The flush that acknowledges a batch: `fdatasync` (data + size) or `fsync` (all metadata). */
    flush: z.enum(['fdatasync', 'fsync']).default('fdatasync'),
    /**
     * Statement parameters: `hash` (HMAC-SHA-256 per value under a secret key: an investigator
     * holding the key can test a value, nobody else can), `record` (values as bound: PHI lands in
     * the log), or `omit` (count only).
     */
    parameters: z.enum(['hash', 'record', 'omit']).default('hash'),
    /**
     * Environment variable with the parameter-hash key (base64, at least 32 bytes). When unset, a
     * key is generated once and kept in `<dataDir>/keys/audit-param.key` (mode 0600), outside the
     * audit directory, so evidence packages never carry it.
     */
    parameterKeyEnv: z.string().min(1).default('PHIGATE_AUDIT_PARAM_KEY'),
    recording: z
      .strictObject({
        /** Record the frames exchanged with the client (after masking). */
        enabled: z.boolean().default(true),
        /** A session's frames are cut into a chained segment at this size (and at statement boundaries). */
        segmentBytes: z
          .number()
          .int()
          .min(4 * KiB)
          .max(16 * MiB)
          .default(64 * KiB),
        /**
         * At a statement boundary the open segment is cut once its first frame is this old (0: at
         * every boundary); a timer cuts it after that long if no boundary comes. A crash loses at
         * most this much of the recording; intents never (they are write-ahead).
         */
        flushMs: z.number().int().min(0).max(10_000).default(50),
      })
      .prefault({}),
    /** A log file is sealed and a new one started past this size (and at each UTC day). */
    segmentMaxBytes: z
      .number()
      .int()
      .min(4 * KiB)
      .max(4096 * MiB)
      .default(64 * MiB),
    /**
     * Zero-filled space kept ahead of the data in the current log file, so a batch's flush does
     * not have to commit a size change (roughly halves flush latency on ext4). 0 disables it.
     */
    preallocateBytes: z
      .number()
      .int()
      .min(0)
      .max(256 * MiB)
      .default(4 * MiB),
    /** Upper bound of one group-commit write. */
    maxBatchBytes: z
      .number()
      .int()
      .min(64 * KiB)
      .max(256 * MiB)
      .default(8 * MiB),
    /**
     * Records waiting for the writer above this size make intents fail (PG010, fail closed)
     * and ask the data path to pause (`frame()` returns false) until the queue drains.
     */
    maxPendingBytes: z
      .number()
      .int()
      .min(1 * MiB)
      .max(4096 * MiB)
      .default(16 * MiB),
    /** After a failed write, the writer retries this often (new intents also retry immediately). */
    retryMs: z.number().int().min(10).max(60_000).default(1_000),
    /** Default of `phigate retention apply`: log files whose newest record is older are removed. HIPAA: 6 years. */
    retentionDays: z.number().int().min(1).max(36_500).default(2_190),
  })
  .prefault({});

export type AuditConfig = z.output<typeof auditSchema>;
