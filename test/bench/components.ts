/**
 * Component benchmarks that run inside this process (parse + policy, audit writes,
 * masking), printed after the pgbench table. Each section is contributed by its module.
 */
import type { EmbeddedServer } from '../../cli/dev/embedded-postgres.js';
import type { DevIssuer } from '../../cli/dev/oidc-issuer.js';

export interface BenchContext {
  print(line: string): void;
  dir: string;
  pg: EmbeddedServer;
  issuer: DevIssuer;
  token: string;
}

export async function componentBenches(ctx: BenchContext): Promise<void> {
  const section = (title: string) => {
    ctx.print('');
    ctx.print(`## ${title}`);
    ctx.print('');
    ctx.print('| measure | value |');
    ctx.print('| --- | --- |');
  };
  section('parse + policy (in process)');
  const { benchPolicy } = await import('./policy-bench.js');
  for (const r of await benchPolicy()) ctx.print(`| ${r.name} | ${r.value} ${r.unit} |`);

  section('audit log (in process, real fdatasync on this disk)');
  const { benchAudit } = await import('./audit-bench.js');
  for (const r of await benchAudit()) ctx.print(`| ${r.name} | ${r.value} ${r.unit} |`);

  section('masking building blocks (in process)');
  const { benchMasking } = await import('./masking-bench.js');
  for (const r of await benchMasking()) ctx.print(`| ${r.name} | ${r.value} ${r.unit} |`);

  if (process.env.BENCH_SKIP_1M !== '1') {
    const { benchMasking1M } = await import('./masking-1m.js');
    await benchMasking1M(ctx);
  }
}
