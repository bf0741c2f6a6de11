import { z } from 'zod';
import { signingKeyFromBase64 } from '../../core/approvals/decision-token.js';

/**
 * App settings of the Functions app (environment variables; secrets as Key Vault references).
 * Values are validated once; error messages name the setting, never its value.
 */
const envSchema = z.object({
  PHIGATE_APPROVERS_GROUP: z.string().min(1),
  PHIGATE_APPROVAL_SIGNING_KEY: z.string().min(1),
  PHIGATE_TEAMS_WEBHOOK_URL: z.url().optional(),
  PHIGATE_REVIEW_BASE_URL: z.url(),
  PHIGATE_APPROVAL_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
  PHIGATE_APPROVAL_MAX_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(604_800).default(3_600),
  PHIGATE_DECISION_TOKEN_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Longest window an approver may grant for a batch job; 0 turns windows off. */
  PHIGATE_MAX_WINDOW_SECONDS: z.coerce.number().int().min(0).max(604_800).default(28_800),
  PHIGATE_STATEMENT_ON_CARD: z.enum(['truncated', 'omitted']).default('truncated'),
  /** Comma-separated object ids of managed identities allowed to call start/status (optional second factor). */
  PHIGATE_PROXY_PRINCIPAL_IDS: z.string().optional(),
});

export interface ApprovalSettings {
  readonly approverGroup: string;
  readonly signingKey: Uint8Array;
  /** Secret: never logged, never returned. */
  readonly teamsWebhookUrl: string | undefined;
  readonly reviewBaseUrl: string;
  readonly defaultTimeoutMs: number;
  readonly maxTimeoutMs: number;
  readonly decisionTokenMs: number;
  /** Longest approver-chosen window (0: approvers can grant `once` only). */
  readonly maxWindowMs: number;
  readonly statementOnCard: 'truncated' | 'omitted';
  readonly proxyPrincipalIds: readonly string[];
}

export function loadApprovalSettings(env: NodeJS.ProcessEnv = process.env): ApprovalSettings {
  // An app setting left empty counts as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))].join(', ');
    throw new Error(`approval app settings missing or invalid: ${names}`);
  }
  const e = parsed.data;
  let signingKey: Uint8Array;
  try {
    signingKey = signingKeyFromBase64(e.PHIGATE_APPROVAL_SIGNING_KEY);
  } catch {
    throw new Error(
      'approval app settings missing or invalid: PHIGATE_APPROVAL_SIGNING_KEY (base64, >= 32 bytes)',
    );
  }
  return {
    approverGroup: e.PHIGATE_APPROVERS_GROUP,
    signingKey,
    teamsWebhookUrl: e.PHIGATE_TEAMS_WEBHOOK_URL,
    reviewBaseUrl: e.PHIGATE_REVIEW_BASE_URL.replace(/\/+$/, ''),
    defaultTimeoutMs:
      Math.min(e.PHIGATE_APPROVAL_TIMEOUT_SECONDS, e.PHIGATE_APPROVAL_MAX_TIMEOUT_SECONDS) * 1000,
    maxTimeoutMs: e.PHIGATE_APPROVAL_MAX_TIMEOUT_SECONDS * 1000,
    decisionTokenMs: e.PHIGATE_DECISION_TOKEN_SECONDS * 1000,
    maxWindowMs: e.PHIGATE_MAX_WINDOW_SECONDS * 1000,
    statementOnCard: e.PHIGATE_STATEMENT_ON_CARD,
    proxyPrincipalIds: (e.PHIGATE_PROXY_PRINCIPAL_IDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** Links an approval exposes: the review page and its Approve/Deny intents. Never a system key. */
export function reviewLinks(baseUrl: string, approvalId: string) {
  const review = `${baseUrl}/api/approvals/${encodeURIComponent(approvalId)}/review`;
  return { review, approve: `${review}?intent=approve`, deny: `${review}?intent=deny` };
}
