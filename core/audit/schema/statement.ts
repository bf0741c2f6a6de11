import { z } from 'zod';
import { count, isoTime, label, phiEntity, positive, sqlstate } from './common.js';

/** How the statement entered. `sql-prepare`: SQL-level PREPARE/EXECUTE inside a simple query. */
export const PROTOCOL_PATH = ['simple', 'extended', 'copy', 'sql-prepare', 'fastpath'] as const;
export type ProtocolPath = (typeof PROTOCOL_PATH)[number];

export const DECISION_ACTION = ['allow', 'deny', 'approve'] as const;
export type DecisionAction = (typeof DECISION_ACTION)[number];

export const decisionSchema = z.strictObject({
  action: z.enum(DECISION_ACTION),
  ruleId: label,
  reason: label,
});

/**
 * Parameters as bound. `hash`: HMAC-SHA-256 (hex) of each value's bytes under the secret
 * parameter key whose public id is `keyId` (null for SQL NULL). `record`: the values (text
 * format as UTF-8 `text`, binary format as `base64`). `omit`: only the count.
 */
export const parametersSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('hash'),
    keyId: z.string().min(1),
    values: z.array(
      z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
    ),
  }),
  z.strictObject({
    mode: z.literal('record'),
    values: z.array(
      z.union([z.strictObject({ text: z.string() }), z.strictObject({ base64: z.string() }), z.null()]),
    ),
  }),
  z.strictObject({ mode: z.literal('omit'), count }),
]);
export type RecordedParameters = z.output<typeof parametersSchema>;

export const approvalRefSchema = z.strictObject({
  approvalId: z.string().min(1),
  kind: z.enum(['once', 'window']).optional(),
});

/**
 * Written before the statement goes upstream, and acknowledged durable first (write-ahead).
 * An intent without an outcome means the gateway stopped before the statement finished.
 */
export const statementIntentSchema = z.strictObject({
  /** Statement number within the session (1-based, no gaps over durable intents). */
  stmt: positive,
  /** Statement text as received from the client. */
  text: z.string(),
  /** Normalized-statement fingerprint (libpg-query), when the statement was parsed. */
  fingerprint: z.string().optional(),
  path: z.enum(PROTOCOL_PATH),
  /** Prepared statement / portal names on the extended path. */
  statementName: z.string().optional(),
  portal: z.string().optional(),
  parameters: parametersSchema.optional(),
  decision: decisionSchema,
  approval: approvalRefSchema.optional(),
});
export type StatementIntentData = z.output<typeof statementIntentSchema>;

export const columnSchema = z.strictObject({
  name: z.string(),
  typeOid: z.number().int().min(0),
  typeName: z.string().optional(),
  /** Source table OID and attribute number from RowDescription (0 when computed). */
  tableOid: z.number().int().min(0).optional(),
  columnNumber: z.number().int().min(0).optional(),
});

export const maskedColumnSchema = z.strictObject({
  column: z.string(),
  entity: phiEntity,
  /** redact, partial, pseudonymize, generalize, null (core/phi/entities.ts); a label, so new methods never break verification. */
  method: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'a masking method name'),
  /** Values masked in this column. */
  count,
});

export const OUTCOME_STATUS = ['ok', 'error', 'refused', 'cancelled', 'unknown'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUS)[number];

export const statementOutcomeSchema = z.strictObject({
  /** The intent this outcome closes (same session). */
  stmt: positive,
  /** `refused`: phigate refused it (policy, approval); `error`: upstream failed it. */
  status: z.enum(OUTCOME_STATUS),
  startedAt: isoTime,
  finishedAt: isoTime,
  durationUs: count,
  /** Command tag, e.g. `SELECT 3` (no values). */
  tag: z.string().optional(),
  rows: count,
  columns: z.array(columnSchema),
  masked: z.array(maskedColumnSchema),
  bytesOut: count,
  /** SQLSTATE when the statement failed or was refused. */
  sqlstate: sqlstate.optional(),
  /** phigate's stable error code when phigate refused it (e.g. POLICY_DENIED). */
  errorCode: z.string().optional(),
  /** True when an Execute stopped at its row limit (PortalSuspended). */
  suspended: z.boolean().optional(),
});
export type StatementOutcomeData = z.output<typeof statementOutcomeSchema>;
