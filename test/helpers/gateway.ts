/**
 * Starts a real phigate gateway in-process for a test file: the same proxy runtime as
 * `phigate serve`, a real dev OIDC issuer on the gateway's HTTP port, and the shared
 * embedded PostgreSQL as upstream (a fresh database per call unless one is given).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApprovalsHttpHandler } from '../../cli/dev/approvals-http.js';
import { type DevIssuer, openDevIssuer } from '../../cli/dev/oidc-issuer.js';
import { ensureDevCertificate } from '../../cli/dev/tls-cert.js';
import { parseConfig } from '../../core/config/load.js';
import type { Config, ConfigInput } from '../../core/config/schema.js';
import { createLogger } from '../../core/logger.js';
import { freePort } from '../../core/net/free-port.js';
import { LocalApprovalWorkflow } from '../../proxy/approvals/local-workflow.js';
import { type ProxyRuntime, startProxyRuntime } from '../../proxy/runtime.js';
import { createTestDatabase, upstreamServer, upstreamUrl } from './upstream.js';

export interface TestGateway {
  readonly config: Config;
  readonly runtime: ProxyRuntime;
  readonly issuer: DevIssuer;
  readonly host: string;
  readonly port: number;
  readonly httpUrl: string;
  /** The resource (database) name agents connect to; the upstream database has the same name. */
  readonly database: string;
  readonly dataDir: string;
  /** Direct URL of the upstream database (bypasses phigate). */
  readonly directUrl: string;
  token(agent?: string, options?: { groups?: string[]; ttlSeconds?: number }): Promise<string>;
  /** node-postgres / postgres.js connection settings through the gateway. */
  clientConfig(
    token: string,
    extra?: { ssl?: boolean },
  ): {
    host: string;
    port: number;
    database: string;
    user: string;
    password: string;
    ssl: false | { rejectUnauthorized: false };
  };
  /** Environment for psql/pgbench through the gateway. */
  psqlEnv(token: string, sslmode?: 'disable' | 'require'): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Use this upstream database instead of creating one. */
  database?: string;
  /** Template to create the database from (e.g. ehr_template). */
  template?: string;
  /** Config merged over the test defaults. */
  config?: Partial<ConfigInput>;
  /** Point the resource at another upstream (host/port) instead of the shared PostgreSQL. */
  upstream?: { host: string; port: number };
  logLevel?: string;
  /** Listen address of the PostgreSQL port (default 127.0.0.1). */
  pgHost?: string;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phigate-gw-'));
  const database = options.database ?? (await createTestDatabase('gw', options.template));
  const up = upstreamServer();
  const httpPort = await freePort();
  const issuer = await openDevIssuer({ dataDir, issuerUrl: `http://127.0.0.1:${httpPort}/dev-issuer` });
  const cert = await ensureDevCertificate(dataDir);
  const config = parseConfig({
    mode: 'dev',
    listen: {
      pg: { host: options.pgHost ?? '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: httpPort },
    },
    tls: { certPem: cert.certPem, keyPem: cert.keyPem, allowInsecureLoopback: true },
    identity: {
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUri: issuer.jwksUri,
      clockToleranceSeconds: 0,
    },
    resources: [
      {
        name: database,
        upstream: {
          host: options.upstream?.host ?? up.host,
          port: options.upstream?.port ?? up.port,
          database,
          auth: { type: 'password', user: up.user, password: up.password },
          connectTimeoutMs: 2000,
        },
      },
    ],
    log: { level: (options.logLevel ?? process.env.PHIGATE_TEST_LOG ?? 'silent') as 'silent' },
    policy: {
      extends: ['hipaa-baseline'],
      phiTables: { '*': ['public.patients', 'public.encounters', 'public.lab_results'] },
    },
    ...options.config,
  });
  const logger = createLogger(config.log.level);
  const runtime = await startProxyRuntime({
    config,
    logger,
    dataDir,
    httpHandlers: ({ approvals }) => [
      (req, res) => issuer.handle(req, res),
      ...(approvals instanceof LocalApprovalWorkflow && config.approvals.backend.kind === 'local'
        ? [
            createApprovalsHttpHandler({
              workflow: approvals,
              approverGroup: config.approvals.backend.approverGroup,
            }),
          ]
        : []),
    ],
  });
  const { host, port } = runtime.gateway.pg;
  return {
    config,
    runtime,
    issuer,
    host,
    port,
    httpUrl: runtime.gateway.httpUrl,
    database,
    dataDir,
    directUrl: upstreamUrl(database),
    token: (agent = 'test-agent', o = {}) =>
      issuer.mint({ agent, groups: o.groups ?? ['agents'], ttlSeconds: o.ttlSeconds ?? 600 }),
    clientConfig: (token, extra = {}) => ({
      host,
      port,
      database,
      user: 'test-agent',
      password: token,
      ssl: extra.ssl ? { rejectUnauthorized: false } : false,
    }),
    psqlEnv: (token, sslmode = 'disable') => ({
      ...process.env,
      PGHOST: host,
      PGPORT: String(port),
      PGDATABASE: database,
      PGUSER: 'test-agent',
      PGPASSWORD: token,
      PGSSLMODE: sslmode,
      PGCONNECT_TIMEOUT: '10',
    }),
    async close() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** psql/pgbench environment for a direct connection to the upstream test database. */
export function directPsqlEnv(database: string): NodeJS.ProcessEnv {
  const up = upstreamServer();
  return {
    ...process.env,
    PGHOST: up.host,
    PGPORT: String(up.port),
    PGDATABASE: database,
    PGUSER: up.user,
    PGPASSWORD: up.password,
    PGSSLMODE: 'disable',
  };
}
