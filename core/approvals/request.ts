import { z } from 'zod';
import { MAX_PATTERN_CHARS } from './statement-pattern.js';

/** Longest statement text an approval carries (the review page shows it in full). */
export const MAX_STATEMENT_CHARS = 100_000;

/**
 * What is approved. `once`: this statement fingerprint, from this agent, on this resource, runs
 * exactly once before `validForMs` elapses after the decision. `window`: every statement of the
 * agent on the resource that matches `statementPattern` runs until the window ends. This is what
 * the proxy asks for; the approver may grant a different scope (see `DecisionScope`).
 */
export const approvalScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('once'),
    /** How long after the decision the single run may happen. */
    validForMs: z
      .number()
      .int()
      .min(1_000)
      .max(24 * 3_600_000)
      .default(600_000),
  }),
  z.strictObject({
    kind: z.literal('window'),
    /** Window length, counted from the decision. */
    windowMs: z
      .number()
      .int()
      .min(1_000)
      .max(7 * 24 * 3_600_000),
    /** Statement pattern (see `statement-pattern.ts`): `*` stands for one literal value. */
    statementPattern: z.string().min(1).max(MAX_PATTERN_CHARS),
  }),
]);
export type ApprovalScope = z.output<typeof approvalScopeSchema>;

/** Who asks: a summary of the verified agent principal (no token, nothing secret). */
export const agentSummarySchema = z.strictObject({
  agentId: z.string().min(1).max(256),
  subject: z.string().min(1).max(256),
  objectId: z.string().max(256).optional(),
  displayName: z.string().max(256).optional(),
  tenantId: z.string().max(256).optional(),
});
export type AgentSummary = z.output<typeof agentSummarySchema>;

/** What the proxy sends when the policy says `approve`. */
export const approvalRequestInputSchema = z.strictObject({
  agent: agentSummarySchema,
  /** Registered resource name (the database name the agent connected to). */
  resource: z.string().min(1).max(128),
  /** Full statement text as received; shown to approvers, never logged. */
  statement: z.string().min(1).max(MAX_STATEMENT_CHARS),
  /** Statement fingerprint (libpg-query fingerprint, hex). */
  fingerprint: z.string().regex(/^[0-9a-zA-Z_-]{1,128}$/, 'letters, digits, _ or - (max 128)'),
  ruleId: z.string().min(1).max(128),
  reason: z.string().min(1).max(1_000),
  scope: approvalScopeSchema,
  /**
   * Identifies one request attempt (e.g. `${sessionId}:${statementSeq}`). A retry of the same
   * attempt reuses it and gets the same approval back; a new attempt uses a new key.
   */
  requestKey: z.string().min(1).max(200),
  /** How long approvers have to decide; the control plane clamps it to its configured maximum. */
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(7 * 24 * 3_600_000)
    .optional(),
  /** Audit reference of the session that asks (links the approval to the session's records). */
  sessionId: z.string().max(128).optional(),
});
export type ApprovalRequestInput = z.input<typeof approvalRequestInputSchema>;
export type ApprovalRequestInputParsed = z.output<typeof approvalRequestInputSchema>;

/** The orchestration input: the request plus what the control plane fixed when it started it. */
export const approvalRequestSchema = approvalRequestInputSchema.extend({
  approvalId: z.string().min(1).max(100),
  /** ISO-8601 UTC. */
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  timeoutMs: z.number().int().min(1_000),
  /** Group (Entra object id or dev group name) whose members may decide. */
  approverGroup: z.string().min(1).max(256),
  /**
   * Longest window an approver may grant (the control plane's setting when the request was
   * started). Absent or below one minute: approvers can grant `once` only (fail closed).
   */
  maxWindowMs: z.number().int().min(0).optional(),
});
export type ApprovalRequest = z.output<typeof approvalRequestSchema>;

/** Fixes the request: clamps the timeout, computes requestedAt/expiresAt from `now`. */
export function buildApprovalRequest(
  input: ApprovalRequestInputParsed,
  opts: {
    approvalId: string;
    now: Date;
    defaultTimeoutMs: number;
    maxTimeoutMs: number;
    approverGroup: string;
    maxWindowMs: number;
  },
): ApprovalRequest {
  const timeoutMs = Math.min(input.timeoutMs ?? opts.defaultTimeoutMs, opts.maxTimeoutMs);
  return {
    ...input,
    approvalId: opts.approvalId,
    requestedAt: opts.now.toISOString(),
    expiresAt: new Date(opts.now.getTime() + timeoutMs).toISOString(),
    timeoutMs,
    approverGroup: opts.approverGroup,
    maxWindowMs: opts.maxWindowMs,
  };
}
