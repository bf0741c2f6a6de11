/**
 * Starts `phigate serve --config` (the production entry point) as a child process with a
 * generated YAML config for one pipeline variant, and waits until /readyz answers.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { EmbeddedServer } from '../../cli/dev/embedded-postgres.js';
import type { DevIssuer } from '../../cli/dev/oidc-issuer.js';
import type { ConfigInput } from '../../core/config/schema.js';
import { freePort } from '../../core/net/free-port.js';

export interface Variant {
  name: string;
  /** Config sections that differ from the base (policy, audit, masking...). */
  config: Partial<ConfigInput>;
}

/** Pipeline variants measured side by side with the direct path. */
export const VARIANTS: Variant[] = [
  {
    // The relay with a cached allow-all decision: no rules, no audit, no masking.
    name: 'pass-through',
    config: {
      policy: { extends: [], defaultAction: 'allow' },
      audit: { enabled: false },
      masking: { enabled: false },
    },
  },
  {
    name: 'policy (hipaa-baseline)',
    config: { audit: { enabled: false }, masking: { enabled: false } },
  },
  {
    name: 'policy + masking',
    config: { audit: { enabled: false } },
  },
  {
    // Everything a production gateway does: policy, masking, write-ahead audit + recording.
    name: 'full pipeline',
    config: {},
  },
];

const ROOT = resolve(import.meta.dirname, '../..');

let built = false;

/**
 * The gateway as it ships: the compiled `dist/` that `npm start` runs, built once per bench
 * process from the current sources (a few seconds). Code run through tsx carries esbuild's
 * `__name` wrappers on every function made at run time, which cost the hot path several
 * percent. `BENCH_GATEWAY=tsx` runs the sources instead.
 */
function gatewayEntry(): string[] {
  if (process.env.BENCH_GATEWAY === 'tsx') return ['--import', 'tsx', join(ROOT, 'cli/main.ts')];
  if (!built) {
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run build failed: ${r.stdout}${r.stderr}`);
    built = true;
  }
  return [join(ROOT, 'dist/cli/main.js')];
}

export interface ServeProcess {
  child: ChildProcess;
  pgPort: number;
  httpUrl: string;
  stop(): Promise<void>;
}

export async function startServeProcess(o: {
  dir: string;
  variant: Variant;
  issuer: DevIssuer;
  pg: EmbeddedServer;
  database: string;
  /** Extra node flags for the gateway process (e.g. --cpu-prof). */
  nodeArgs?: readonly string[];
}): Promise<ServeProcess> {
  const pgPort = await freePort();
  const httpPort = await freePort();
  const config: ConfigInput = {
    mode: 'dev',
    listen: { pg: { host: '127.0.0.1', port: pgPort }, http: { host: '127.0.0.1', port: httpPort } },
    tls: { allowInsecureLoopback: true },
    identity: { issuer: o.issuer.issuer, audience: o.issuer.audience, jwksUri: o.issuer.jwksUri },
    resources: [
      {
        name: o.database,
        upstream: {
          host: o.pg.host,
          port: o.pg.port,
          database: o.database,
          auth: { type: 'password', user: o.pg.user, password: o.pg.password },
        },
      },
    ],
    log: { level: 'warn' },
    ...o.variant.config,
  };
  const file = join(o.dir, `${o.variant.name}.yaml`);
  writeFileSync(file, stringify(config));
  const child = spawn(
    process.execPath,
    [
      ...(o.nodeArgs ?? []),
      ...gatewayEntry(),
      'serve',
      '--config',
      file,
      '--data-dir',
      join(o.dir, `data-${o.variant.name}`),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', process.env.BENCH_GW_STDOUT === '1' ? 'inherit' : 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`phigate serve exited: ${stderr.slice(-1000)}`);
    const ok = await fetch(`${httpUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('phigate serve did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    pgPort,
    httpUrl,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The no-parsing TCP relay baseline (test/bench/tcp-relay.ts) in its own process. */
export async function startTcpRelay(
  pg: EmbeddedServer,
): Promise<Pick<ServeProcess, 'pgPort' | 'stop'> & { pid: number | undefined; httpUrl?: undefined }> {
  const pgPort = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/bench/tcp-relay.ts'), String(pgPort), pg.host, String(pg.port)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolvePromise, reject) => {
    child.stdout!.once('data', () => resolvePromise());
    child.once('exit', (code) => reject(new Error(`tcp relay exited with ${code}`)));
  });
  return {
    pgPort,
    pid: child.pid,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
