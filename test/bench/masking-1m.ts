/**
 * A 1M-row select of `patients` (every PHI column masked) through the gateway versus direct,
 * for two gateway configs measured in the same run: masking with audit off (policy + masking,
 * as in serve-process.ts) and the full pipeline (masking + write-ahead audit + recording of
 * every frame). Per config: wall-time ratio (each against direct in its own interleaved
 * rounds), rows/s and the gateway's RSS sampled while it streams.
 *
 * Run alone: `BENCH_MASKING_ROWS=200000 npx tsx test/bench/masking-1m.ts`
 * (`BENCH_MASKING_CONFIGS=masking-only,full-pipeline,relay-only` picks configs, relay-only being
 * the gateway with masking and audit off;
 * `BENCH_MASKING_ROUNDS` sets the rounds, default 2; `BENCH_CPU_PROF=DIR` writes a V8 CPU
 * profile of each gateway process into DIR when it exits).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seedDemoDatabase } from '../../cli/demo-data/seed.js';
import { directEnv, gatewayEnv, startBenchStack } from './bench-stack.js';
import type { BenchContext } from './components.js';
import { startServeProcess, type Variant } from './serve-process.js';

const ROWS = Number(process.env.BENCH_MASKING_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_MASKING_ROUNDS ?? 2);
const ONLY = process.env.BENCH_MASKING_CONFIGS?.split(',');

const bulkRead = {
  policy: {
    rules: [
      {
        id: 'bench-bulk-read',
        action: 'allow' as const,
        reason: 'the benchmark reads every row',
        match: { agent: { ids: ['bench-agent'] }, kinds: ['read' as const] },
      },
    ],
  },
};

/** The gateway configs compared with direct, in this order. */
const CONFIGS: Variant[] = [
  { name: 'masking-only', config: { ...bulkRead, audit: { enabled: false } } },
  { name: 'full-pipeline', config: { ...bulkRead } },
];
/** Run only when named in BENCH_MASKING_CONFIGS: the gateway's floor for this query (no masking). */
const EXTRA: Variant[] = [
  { name: 'relay-only', config: { ...bulkRead, audit: { enabled: false }, masking: { enabled: false } } },
];

function timedPsql(
  env: NodeJS.ProcessEnv,
  sql: string,
  sample?: () => void,
): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('psql', ['-X', '-At', '-c', sql], { env });
    let bytes = 0;
    const timer = sample ? setInterval(sample, 50) : undefined;
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      if (code !== 0) reject(new Error(`psql exited ${code}`));
      else resolvePromise({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes });
    });
  });
}

/** A module preloaded into the gateway: first SIGUSR2 starts the V8 profiler, the second writes it. */
function profilerHook(dir: string, name: string): string {
  return `import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const s = new Session();
s.connect();
let on = false;
process.on('SIGUSR2', () => {
  if (!on) {
    on = true;
    s.post('Profiler.enable', () => s.post('Profiler.start'));
    return;
  }
  s.post('Profiler.stop', (err, r) => {
    if (!err) writeFileSync(${JSON.stringify(dir)} + '/${name}-' + process.pid + '.cpuprofile', JSON.stringify(r.profile));
  });
});
`;
}

interface ConfigResult {
  name: string;
  directMs: number;
  viaMs: number;
  directBytes: number;
  viaBytes: number;
  baseKb: number;
  peakKb: number;
  /** The gateway's read / write system calls per run of the statement (/proc/PID/io). */
  readsPerRun: number;
  writesPerRun: number;
}

function ioCounts(pid: number | undefined): { reads: number; writes: number } {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return {
    reads: Number(/syscr:\s+(\d+)/.exec(io)?.[1] ?? 0),
    writes: Number(/syscw:\s+(\d+)/.exec(io)?.[1] ?? 0),
  };
}

async function measureConfig(
  ctx: BenchContext,
  variant: Variant,
  direct: NodeJS.ProcessEnv,
): Promise<ConfigResult> {
  const prof = process.env.BENCH_CPU_PROF;
  // The gateway inherits NODE_OPTIONS (--cpu-prof is not allowed there): a preloaded module
  // profiles it between two SIGUSR2 (sent around the measured runs) and writes the profile.
  const savedOptions = process.env.NODE_OPTIONS;
  if (prof) {
    const hook = join(ctx.dir, 'cpu-prof-hook.mjs');
    writeFileSync(hook, profilerHook(resolve(prof), variant.name));
    process.env.NODE_OPTIONS = `${savedOptions ?? ''} --import ${pathToFileURL(hook).href}`;
  }
  const gw = await startServeProcess({
    dir: ctx.dir,
    pg: ctx.pg,
    issuer: ctx.issuer,
    database: 'bench_phi',
    variant,
  }).finally(() => {
    if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = savedOptions;
  });
  const via = gatewayEnv(gw.pgPort, ctx.token, 'bench_phi');
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
    if (prof) gw.child.kill('SIGUSR2');
    const d: { ms: number; bytes: number }[] = [];
    const v: { ms: number; bytes: number }[] = [];
    const syscalls = { reads: 0, writes: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      d.push(await timedPsql(direct, sql));
      const before = ioCounts(gw.child.pid);
      v.push(await timedPsql(via, sql, rss));
      const after = ioCounts(gw.child.pid);
      syscalls.reads += after.reads - before.reads;
      syscalls.writes += after.writes - before.writes;
    }
    if (prof) {
      gw.child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 2000));
    }
    return {
      name: variant.name,
      directMs: Math.min(...d.map((x) => x.ms)),
      viaMs: Math.min(...v.map((x) => x.ms)),
      directBytes: d[0]!.bytes,
      viaBytes: v[0]!.bytes,
      baseKb,
      peakKb,
      readsPerRun: syscalls.reads / ROUNDS,
      writesPerRun: syscalls.writes / ROUNDS,
    };
  } finally {
    await gw.stop();
  }
}

export async function benchMasking1M(ctx: BenchContext): Promise<void> {
  const admin = await ctx.pg.client('postgres');
  await admin.query('create database bench_phi');
  await admin.end();
  const seeded = await seedDemoDatabase(ctx.pg.url('bench_phi'), { patients: ROWS, only: ['patients'] });
  const direct = directEnv(ctx.pg, 'bench_phi');

  const results: ConfigResult[] = [];
  const configs = ONLY ? [...CONFIGS, ...EXTRA].filter((c) => ONLY.includes(c.name)) : CONFIGS;
  for (const variant of configs) results.push(await measureConfig(ctx, variant, direct));
  const rows = seeded.patients;
  const perSecond = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en-US');
  ctx.print('');
  ctx.print(
    `## masking: select * from patients (${rows.toLocaleString('en-US')} rows, every PHI column masked), best of ${ROUNDS} interleaved with direct`,
  );
  ctx.print('');
  ctx.print(
    '| config | direct wall | phigate wall | wall-time ratio | direct rows/s | phigate rows/s | bytes direct / phigate | gateway RSS before / peak | gateway reads / writes per run |',
  );
  ctx.print('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    ctx.print(
      `| ${r.name} | ${(r.directMs / 1000).toFixed(2)} s | ${(r.viaMs / 1000).toFixed(2)} s | ${(r.viaMs / r.directMs).toFixed(2)} | ${perSecond(r.directMs)} | ${perSecond(r.viaMs)} | ${r.directBytes.toLocaleString('en-US')} / ${r.viaBytes.toLocaleString('en-US')} | ${Math.round(r.baseKb / 1024)} MB / ${Math.round(r.peakKb / 1024)} MB | ${Math.round(r.readsPerRun).toLocaleString('en-US')} / ${Math.round(r.writesPerRun).toLocaleString('en-US')} |`,
    );
  }
}

/** Standalone: an embedded PostgreSQL and a dev issuer of its own, then the benchmark above. */
async function main(): Promise<void> {
  const stack = await startBenchStack('phigate-bench-1m-');
  try {
    const { dir, pg, issuer, token } = stack;
    await benchMasking1M({ print: (s) => process.stdout.write(`${s}\n`), dir, pg, issuer, token });
  } finally {
    await stack.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
