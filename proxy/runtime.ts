/**
 * The production composition of the proxy: config in, running gateway out. `phigate serve`
 * runs exactly this; `phigate dev` runs it too, with the dev issuer and local adapters.
 */
import type { Config } from '../core/config/schema.js';
import type { Logger } from '../core/logger.js';
import { type Gateway, startGateway } from './gateway.js';
import type { HttpHandler } from './http/server.js';
import { createTokenVerifier } from './identity/token-verifier.js';
import { createStatementPipeline } from './pipeline/statement-pipeline.js';
import { createUpstreamCredentials } from './upstream/credentials.js';

export interface ProxyRuntimeOptions {
  config: Config;
  logger: Logger;
  /** Directory for local state (audit files, recordings) when the config uses embedded sinks. */
  dataDir: string;
  httpHandlers?: readonly HttpHandler[];
}

export interface ProxyRuntime {
  readonly gateway: Gateway;
  close(): Promise<void>;
}

export async function startProxyRuntime(options: ProxyRuntimeOptions): Promise<ProxyRuntime> {
  const { config, logger } = options;
  const verifier = createTokenVerifier(config.identity);
  const gateway = await startGateway({
    config,
    logger,
    verifier,
    credentials: (auth) => createUpstreamCredentials(auth),
    pipeline: (metrics) => createStatementPipeline({ logger, metrics }),
    httpHandlers: options.httpHandlers ?? [],
  });
  return {
    gateway,
    async close() {
      await gateway.close();
    },
  };
}
