import { z } from 'zod';
import { MAX_PATTERN_CHARS } from './statement-pattern.js';

export const APPROVAL_ACTION = { approve: 'approve', deny: 'deny' } as const;
export type ApprovalAction = (typeof APPROVAL_ACTION)[keyof typeof APPROVAL_ACTION];

/** The human who decides, as established by App Service authentication (or the dev sign-in). */
export const approverIdentitySchema = z.strictObject({
  /** Stable id: Entra object id (`oid`) in Azure, `dev:<name>` locally. */
  id: z.string().min(1).max(256),
  name: z.string().min(1).max(256),
  /** Other ids the same person is known by (sub, upn): used for the self-approval check. */
  aliases: z.array(z.string().max(256)).max(20).default([]),
  groups: z.array(z.string().max(256)).max(500).default([]),
  /** How the identity was established. */
  source: z.enum(['app-service', 'dev-sign-in', 'dev-cli']),
});
export type ApproverIdentity = z.output<typeof approverIdentitySchema>;

/** Shortest window an approver can grant. */
export const MIN_WINDOW_MS = 60_000;

/**
 * What the approver chose to grant with an approval: `once` (this statement, one run) or a
 * `window` for a batch job (every statement of the agent on the resource that matches
 * `statementPattern`, for `windowMs` from the decision). Checked against the request and the
 * control plane's maximum by `resolveGrantScope`.
 */
export const decisionScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once') }),
  z.strictObject({
    kind: z.literal('window'),
    windowMs: z
      .number()
      .int()
      .min(MIN_WINDOW_MS)
      .max(7 * 24 * 3_600_000),
    statementPattern: z.string().min(1).max(MAX_PATTERN_CHARS),
  }),
]);
export type DecisionScope = z.output<typeof decisionScopeSchema>;

/** The `ApprovalDecision` external event raised into the orchestration (and the local workflow). */
export const approvalDecisionSchema = z.strictObject({
  approvalId: z.string().min(1).max(100),
  action: z.string().max(32),
  approver: approverIdentitySchema,
  /** ISO-8601 UTC, when the approver clicked. */
  decidedAt: z.iso.datetime(),
  /** Id of the single-use decision token that carried it. */
  tokenId: z.string().min(1).max(64),
  comment: z.string().max(1_000).optional(),
  /** What an approval grants; absent: what the request asked for. Only with action `approve`. */
  scope: decisionScopeSchema.optional(),
});
export type ApprovalDecision = z.output<typeof approvalDecisionSchema>;

/** The external event name the orchestrator waits for. */
export const DECISION_EVENT = 'ApprovalDecision';
