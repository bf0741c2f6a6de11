/**
 * Composition of the proxy deployable: PostgreSQL listener + HTTP endpoints + pipeline.
 * The same program runs in Azure and locally; only the adapters passed in differ.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Config } from '../core/config/schema.js';
import type { Logger } from '../core/logger.js';
import { type HttpHandler, startHttpServer } from './http/server.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { startPgListener } from './pg/listener.js';
import { CancelRegistry } from './pg/session/cancel-registry.js';
import type { TokenVerifier } from './pg/session/client-session.js';
import type { Resources } from './pg/upstream/resources.js';
import type { StatementPipeline } from './pipeline/types.js';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  verifier: TokenVerifier;
  resources: Resources;
  pipeline: (metrics: Metrics) => StatementPipeline;
  httpHandlers?: readonly HttpHandler[];
  readinessChecks?: Record<string, () => Promise<{ ok: boolean; reason?: string }>>;
}

export interface Gateway {
  readonly pg: { host: string; port: number };
  readonly httpUrl: string;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

function secureContextOf(tls: Config['tls']): SecureContext | undefined {
  const cert = tls.certPem ?? (tls.certFile ? readFileSync(tls.certFile, 'utf8') : undefined);
  const key = tls.keyPem ?? (tls.keyFile ? readFileSync(tls.keyFile, 'utf8') : undefined);
  if (!cert || !key) return undefined;
  return createSecureContext({ cert, key, minVersion: tls.minVersion });
}

const isLoopback = (address: string | undefined) =>
  !!address &&
  (address === '::1' ||
    address.startsWith('127.') ||
    address === '::ffff:127.0.0.1' ||
    (isIP(address) === 6 && address.startsWith('::ffff:127.')));

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, logger } = options;
  const metrics = createMetrics();
  const secureContext = secureContextOf(config.tls);
  if (!secureContext && !config.tls.allowInsecureLoopback) {
    throw new Error(
      'tls: a certificate (certFile/keyFile) is required unless allowInsecureLoopback is on (dev)',
    );
  }
  const resources = options.resources;
  const pipeline = options.pipeline(metrics);
  const listener = await startPgListener(
    config.listen.pg.host,
    config.listen.pg.port,
    {
      logger,
      verifier: options.verifier,
      resources,
      pipeline,
      cancels: new CancelRegistry(),
      secureContext,
      allowPlaintext: (address) => config.tls.allowInsecureLoopback && isLoopback(address),
      limits: config.limits,
      metrics: metrics.session,
    },
    config.limits.maxSessions,
  );
  const checks = options.readinessChecks ?? {};
  const http = await startHttpServer({
    host: config.listen.http.host,
    port: config.listen.http.port,
    registry: metrics.registry,
    handlers: options.httpHandlers ?? [],
    readiness: async () => {
      const results: Record<string, { ok: boolean; reason?: string }> = {
        pgListener: { ok: listener.server.listening },
      };
      for (const [name, check] of Object.entries(checks)) {
        results[name] = await check().catch(() => ({ ok: false, reason: 'check failed' }));
      }
      return { ready: Object.values(results).every((r) => r.ok), checks: results };
    },
  });
  logger.info(
    { event: 'gateway.listening', pg: `${listener.host}:${listener.port}`, http: http.url },
    'phigate listening',
  );
  return {
    pg: { host: listener.host, port: listener.port },
    httpUrl: http.url,
    metrics,
    async close() {
      await Promise.all([listener.close(), http.close()]);
    },
  };
}
