/**
 * Child process for the group-commit test (run under strace): N sessions issue intents
 * concurrently; prints the log's own counters as JSON when done.
 */
import { auditSchema } from '../../../../core/config/audit.js';
import { openAuditLog } from '../../../../proxy/audit/audit-log.js';
import { allow, sessionStart } from './fixtures.js';

const [dataDir, sessionsArg, perSessionArg] = process.argv.slice(2);
const log = await openAuditLog({
  config: auditSchema.parse({ parameters: 'omit' }),
  dataDir: dataDir as string,
});
const before = log.stats();
const sessions = await Promise.all(
  Array.from({ length: Number(sessionsArg) }, (_, i) => log.openSession(sessionStart(`a${i}`))),
);
const mid = log.stats();
await Promise.all(
  sessions.map(async (s) => {
    for (let i = 0; i < Number(perSessionArg); i++) {
      const t = await s.intent({ text: `select ${i}`, path: 'simple', decision: allow });
      s.outcome(t, { rows: 1, bytesOut: 10 });
    }
  }),
);
const after = log.stats();
await log.close();
process.stdout.write(
  `${JSON.stringify({ intents: Number(sessionsArg) * Number(perSessionArg), appends: after.sink.appends, flushes: after.sink.flushes, appendsForIntents: after.sink.appends - mid.sink.appends, before: before.sink, final: log.stats().sink })}\n`,
);
