/**
 * `npm run bench`: phigate side by side with the direct path, in one run, on this machine.
 *
 * Starts a real PostgreSQL, initializes pgbench, runs the gateway as `phigate serve` (the
 * production entry point) with one config per pipeline variant, and runs pgbench -S
 * direct and through the gateway, interleaved, in simple and prepared mode at 1 and 8
 * clients. Prints TPS ratios and added p50/p99 latency, then the component benchmarks.
 * Figures are for comparison within one run: these machines are shared and noisy.
 */
import { auditFlushes, flushCpuUs, printAuditBudget } from './audit-budget.js';
import { type BenchStack, gatewayEnv, initPgbench, startBenchStack } from './bench-stack.js';
import { row } from './markdown-row.js';
import { type PgbenchResult, pgbench } from './pgbench.js';
import { machineBusyUs, processCpuUs } from './process-cpu.js';
import { startServeProcess, startTcpRelay, VARIANTS, type Variant } from './serve-process.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const only = process.env.BENCH_VARIANTS?.split(',');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number, d = 2) => n.toFixed(d);

async function main() {
  const stack = await startBenchStack('phigate-bench-');
  try {
    await runBench(stack);
  } finally {
    // Also after a failed variant: no PostgreSQL or temp dir is left behind.
    await stack.stop();
  }
}

async function runBench(stack: BenchStack) {
  const { dir, pg, issuer, token } = stack;
  const direct = await initPgbench(pg, 'bench');

  const lines: string[] = [];
  const print = (s: string) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  print(
    `# phigate bench — ${new Date().toISOString()} — ${SECONDS}s per run, median of ${ROUNDS} interleaved rounds`,
  );
  print('');
  print(
    row([
      'variant',
      'mode',
      'clients',
      'direct TPS',
      'phigate TPS',
      'ratio',
      'direct p50 ms',
      'added p50 ms',
      'direct p99 ms',
      'added p99 ms',
      'gateway CPU µs/stmt',
    ]),
  );
  print(row(Array(11).fill('---')));

  const targets = [
    ...(only && !only.includes('tcp-relay')
      ? []
      : [{ name: 'tcp-relay (floor)', relay: true, start: () => startTcpRelay(pg) }]),
    ...VARIANTS.filter((v) => !only || only.includes(v.name)).map((variant) => ({
      name: variant.name,
      relay: false,
      start: async () => {
        const p = await startServeProcess({ dir, variant, issuer, pg, database: 'bench' });
        return { ...p, pid: p.child.pid };
      },
    })),
  ];
  // TPS ratio to direct per variant, mode and client count, for the summaries below the table.
  const ratios = new Map<string, number>();
  // The gateway's CPU (all threads) per statement, same keys: the noise-robust cost figure.
  const cpus = new Map<string, number>();
  // The whole machine's busy CPU per statement, and audit flushes per statement (audit budget).
  const machine = new Map<string, number>();
  const flushes = new Map<string, number>();
  for (const target of targets) {
    const gw = await target.start();
    const variant = { name: target.name };
    const viaEnv = target.relay
      ? { ...direct, PGPORT: String(gw.pgPort) }
      : gatewayEnv(gw.pgPort, token, 'bench');
    try {
      for (const mode of ['simple', 'prepared'] as const) {
        for (const clients of [1, 8]) {
          const d: PgbenchResult[] = [];
          const v: PgbenchResult[] = [];
          const cpu: number[] = [];
          const busy: number[] = [];
          const flush: number[] = [];
          for (let r = 0; r < ROUNDS; r++) {
            d.push(await pgbench({ env: direct, mode, clients, seconds: SECONDS }));
            const f0 = await auditFlushes(gw.httpUrl);
            const cpu0 = processCpuUs(gw.pid);
            const busy0 = machineBusyUs();
            const res = await pgbench({ env: viaEnv, mode, clients, seconds: SECONDS });
            const n = Math.max(1, res.transactions);
            busy.push((machineBusyUs() - busy0) / n);
            cpu.push((processCpuUs(gw.pid) - cpu0) / n);
            flush.push(((await auditFlushes(gw.httpUrl)) - f0) / n);
            v.push(res);
          }
          const dt = median(d.map((x) => x.tps));
          const vt = median(v.map((x) => x.tps));
          ratios.set(`${target.name}|${mode}|${clients}`, vt / dt);
          cpus.set(`${target.name}|${mode}|${clients}`, median(cpu));
          machine.set(`${target.name}|${mode}|${clients}`, median(busy));
          flushes.set(`${target.name}|${mode}|${clients}`, median(flush));
          const d50 = median(d.map((x) => x.p50Ms));
          const d99 = median(d.map((x) => x.p99Ms));
          print(
            row([
              variant.name,
              mode,
              clients,
              fmt(dt, 0),
              fmt(vt, 0),
              fmt(vt / dt),
              fmt(d50, 3),
              fmt(median(v.map((x) => x.p50Ms)) - d50, 3),
              fmt(d99, 3),
              fmt(median(v.map((x) => x.p99Ms)) - d99, 3),
              fmt(median(cpu), 1),
            ]),
          );
          if (v.some((x) => x.failed > 0))
            print(`  (phigate run had failed transactions: ${v.map((x) => x.failed).join(',')})`);
        }
      }
    } finally {
      await gw.stop();
    }
  }

  printStageCosts(print, ratios, cpus);
  printAuditBudget(print, { machine, flushes, flushCpuUs: await flushCpuUs(dir) });

  const { componentBenches } = await import('./components.js');
  await componentBenches({ print, dir, pg, issuer, token });
}

/**
 * What each stage costs, as the ratio of one variant's TPS ratio to the variant without that
 * stage (each measured against direct in its own interleaved rounds, so machine drift between
 * variants cancels out): audit on versus off is `full pipeline` over `policy + masking`.
 */
function printStageCosts(print: (s: string) => void, ratios: Map<string, number>, cpus: Map<string, number>) {
  const stages = [
    ['relay (pass-through vs tcp-relay floor)', 'pass-through', 'tcp-relay (floor)'],
    ['policy (hipaa-baseline vs pass-through)', 'policy (hipaa-baseline)', 'pass-through'],
    ['masking (on vs off)', 'policy + masking', 'policy (hipaa-baseline)'],
    ['audit (on vs off)', 'full pipeline', 'policy + masking'],
  ] as const;
  const lines: string[] = [];
  for (const [label, withStage, without] of stages) {
    for (const mode of ['simple', 'prepared'] as const) {
      for (const clients of [1, 8]) {
        const a = ratios.get(`${withStage}|${mode}|${clients}`);
        const b = ratios.get(`${without}|${mode}|${clients}`);
        if (a === undefined || b === undefined) continue;
        const key = (v: string) => cpus.get(`${v}|${mode}|${clients}`) ?? Number.NaN;
        const addedCpu = key(withStage) - key(without);
        lines.push(
          row([label, mode, clients, fmt(a / b), `${fmt((1 - a / b) * 100, 1)}%`, fmt(addedCpu, 1)]),
        );
      }
    }
  }
  if (lines.length === 0) return;
  print('');
  print('Stage cost: TPS with the stage / TPS without it (each relative to direct in its own rounds)');
  print('');
  print(row(['stage', 'mode', 'clients', 'TPS ratio', 'fewer TPS', 'gateway CPU added µs/stmt']));
  print(row(Array(6).fill('---')));
  for (const l of lines) print(l);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

export type { Variant };
