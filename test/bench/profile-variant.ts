/**
 * Profiles one pipeline variant under pgbench -S: `npx tsx test/bench/profile-variant.ts
 * "full pipeline" prepared 8 [seconds] [profile-dir]`. Starts PostgreSQL, the dev issuer and
 * `phigate serve` with `--cpu-prof`, runs pgbench through it and prints the TPS; the V8 CPU
 * profile lands in the profile dir when the gateway exits. For developers chasing a stage cost.
 */
import { spawn } from 'node:child_process';
import { gatewayEnv, initPgbench, startBenchStack } from './bench-stack.js';
import { pgbench } from './pgbench.js';
import { processCpuUs, threadCpu } from './process-cpu.js';
import { startServeProcess, VARIANTS } from './serve-process.js';

const [name = 'full pipeline', mode = 'prepared', clients = '8', seconds = '10', profDir] =
  process.argv.slice(2);
const found = VARIANTS.find((v) => v.name === name);
// PROFILE_CONFIG: JSON config sections laid over the variant's (e.g. '{"audit":{"flush":"fsync"}}').
const variant = found && {
  ...found,
  config: { ...found.config, ...(JSON.parse(process.env.PROFILE_CONFIG ?? '{}') as object) },
};
if (!variant) throw new Error(`unknown variant ${name}; one of ${VARIANTS.map((v) => v.name).join(', ')}`);
const stack = await startBenchStack('phigate-prof-');
const { dir, pg, issuer, token } = stack;
await initPgbench(pg, 'bench');
// A failed run still stops the gateway and PostgreSQL (and output cut short by a pipe is no error).
process.stdout.on('error', () => undefined);
try {
  const gw = await startServeProcess({
    dir,
    variant,
    issuer,
    pg,
    database: 'bench',
    nodeArgs: [
      ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []),
      ...(process.env.BENCH_GW_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
  });
  try {
    const viaEnv = gatewayEnv(gw.pgPort, token, 'bench');
    const m = mode === 'simple' ? 'simple' : 'prepared';
    // PROFILE_STRACE=1: count the gateway's system calls during the run (strace -c, all threads);
    // PROFILE_PERF=FILE: sample it with perf (kernel and native frames; run the gateway with
    // BENCH_GW_NODE_ARGS=--perf-basic-prof to name JIT frames).
    const strace =
      process.env.PROFILE_STRACE === '1'
        ? spawn(
            'strace',
            [
              ...(process.env.PROFILE_STRACE_ARGS?.split(' ').filter(Boolean) ?? ['-c']),
              '-f',
              '-p',
              String(gw.child.pid),
            ],
            { stdio: ['ignore', 'ignore', 'pipe'] },
          )
        : process.env.PROFILE_PERF
          ? spawn(
              'perf',
              ['record', '-F', '999', '-g', '-o', process.env.PROFILE_PERF, '-p', String(gw.child.pid)],
              {
                stdio: ['ignore', 'ignore', 'pipe'],
              },
            )
          : undefined;
    let straceOut = '';
    strace?.stderr?.on('data', (d) => (straceOut += d));
    const before = processCpuUs(gw.child.pid);
    const r = await pgbench({ env: viaEnv, mode: m, clients: Number(clients), seconds: Number(seconds) });
    if (process.env.PROFILE_THREADS === '1') {
      for (const t of threadCpu(gw.child.pid))
        process.stdout.write(`thread ${t.tid} ${t.name}: user ${t.userUs} µs, system ${t.systemUs} µs\n`);
    }
    if (strace) {
      const done = new Promise((r) => strace.once('exit', r));
      strace.kill('SIGINT');
      await done;
      process.stdout.write(`${straceOut}\nstatements: ${r.transactions}\n`);
    }
    const cpuUsPerStmt = (processCpuUs(gw.child.pid) - before) / r.transactions;
    process.stdout.write(
      `${name} ${m} ${clients} clients: ${r.tps.toFixed(0)} TPS, p50 ${r.p50Ms.toFixed(3)} ms, gateway CPU ${cpuUsPerStmt.toFixed(1)} µs/statement\n`,
    );
    const metrics = await fetch(`${gw.httpUrl}/metrics`).then((x) => x.text());
    for (const line of metrics.split('\n'))
      if (/^phigate_audit_/.test(line)) process.stdout.write(`${line}\n`);
  } finally {
    await gw.stop();
  }
} finally {
  await stack.stop();
}
