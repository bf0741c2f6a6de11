import { signingKeyFromBase64 } from '../../core/approvals/decision-token.js';
import type { ApprovalsConfig } from '../../core/config/approvals.js';
import { PhigateError } from '../../core/errors.js';
import type { ApprovalEventSink, ApprovalService } from './approval-service.js';
import { managedIdentityTokenSource } from './control-plane-auth.js';
import { HttpApprovalService } from './http-approval-service.js';
import { LocalApprovalWorkflow } from './local-workflow.js';

export interface CreateApprovalServiceOptions {
  readonly onEvent?: ApprovalEventSink;
  /** Local backend: the dev HTTP base URL (review links, default webhook sink). */
  readonly devBaseUrl?: string;
  /** Local backend: a signing key to use when the env variable is unset (dev generates one). */
  readonly devSigningKey?: Uint8Array;
  readonly env?: NodeJS.ProcessEnv;
}

/** Builds the configured ApprovalService. Throws CONFIG_INVALID naming what is missing (never a value). */
export function createApprovalService(
  cfg: ApprovalsConfig,
  o: CreateApprovalServiceOptions = {},
): ApprovalService {
  const env = o.env ?? process.env;
  const b = cfg.backend;
  if (b.kind === 'functions') {
    const functionKey = b.functionKeyEnv ? env[b.functionKeyEnv] : undefined;
    if (b.functionKeyEnv && !functionKey) {
      throw new PhigateError(
        'CONFIG_INVALID',
        `approvals.backend.functionKeyEnv: environment variable ${b.functionKeyEnv} is not set`,
      );
    }
    if (!functionKey && !b.managedIdentityScope) {
      throw new PhigateError(
        'CONFIG_INVALID',
        'approvals.backend: set functionKeyEnv or managedIdentityScope',
      );
    }
    return new HttpApprovalService({
      baseUrl: b.baseUrl,
      ...(functionKey ? { functionKey } : {}),
      ...(b.managedIdentityScope
        ? { getToken: managedIdentityTokenSource(b.managedIdentityScope, b.managedIdentityClientId) }
        : {}),
      requestTimeoutMs: b.requestTimeoutMs,
      longPollMs: b.longPollMs,
      ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    });
  }
  if (!o.devBaseUrl)
    throw new PhigateError('CONFIG_INVALID', 'approvals.backend local needs the dev HTTP server');
  let signingKey: Uint8Array;
  const fromEnv = env[cfg.signingKeyEnv];
  if (fromEnv) {
    try {
      signingKey = signingKeyFromBase64(fromEnv);
    } catch {
      throw new PhigateError(
        'CONFIG_INVALID',
        `approvals.signingKeyEnv: ${cfg.signingKeyEnv} must be base64 of >= 32 bytes`,
      );
    }
  } else if (o.devSigningKey) {
    signingKey = o.devSigningKey;
  } else {
    throw new PhigateError(
      'CONFIG_INVALID',
      `approvals.signingKeyEnv: environment variable ${cfg.signingKeyEnv} is not set`,
    );
  }
  return new LocalApprovalWorkflow({
    baseUrl: o.devBaseUrl.replace(/\/+$/, ''),
    approverGroup: b.approverGroup,
    signingKey,
    defaultTimeoutMs: cfg.timeoutSeconds * 1000,
    maxTimeoutMs: cfg.maxTimeoutSeconds * 1000,
    decisionTokenMs: cfg.decisionTokenSeconds * 1000,
    webhookUrl: b.teamsWebhookUrl ?? `${o.devBaseUrl.replace(/\/+$/, '')}/approvals/dev/teams-webhook`,
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
  });
}
