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

export async function componentBenches(_ctx: BenchContext): Promise<void> {}
