import { z } from 'zod';

/**
 * The `approvals` section of the phigate config: how the proxy reaches the control plane and
 * what the local in-process workflow enforces. Secrets are never inline: only the names of the
 * environment variables that hold them.
 */
const functionsBackendSchema = z.strictObject({
  kind: z.literal('functions'),
  /** Base URL of the Functions app, e.g. https://phigate-func.azurewebsites.net */
  baseUrl: z.url(),
  /** Environment variable holding the function key sent as `x-functions-key`. */
  functionKeyEnv: z.string().min(1).optional(),
  /** Managed identity: scope of the token sent as a bearer (e.g. api://<app-id>/.default). */
  managedIdentityScope: z.string().min(1).optional(),
  /** User-assigned managed identity client id; omit for the default credential chain. */
  managedIdentityClientId: z.string().min(1).optional(),
  /** Per-request timeout for start/status calls. */
  requestTimeoutMs: z.number().int().min(500).max(60_000).default(10_000),
  /** Longest single long-poll wait the proxy asks for (the app caps it too). */
  longPollMs: z.number().int().min(0).max(25_000).default(20_000),
});

const localBackendSchema = z.strictObject({
  kind: z.literal('local'),
  /** Dev approvers group name; dev sign-ins can join it. */
  approverGroup: z.string().min(1).default('phigate-approvers'),
  /** Where cards are posted; defaults to the dev server's own webhook sink. */
  teamsWebhookUrl: z.url().optional(),
});

export const approvalsSchema = z
  .strictObject({
    backend: z
      .discriminatedUnion('kind', [functionsBackendSchema, localBackendSchema])
      .prefault({ kind: 'local' }),
    /** Default time approvers have to decide. */
    timeoutSeconds: z.number().int().min(5).max(86_400).default(900),
    /** Upper bound for any request's timeout. */
    maxTimeoutSeconds: z.number().int().min(5).max(604_800).default(3_600),
    /** `hold`: the statement waits (notices tell the client); `defer`: fail fast with PG001 and the id. */
    mode: z.enum(['hold', 'defer']).default('hold'),
    /** How long a held statement waits before it fails with PG003 (at most the approval timeout). */
    holdSeconds: z.number().int().min(1).max(3_600).default(300),
    /** How long after approval a `once` grant may be used. */
    onceGrantSeconds: z.number().int().min(1).max(86_400).default(600),
    /** Lifetime of the decision tokens embedded in the review page forms. */
    decisionTokenSeconds: z.number().int().min(30).max(86_400).default(900),
    /** Environment variable holding the base64 HMAC key (>= 32 bytes) for decision tokens (local backend). */
    signingKeyEnv: z.string().min(1).default('PHIGATE_APPROVAL_SIGNING_KEY'),
  })
  .refine((v) => v.timeoutSeconds <= v.maxTimeoutSeconds, {
    message: 'timeoutSeconds must not exceed maxTimeoutSeconds',
    path: ['timeoutSeconds'],
  })
  .prefault({});

export type ApprovalsConfig = z.output<typeof approvalsSchema>;
