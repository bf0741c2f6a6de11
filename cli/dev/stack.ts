/**
 * The local stack `phigate dev` runs (and end-to-end tests start in-process): a real
 * PostgreSQL with the synthetic EHR database, the dev OIDC issuer, a self-signed TLS
 * certificate, and the same proxy runtime `phigate serve` runs in production.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../../core/config/load.js';
import type { Config, ConfigInput } from '../../core/config/schema.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { freePort } from '../../core/net/free-port.js';
import { LocalApprovalWorkflow } from '../../proxy/approvals/local-workflow.js';
import { DEV_PHI_TABLES } from '../../proxy/policy/dev-policy.js';
import { type ProxyRuntime, startProxyRuntime } from '../../proxy/runtime.js';
import { createApprovalsHttpHandler } from './approvals-http.js';
import type { EmbeddedServer } from './embedded-postgres.js';
import { type DevIssuer, openDevIssuer } from './oidc-issuer.js';
import { ensureDevCertificate } from './tls-cert.js';

export interface DevStackOptions {
  dataDir: string;
  /** 0 picks a free port. */
  pgPort: number;
  httpPort: number;
  /** A direct postgres:// URL of another database to front instead of the embedded one. */
  upstream?: string | undefined;
  demoRows: number;
  logLevel?: string;
  logger?: Logger;
  /** Extra config merged over the dev defaults (tests use it for policy/audit settings). */
  configOverrides?: Partial<ConfigInput>;
  /** Loads the demo data on first start (default: in this process; `phigate dev` uses a child). */
  seed?: (url: string, patients: number) => Promise<void>;
}

export interface DevStack {
  readonly config: Config;
  readonly runtime: ProxyRuntime;
  readonly issuer: DevIssuer;
  readonly embedded: EmbeddedServer | undefined;
  /** Direct URL of the upstream database (bypasses phigate; for operators and tests). */
  readonly upstreamUrl: string;
  readonly resourceName: string;
  readonly pg: { host: string; port: number };
  readonly httpUrl: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The least-privilege role phigate uses upstream in dev: DML on the demo tables, nothing more. */
const GATEWAY_ROLE = 'phigate_gateway';

async function ensureDemoDatabase(
  server: EmbeddedServer,
  dataDir: string,
  rows: number,
  log: Logger,
  seed: (url: string, patients: number) => Promise<void>,
): Promise<{ user: string; password: string }> {
  const admin = await server.client('postgres');
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', ['ehr']);
    if (exists.rowCount === 0) await admin.query('create database ehr');
  } finally {
    await admin.end();
  }
  const db = await server.client('ehr');
  try {
    const seeded = await db.query("select to_regclass('public.patients') is not null as ok");
    if (!seeded.rows[0].ok) {
      log.info({ event: 'dev.seed', patients: rows }, 'seeding synthetic EHR data');
      await seed(server.url('ehr'), rows);
    }
    const secretFile = join(dataDir, 'dev', 'gateway-role.json');
    let password: string;
    if (existsSync(secretFile))
      password = (JSON.parse(readFileSync(secretFile, 'utf8')) as { password: string }).password;
    else {
      password = randomBytes(18).toString('base64url');
      writeFileSync(secretFile, JSON.stringify({ user: GATEWAY_ROLE, password }), { mode: 0o600 });
    }
    const role = pg.escapeIdentifier(GATEWAY_ROLE);
    const literal = pg.escapeLiteral(password);
    const has = await db.query('select 1 from pg_roles where rolname = $1', [GATEWAY_ROLE]);
    await db.query(
      `${has.rowCount ? 'alter' : 'create'} role ${role} login password ${literal} nosuperuser nocreatedb nocreaterole`,
    );
    await db.query(`grant connect on database ehr to ${role}`);
    await db.query(`grant usage on schema public to ${role}`);
    await db.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await db.query(`grant usage, select on all sequences in schema public to ${role}`);
    return { user: GATEWAY_ROLE, password };
  } finally {
    await db.end();
  }
}

/** Imported here: the generator and its reference lists are needed once, on first start. */
async function seedInProcess(url: string, patients: number): Promise<void> {
  const { seedDemoDatabase } = await import('../demo-data/seed.js');
  await seedDemoDatabase(url, { patients });
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, 'dev'), { recursive: true });
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const pgPort = options.pgPort === 0 ? await freePort() : options.pgPort;
  const httpPort = options.httpPort === 0 ? await freePort() : options.httpPort;

  let embedded: EmbeddedServer | undefined;
  let upstream: { host: string; port: number; database: string; user: string; password: string };
  let upstreamUrl: string;
  if (options.upstream) {
    const u = new URL(options.upstream);
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
      throw new Error('--upstream must be a postgres:// URL');
    upstream = {
      host: u.hostname,
      port: Number(u.port || 5432),
      database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
      user: decodeURIComponent(u.username) || 'postgres',
      password: decodeURIComponent(u.password),
    };
    upstreamUrl = options.upstream;
  } else {
    // Imported only without --upstream: the embedded server's package stays out of a gateway
    // that fronts another database (the gateway's resident memory is measured that way).
    const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
    embedded = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres') });
    try {
      const role = await ensureDemoDatabase(
        embedded,
        dataDir,
        options.demoRows,
        logger,
        options.seed ?? seedInProcess,
      );
      upstream = { host: '127.0.0.1', port: embedded.port, database: 'ehr', ...role };
    } catch (e) {
      await embedded.stop();
      throw e;
    }
    upstreamUrl = embedded.url('ehr');
  }

  const issuer = await openDevIssuer({ dataDir, issuerUrl: `http://127.0.0.1:${httpPort}/dev-issuer` });
  const cert = await ensureDevCertificate(dataDir);
  const input: ConfigInput = {
    mode: 'dev',
    listen: { pg: { host: '127.0.0.1', port: pgPort }, http: { host: '127.0.0.1', port: httpPort } },
    tls: { certPem: cert.certPem, keyPem: cert.keyPem, allowInsecureLoopback: true },
    identity: { issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri },
    resources: [
      {
        name: upstream.database,
        upstream: {
          host: upstream.host,
          port: upstream.port,
          database: upstream.database,
          auth: { type: 'password', user: upstream.user, password: upstream.password },
        },
        labels: { env: 'dev' },
      },
    ],
    log: { level: (options.logLevel ?? 'info') as 'info' },
    policy: { extends: ['hipaa-baseline'], phiTables: { [upstream.database]: [...DEV_PHI_TABLES] } },
    ...options.configOverrides,
  };
  const config = parseConfig(input);
  let runtime: ProxyRuntime;
  try {
    runtime = await startProxyRuntime({
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
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  return {
    config,
    runtime,
    issuer,
    embedded,
    upstreamUrl,
    resourceName: upstream.database,
    pg: runtime.gateway.pg,
    httpUrl: runtime.gateway.httpUrl,
    dataDir,
    async close() {
      await runtime.close();
      await embedded?.stop();
    },
  };
}
