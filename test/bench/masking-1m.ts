/**
 * A 1M-row select of `patients` (every PHI column masked) through the full pipeline versus
 * direct: wall-time ratio, rows/s, and the gateway's RSS sampled while it streams.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { seedDemoDatabase } from '../../cli/demo-data/seed.js';
import type { BenchContext } from './components.js';
import { startServeProcess } from './serve-process.js';

const ROWS = Number(process.env.BENCH_MASKING_ROWS ?? 1_000_000);

function timedPsql(
  env: NodeJS.ProcessEnv,
  sql: string,
  sample?: () => void,
): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('psql', ['-X', '-At', '-c', sql], { env });
    let bytes = 0;
    const timer = sample ? setInterval(sample, 50) : undefined;
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      if (code !== 0) reject(new Error(`psql exited ${code}`));
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes });
    });
  });
}

export async function benchMasking1M(ctx: BenchContext): Promise<void> {
  const admin = await ctx.pg.client('postgres');
  await admin.query('create database bench_phi');
  await admin.end();
  const seeded = await seedDemoDatabase(ctx.pg.url('bench_phi'), { patients: ROWS, only: ['patients'] });
  const gw = await startServeProcess({
    dir: ctx.dir,
    pg: ctx.pg,
    issuer: ctx.issuer,
    database: 'bench_phi',
    variant: {
      name: 'masking-1m',
      config: {
        policy: {
          rules: [
            {
              id: 'bench-bulk-read',
              action: 'allow',
              reason: 'the benchmark reads every row',
              match: { agent: { ids: ['bench-agent'] }, kinds: ['read'] },
            },
          ],
        },
      },
    },
  });
  const direct = {
    ...process.env,
    PGHOST: ctx.pg.host,
    PGPORT: String(ctx.pg.port),
    PGUSER: ctx.pg.user,
    PGPASSWORD: ctx.pg.password,
    PGDATABASE: 'bench_phi',
    PGSSLMODE: 'disable',
  };
  const via = {
    ...process.env,
    PGHOST: '127.0.0.1',
    PGPORT: String(gw.pgPort),
    PGUSER: 'bench-agent',
    PGPASSWORD: ctx.token,
    PGDATABASE: 'bench_phi',
    PGSSLMODE: 'disable',
  };
  const sql = 'select * from patients';
  try {
    let peakKb = 0;
    const rss = () => {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gw.child.pid}/status`, 'utf8'));
      peakKb = Math.max(peakKb, Number(m?.[1] ?? 0));
    };
    await timedPsql(via, 'select * from patients limit 1000');
    rss();
    const baseKb = peakKb;
    const d1 = await timedPsql(direct, sql);
    const v1 = await timedPsql(via, sql, rss);
    const d2 = await timedPsql(direct, sql);
    const v2 = await timedPsql(via, sql, rss);
    const d = Math.min(d1.ms, d2.ms);
    const v = Math.min(v1.ms, v2.ms);
    ctx.print('');
    ctx.print(
      `## masking: select * from patients (${seeded.patients.toLocaleString('en-US')} rows, every PHI column masked), full pipeline`,
    );
    ctx.print('');
    ctx.print('| measure | direct | phigate |');
    ctx.print('| --- | --- | --- |');
    ctx.print(`| wall time (best of 2) | ${(d / 1000).toFixed(2)} s | ${(v / 1000).toFixed(2)} s |`);
    ctx.print(`| wall-time ratio | 1.00 | ${(v / d).toFixed(2)} |`);
    ctx.print(
      `| rows/s | ${Math.round(seeded.patients / (d / 1000)).toLocaleString('en-US')} | ${Math.round(seeded.patients / (v / 1000)).toLocaleString('en-US')} |`,
    );
    ctx.print(
      `| bytes to the client | ${d1.bytes.toLocaleString('en-US')} | ${v1.bytes.toLocaleString('en-US')} |`,
    );
    ctx.print(
      `| gateway RSS before / peak | | ${Math.round(baseKb / 1024)} MB / ${Math.round(peakKb / 1024)} MB |`,
    );
  } finally {
    await gw.stop();
  }
}
