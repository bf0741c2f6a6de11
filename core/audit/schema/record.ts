import { z } from 'zod';
import { AUDIT_SCHEMA } from '../version.js';
import {
  approvalDecidedSchema,
  approvalDecisionRejectedSchema,
  approvalExpiredSchema,
  approvalRequestedSchema,
} from './approval.js';
import { hashHex, isoTime, positive } from './common.js';
import {
  logCloseSchema,
  logOpenSchema,
  logOutageSchema,
  logRecoveredSchema,
  logSegmentSchema,
  retentionAppliedSchema,
} from './log.js';
import { recordingSegmentSchema } from './recording.js';
import { sessionEndSchema, sessionStartSchema } from './session.js';
import { statementIntentSchema, statementOutcomeSchema } from './statement.js';

/** Every record type of the v1 contract and the schema of its `data`. */
export const RECORD_DATA = {
  'session.start': sessionStartSchema,
  'session.end': sessionEndSchema,
  'statement.intent': statementIntentSchema,
  'statement.outcome': statementOutcomeSchema,
  'recording.segment': recordingSegmentSchema,
  'approval.requested': approvalRequestedSchema,
  'approval.approved': approvalDecidedSchema,
  'approval.denied': approvalDecidedSchema,
  'approval.expired': approvalExpiredSchema,
  'approval.decision_rejected': approvalDecisionRejectedSchema,
  'log.segment': logSegmentSchema,
  'log.open': logOpenSchema,
  'log.recovered': logRecoveredSchema,
  'log.outage': logOutageSchema,
  'log.close': logCloseSchema,
  'retention.applied': retentionAppliedSchema,
} as const;

export type RecordType = keyof typeof RECORD_DATA;
export const RECORD_TYPES = Object.keys(RECORD_DATA) as RecordType[];

export type RecordData<T extends RecordType> = z.output<(typeof RECORD_DATA)[T]>;

const envelopeShape = {
  schema: z.literal(AUDIT_SCHEMA),
  at: isoTime,
  lseq: positive,
  lprev: hashHex,
  chain: z.string().min(1).max(64),
  seq: positive,
  prev: hashHex,
  hash: hashHex,
};

function variant<T extends RecordType>(type: T) {
  return z.strictObject({ ...envelopeShape, type: z.literal(type), data: RECORD_DATA[type] });
}

/** One audit record as stored (one line of a log file). */
export const auditRecordSchema = z.discriminatedUnion('type', [
  variant('session.start'),
  variant('session.end'),
  variant('statement.intent'),
  variant('statement.outcome'),
  variant('recording.segment'),
  variant('approval.requested'),
  variant('approval.approved'),
  variant('approval.denied'),
  variant('approval.expired'),
  variant('approval.decision_rejected'),
  variant('log.segment'),
  variant('log.open'),
  variant('log.recovered'),
  variant('log.outage'),
  variant('log.close'),
  variant('retention.applied'),
]);

export type AuditRecord = z.output<typeof auditRecordSchema>;
export type AuditRecordOf<T extends RecordType> = Extract<AuditRecord, { type: T }>;

export const isRecordType = (t: string): t is RecordType => Object.hasOwn(RECORD_DATA, t);
