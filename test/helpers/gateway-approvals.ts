/**
 * Test seams for approvals through a test gateway: what the pipeline hands the audit port
 * (until the audit log is wired into the runtime), and `phigate approvals` pointed at the
 * gateway's dev HTTP server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalsCommand } from '../../cli/commands/approvals.js';
import type { StatementIntent, StatementRefusal } from '../../proxy/pipeline/ports.js';
import type { TestGateway } from './gateway.js';

const captured = new Map<TestGateway, { intents: StatementIntent[]; refused: StatementRefusal[] }>();

/** Captures what the pipeline hands the audit port: write-ahead intents and refusals. */
export function captureAudit(g: TestGateway): void {
  const seen = { intents: [] as StatementIntent[], refused: [] as StatementRefusal[] };
  const audit = g.runtime.audit;
  const openSession = audit.openSession.bind(audit);
  audit.openSession = async (ctx) => {
    const s = await openSession(ctx);
    return {
      ...s,
      intents: async (items) => {
        seen.intents.push(...items);
        return s.intents(items);
      },
      refused: (item) => {
        seen.refused.push(item);
        s.refused(item);
      },
    };
  };
  captured.set(g, seen);
}
export const intentsOf = (g: TestGateway) => captured.get(g)!.intents;
export const refusalsOf = (g: TestGateway) => captured.get(g)!.refused;

/** Lets `phigate approvals` find this gateway's dev HTTP server, as it finds `phigate dev`'s. */
function cliDataDir(g: TestGateway): string {
  mkdirSync(join(g.dataDir, 'dev'), { recursive: true });
  writeFileSync(join(g.dataDir, 'dev', 'http.url'), `${g.httpUrl}\n`);
  return g.dataDir;
}

export async function approvalsCli(g: TestGateway, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await approvalsCommand([...argv, '--data-dir', cliDataDir(g)], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}
