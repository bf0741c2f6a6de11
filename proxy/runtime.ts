/**
 * The production composition of the proxy: config in, running gateway out. `phigate serve`
 * runs exactly this; `phigate dev` runs it too, with the dev issuer and local adapters.
 */
import { randomBytes } from 'node:crypto';
import type { PolicyConfig } from '../core/config/policy.js';
import type { Config } from '../core/config/schema.js';
import type { Logger } from '../core/logger.js';
import { freePort } from '../core/net/free-port.js';
import type { ApprovalService } from './approvals/approval-service.js';
import { createApprovalService } from './approvals/create-approval-service.js';
import { type Gateway, startGateway } from './gateway.js';
import type { HttpHandler } from './http/server.js';
import { createTokenVerifier } from './identity/token-verifier.js';
import { createMaskingEngine } from './masking/engine/masking-engine.js';
import { registerAuditMetrics } from './observability/audit-metrics.js';
import { buildResources } from './pg/upstream/resources.js';
import { disabledAuditPort } from './pipeline/audit-disabled.js';
import { auditLogPort } from './pipeline/audit-log-port.js';
import type { AuditPort } from './pipeline/ports.js';
import { createStatementPipeline } from './pipeline/statement-pipeline.js';
import { createPolicyEngine } from './policy/engine.js';
import { loadSqlParser } from './policy/index.js';
import { createUpstreamCredentials } from './upstream/credentials.js';

export interface ProxyRuntimeOptions {
  config: Config;
  logger: Logger;
  /** Directory for local state (audit files, recordings) when the config uses embedded sinks. */
  dataDir: string;
  /** Extra HTTP handlers (dev issuer); `services` gives them the runtime's parts (approvals console). */
  httpHandlers?: readonly HttpHandler[] | ((services: RuntimeServices) => readonly HttpHandler[]);
}

export interface RuntimeServices {
  readonly approvals: ApprovalService;
  /** Base URL of the HTTP endpoint (review links in local mode point here). */
  readonly httpBaseUrl: string;
}

export interface ProxyRuntime {
  readonly gateway: Gateway;
  readonly approvals: ApprovalService;
  readonly audit: AuditPort;
  close(): Promise<void>;
}

export async function startProxyRuntime(options: ProxyRuntimeOptions): Promise<ProxyRuntime> {
  const { logger } = options;
  let config = options.config;
  await loadSqlParser();
  const verifier = createTokenVerifier(config.identity);
  const resources = buildResources(config, (r) =>
    createUpstreamCredentials(r.upstream.auth, { resource: r.name }),
  );
  // Masking classifies every stored column from the upstream catalog; its PHI tables feed the policy.
  const masking = config.masking.enabled
    ? await createMaskingEngine({ config, resources, logger })
    : undefined;
  await masking?.start();
  // The config is deep-frozen; the engine only reads it.
  const policy = createPolicyEngine(
    config.policy as PolicyConfig,
    masking ? { phiTables: (r) => masking.phiTables(r) } : {},
  );

  // Local approvals put review links on our own HTTP port: it must be known before start.
  if (config.approvals.backend.kind === 'local' && config.listen.http.port === 0) {
    const port = await freePort(config.listen.http.host);
    config = { ...config, listen: { ...config.listen, http: { ...config.listen.http, port } } };
  }
  const httpHost = config.listen.http.host === '0.0.0.0' ? '127.0.0.1' : config.listen.http.host;
  const httpBaseUrl = `http://${httpHost}:${config.listen.http.port}`;

  // Write-ahead audit log; switched off only in dev mode (to measure what it costs).
  const audit: AuditPort =
    config.mode === 'dev' && !config.audit.enabled
      ? disabledAuditPort()
      : await auditLogPort({ config: config.audit, dataDir: options.dataDir, logger });
  const approvals = createApprovalService(config.approvals, {
    onEvent: (event) => audit.approval(event),
    devBaseUrl: httpBaseUrl,
    devSigningKey: config.mode === 'dev' ? randomBytes(32) : undefined,
  });
  const handlers =
    typeof options.httpHandlers === 'function'
      ? options.httpHandlers({ approvals, httpBaseUrl })
      : (options.httpHandlers ?? []);

  const gateway = await startGateway({
    config,
    logger,
    verifier,
    resources,
    pipeline: (metrics) =>
      createStatementPipeline({
        logger,
        metrics,
        policy,
        audit,
        masking,
        approvals: { service: approvals, config: config.approvals },
      }),
    httpHandlers: handlers,
    readinessChecks: {
      audit: async () => audit.health(),
      ...(masking ? { masking: async () => masking.health() } : {}),
    },
  });
  registerAuditMetrics(gateway.metrics.registry, () => audit.stats?.());
  return {
    gateway,
    approvals,
    audit,
    async close() {
      await gateway.close();
      await masking?.close();
      await approvals.close();
      await audit.close();
    },
  };
}
