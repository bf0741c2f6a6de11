/**
 * `phigate dev`: the local gateway on its embedded defaults (what `npm start` runs).
 * Writes `<data-dir>/dev/{agent.token,env,upstream.url,http.url}` and prints a banner.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createLogger } from '../../core/logger.js';
import { seedInChildProcess } from '../dev/seed-child.js';
import { startDevStack } from '../dev/stack.js';
import { waitForShutdown } from '../shutdown.js';

const USAGE = `usage: phigate dev [--pg-port N] [--http-port N] [--data-dir DIR] [--upstream URL] [--demo-rows N] [--log-level L]

Runs the local phigate stack: a real PostgreSQL (embedded) with the synthetic EHR database
"ehr", a dev OIDC issuer, a self-signed TLS certificate, and the gateway.
  --pg-port N      PostgreSQL protocol port (default 6432; 0 = any free port)
  --http-port N    HTTP port for health, metrics, the dev issuer and the console (default 7071)
  --data-dir DIR   state directory (default .phigate); a second start reuses it
  --upstream URL   front this postgres:// database instead of the embedded one
  --demo-rows N    patients to generate on first start (default 10000)
  --log-level L    fatal|error|warn|info|debug (default info; logs go to stderr)
`;

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export async function devCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'pg-port': { type: 'string' },
        'http-port': { type: 'string' },
        'data-dir': { type: 'string' },
        upstream: { type: 'string' },
        'demo-rows': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`phigate dev: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  let pgPort: number;
  let httpPort: number;
  let demoRows: number;
  try {
    pgPort = int('pg-port', 6432, 0, 65535);
    httpPort = int('http-port', 7071, 0, 65535);
    demoRows = int('demo-rows', 10_000, 1, 5_000_000);
  } catch (e) {
    process.stderr.write(`phigate dev: ${(e as Error).message}\n`);
    return 2;
  }
  const logLevel = String(values['log-level'] ?? 'info');
  const logger = createLogger(logLevel, pino.destination(2));
  const dataDir = String(values['data-dir'] ?? '.phigate');
  const stack = await startDevStack({
    dataDir,
    pgPort,
    httpPort,
    upstream: values.upstream as string | undefined,
    demoRows,
    logLevel,
    logger,
    seed: seedInChildProcess,
  });
  const token = await stack.issuer.mint({ agent: 'demo-agent', groups: ['agents'], ttlSeconds: 12 * 3600 });
  const devDir = join(stack.dataDir, 'dev');
  writeFileSync(join(devDir, 'agent.token'), `${token}\n`, { mode: 0o600 });
  writeFileSync(join(devDir, 'upstream.url'), `${stack.upstreamUrl}\n`, { mode: 0o600 });
  writeFileSync(join(devDir, 'http.url'), `${stack.httpUrl}\n`);
  const env = [
    `export PGHOST=${stack.pg.host}`,
    `export PGPORT=${stack.pg.port}`,
    `export PGDATABASE=${shellQuote(stack.resourceName)}`,
    'export PGUSER=demo-agent',
    `export PGPASSWORD=${shellQuote(token)}`,
    'export PGSSLMODE=require',
    '',
  ].join('\n');
  writeFileSync(join(devDir, 'env'), env, { mode: 0o600 });
  const rel = join(dataDir, 'dev', 'env');
  process.stdout.write(
    [
      '',
      `phigate dev is up`,
      `  PostgreSQL (through phigate)  ${stack.pg.host}:${stack.pg.port}  database "${stack.resourceName}"  TLS on`,
      `  HTTP                          ${stack.httpUrl}  (/healthz /readyz /metrics)`,
      `  dev OIDC issuer               ${stack.issuer.issuer}`,
      `  agent token (12 h)            ${join(dataDir, 'dev', 'agent.token')}`,
      '',
      '  Try it:',
      `    . ${rel} && psql -c 'select count(*) from patients'`,
      '',
      '  Mint another agent token:  npx phigate token --agent my-agent',
      '  Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  await waitForShutdown(logger);
  await stack.close();
  return 0;
}
