import { z } from 'zod';
import { isoTime, label } from './common.js';

const approver = z.strictObject({ id: z.string().min(1), name: z.string() });
const scope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once'), validForMs: z.number().int().min(0) }),
  z.strictObject({
    kind: z.literal('window'),
    windowMs: z.number().int().min(0),
    statementPattern: z.string(),
  }),
]);

const common = {
  approvalId: z.string().min(1),
  agentId: z.string().min(1),
  resource: z.string().min(1),
};

/** `approval.requested`: the policy said approve; approvers were asked. */
export const approvalRequestedSchema = z.strictObject({
  ...common,
  fingerprint: z.string(),
  ruleId: label,
  scope,
  expiresAt: isoTime,
  sessionId: z.string().optional(),
});

/** What an approval granted (bound to agent + resource): this exact statement once, or a window. */
const grant = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('once'),
    ...common,
    fingerprint: z.string(),
    /** SHA-256 of the exact statement text approved (the text itself is on the statement record). */
    statementSha256: z.string().regex(/^[0-9a-f]{64}$/),
    validFrom: isoTime,
    validUntil: isoTime,
  }),
  z.strictObject({
    kind: z.literal('window'),
    ...common,
    statementPattern: z.string(),
    validFrom: isoTime,
    validUntil: isoTime,
  }),
]);

/** `approval.approved` / `approval.denied`: a human decided (never the requester). */
export const approvalDecidedSchema = z.strictObject({
  ...common,
  approver,
  requestedAt: isoTime,
  /** On `approval.approved`: the scope the approver granted. */
  grant: grant.optional(),
});

/** `approval.expired`: nobody decided in time. */
export const approvalExpiredSchema = z.strictObject({ ...common, requestedAt: isoTime });

/** `approval.decision_rejected`: a decision attempt was refused (self-approval, not an approver…). */
export const approvalDecisionRejectedSchema = z.strictObject({
  ...common,
  approverId: z.string().min(1),
  code: z.string().min(1),
});
