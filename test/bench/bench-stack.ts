/**
 * What every benchmark entry point starts: a real PostgreSQL, the dev OIDC issuer on a free
 * port and a token for `bench-agent`; and the libpq environments that connect directly or
 * through a gateway. `npm run bench`, `masking-1m.ts` and `profile-variant.ts` share it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedServer, startEmbeddedPostgres } from '../../cli/dev/embedded-postgres.js';
import { type DevIssuer, openDevIssuer } from '../../cli/dev/oidc-issuer.js';
import { freePort } from '../../core/net/free-port.js';

export interface BenchStack {
  readonly dir: string;
  readonly pg: EmbeddedServer;
  readonly issuer: DevIssuer;
  /** An access token for `bench-agent`, valid for the whole run. */
  readonly token: string;
  stop(): Promise<void>;
}

export async function startBenchStack(prefix: string): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const pg = await startEmbeddedPostgres({ dir: join(dir, 'pg'), settings: { max_connections: '100' } });
  const httpPort = await freePort();
  const issuer = await openDevIssuer({
    dataDir: join(dir, 'issuer'),
    issuerUrl: `http://127.0.0.1:${httpPort}/dev-issuer`,
  });
  const server = createServer((req, res) => {
    if (!issuer.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(httpPort, '127.0.0.1', r));
  const token = await issuer.mint({ agent: 'bench-agent', groups: ['agents'], ttlSeconds: 6 * 3600 });
  return {
    dir,
    pg,
    issuer,
    token,
    async stop() {
      server.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** libpq environment connecting straight to the embedded server. */
export function directEnv(pg: EmbeddedServer, database: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGHOST: pg.host,
    PGPORT: String(pg.port),
    PGUSER: pg.user,
    PGPASSWORD: pg.password,
    PGDATABASE: database,
    PGSSLMODE: 'disable',
  };
}

/** libpq environment connecting through a gateway on loopback as `bench-agent`. */
export function gatewayEnv(pgPort: number, token: string, database: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGHOST: '127.0.0.1',
    PGPORT: String(pgPort),
    PGUSER: 'bench-agent',
    PGPASSWORD: token,
    PGDATABASE: database,
    PGSSLMODE: 'disable',
  };
}

/** Creates `database` and fills it with `pgbench -i -s 1`; returns its direct environment. */
export async function initPgbench(pg: EmbeddedServer, database: string): Promise<NodeJS.ProcessEnv> {
  const admin = await pg.client('postgres');
  await admin.query(`create database ${database}`);
  await admin.end();
  const env = directEnv(pg, database);
  const init = spawnSync('pgbench', ['-i', '-s', '1', '-q'], { env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
  return env;
}
