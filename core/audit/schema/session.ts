import { z } from 'zod';
import { count, isoTime, label } from './common.js';

/**
 * The verified agent, from the OIDC token alone (never the token itself). `startupUser` is the
 * startup packet's user name as the client sent it: recorded, never trusted.
 */
export const agentIdentitySchema = z.strictObject({
  agentId: z.string().min(1),
  subject: z.string().min(1),
  objectId: z.string().optional(),
  appId: z.string().optional(),
  tenantId: z.string().optional(),
  displayName: z.string().optional(),
  groups: z.array(z.string()),
  /** The token's `jti`/`uti`: identifies the token, reveals nothing of it. */
  tokenId: z.string().optional(),
  issuer: z.string().min(1),
  tokenExpiresAt: isoTime,
});
export type AgentIdentity = z.output<typeof agentIdentitySchema>;

export const clientInfoSchema = z.strictObject({
  address: z.string(),
  port: z.number().int().min(0).max(65_535).optional(),
  tlsVersion: z.string().optional(),
  applicationName: z.string().optional(),
  startupUser: z.string().optional(),
});

export const sessionStartSchema = z.strictObject({
  agent: agentIdentitySchema,
  client: clientInfoSchema,
  /** Registered resource name (what the agent connected to). */
  resource: z.string().min(1),
  /** Front end: `postgres` today. */
  protocol: z.enum(['postgres', 'http', 'tds']),
  /** How parameters are recorded in this session's statements, and the hash key's public id. */
  parameters: z.strictObject({
    mode: z.enum(['hash', 'record', 'omit']),
    keyId: z.string().optional(),
  }),
  recording: z.boolean(),
});
export type SessionStartData = z.output<typeof sessionStartSchema>;

export const sessionCountsSchema = z.strictObject({
  statements: count,
  allowed: count,
  denied: count,
  approvalRequired: count,
  errors: count,
  rows: count,
  bytesOut: count,
  maskedValues: count,
  frames: count,
});
export type SessionCounts = z.output<typeof sessionCountsSchema>;

export const sessionEndSchema = z.strictObject({
  reason: label,
  /** Session duration in microseconds (absent when the writer closed the session after a crash). */
  durationUs: count.optional(),
  /** Counted by the session; absent when the session was closed by crash recovery. */
  counts: sessionCountsSchema.optional(),
  /** True when the gateway stopped without ending the session and the next start closed it. */
  recovered: z.boolean().optional(),
});
export type SessionEndData = z.output<typeof sessionEndSchema>;
