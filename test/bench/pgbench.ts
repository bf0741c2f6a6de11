/**
 * Runs pgbench and reads its per-transaction log, so that throughput and the latency
 * distribution come from the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

export interface PgbenchOptions {
  env: NodeJS.ProcessEnv;
  mode: 'simple' | 'extended' | 'prepared';
  clients: number;
  seconds: number;
  /** Custom script file (default: the built-in select-only -S). */
  script?: string;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function pgbench(o: PgbenchOptions): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'phigate-pgbench-'));
  const args = [
    ...(o.script ? ['-f', o.script] : ['-S']),
    '-M',
    o.mode,
    '-c',
    String(o.clients),
    '-j',
    String(Math.min(o.clients, 2)),
    '-T',
    String(o.seconds),
    '-n',
    '--log',
    `--log-prefix=${join(dir, 'tx')}`,
  ];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('pgbench', args, { env: o.env, cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`pgbench failed (${code}): ${stderr.slice(-500)}`)),
    );
  });
  const latencies: number[] = [];
  for (const f of readdirSync(dir).filter((n) => n.startsWith('tx'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      // client_id transaction_no time_us script_no time_epoch time_us_fraction
      const fields = line.split(' ');
      if (fields.length >= 3) latencies.push(Number(fields[2]) / 1000);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const sorted = Float64Array.from(latencies).sort();
  return {
    tps: Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0),
    transactions: Number(/actually processed: (\d+)/.exec(out)?.[1] ?? 0),
    failed: Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}
