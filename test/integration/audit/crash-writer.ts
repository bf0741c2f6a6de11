/**
 * Child process for the crash test: 8 sessions append intents (with outcomes and recorded
 * frames) as fast as the log acknowledges them, and print `ack SESSION STMT HASH` for each
 * acknowledged intent. Stdout to a pipe is synchronous on Linux, so a printed ack was given
 * before the process could be killed. Runs until killed.
 */
import { randomBytes } from 'node:crypto';
import { auditSchema } from '../../../core/config/audit.js';
import { openAuditLog } from '../../../proxy/audit/audit-log.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-writer DATA_DIR');
const log = await openAuditLog({ config: auditSchema.parse({ segmentMaxBytes: 512 * 1024 }), dataDir });
process.stdout.write('open\n');

async function run(n: number): Promise<void> {
  const s = await log.openSession({
    sessionId: `crash-${process.pid}-${n}`,
    principal: {
      agentId: `agent-${n}`,
      subject: `sub-${n}`,
      objectId: undefined,
      appId: undefined,
      tenantId: 't',
      displayName: undefined,
      groups: [],
      tokenId: undefined,
      issuer: 'https://issuer.example',
      expiresAt: Date.now() + 3_600_000,
    },
    resource: 'ehr',
    client: { address: '127.0.0.1' },
  });
  const rows = randomBytes(24 * 1024);
  for (let i = 0; ; i++) {
    const text = `update t set v = v + 1 where id = ${n} /* ${i} */`;
    const t = await s.intent({
      text,
      path: 'simple',
      decision: { action: 'allow', ruleId: 'r', reason: 'test' },
    });
    process.stdout.write(`ack ${s.id} ${t.stmt} ${t.hash}\n`);
    s.frame('backend', rows);
    s.outcome(t, { rows: 1, bytesOut: rows.length, tag: 'UPDATE 1' });
  }
}

for (let n = 0; n < 8; n++) void run(n);
