import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApprovalsHttpHandler, createApprovalsHttpHandler } from '../../../cli/dev/approvals-http.js';
import type { ApprovalAuditEvent } from '../../../core/approvals/audit-event.js';
import { LocalApprovalWorkflow } from '../../../proxy/approvals/local-workflow.js';

export const APPROVERS = 'phigate-approvers';

/**
 * The approvals part of `phigate dev` on a real HTTP server on loopback: the local workflow,
 * the dev handler (review page, console, sign-in, webhook sink) and `<data-dir>/dev/http.url`.
 */
export async function startDevApprovals(opts: { timeoutMs?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'phigate-approvals-'));
  let handler: ApprovalsHttpHandler | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (handler && (await handler(req, res))) return;
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const events: ApprovalAuditEvent[] = [];
  const workflow = new LocalApprovalWorkflow({
    baseUrl,
    approverGroup: APPROVERS,
    signingKey: Buffer.alloc(32, 5),
    defaultTimeoutMs: opts.timeoutMs ?? 300_000,
    maxTimeoutMs: 600_000,
    decisionTokenMs: 300_000,
    webhookUrl: `${baseUrl}/approvals/dev/teams-webhook`,
    onEvent: (e) => void events.push(e),
  });
  handler = createApprovalsHttpHandler({ workflow, approverGroup: APPROVERS });
  mkdirSync(join(dataDir, 'dev'), { recursive: true });
  writeFileSync(join(dataDir, 'dev', 'http.url'), `${baseUrl}\n`);
  return {
    baseUrl,
    dataDir,
    workflow,
    handler,
    events,
    async close() {
      await workflow.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const DEMO_REQUEST = {
  agent: { agentId: 'demo-agent', subject: 'demo-agent', displayName: 'Demo agent' },
  resource: 'ehr',
  statement: "UPDATE patients SET phone = '555-0142' WHERE patient_id = 1042",
  fingerprint: '5a1e0d9c3b2f4a61',
  ruleId: 'hipaa-baseline/phi-write',
  reason: 'INSERT, UPDATE, DELETE or MERGE on a PHI table needs a human approval',
  scope: { kind: 'once' as const, validForMs: 600_000 },
  requestKey: 'session-42:3',
};
