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
}
