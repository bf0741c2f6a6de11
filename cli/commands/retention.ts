/**
 * `phigate retention apply [--older-than DAYS]`: the only way audit data is deleted. Verifies the
 * whole log, takes the writer lock (the gateway must not be writing this log), writes a durable
 * `retention.applied` record naming what goes, then removes the log files whose newest record is
 * older than the cutoff.
 */
import { parseArgs } from 'node:util';
import { formatPlace } from '../../core/audit/verify/problems.js';
import { openAuditLog } from '../../proxy/audit/audit-log.js';
import {
  type CommandIo,
  EXIT,
  locateStore,
  processIo,
  runCommand,
  STORE_OPTIONS,
  UsageError,
} from '../../proxy/audit/command-support.js';
import { readLog } from '../../proxy/audit/file/log-reader.js';
import { liveWriter } from '../../proxy/audit/file/writer-lock.js';

export const RETENTION_USAGE = `usage: phigate retention apply [--older-than DAYS] [--reason TEXT] [--data-dir DIR] [--config FILE]

Removes audit log files whose newest record is older than DAYS days (default: audit.retentionDays
of the config, 2190 = 6 years). Refuses when the log does not verify or a gateway is writing it.
Writes a retention.applied record first (files, ranges, digests, sessions removed or cut, the
boundary \`phigate verify\` accepts afterwards).

  --older-than DAYS  whole days, at least 1
  --reason TEXT      recorded in the retention.applied record (default "retention policy")
`;

export async function retentionCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(io, RETENTION_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...STORE_OPTIONS, 'older-than': { type: 'string' }, reason: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(RETENTION_USAGE);
      return EXIT.ok;
    }
    const [action, extra] = positionals;
    if (action !== 'apply')
      throw new UsageError(action ? `unknown action "${action}"` : 'an action is required: apply');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const store = locateStore(values);
    const days =
      values['older-than'] === undefined ? store.config.retentionDays : Number(values['older-than']);
    if (!Number.isSafeInteger(days) || days < 1)
      throw new UsageError('--older-than must be a whole number of days, at least 1');
    const pid = await liveWriter(store.dir);
    if (pid !== undefined) {
      io.stderr(
        `phigate: the audit log in ${store.dir} is being written by process ${pid}; stop that gateway first\n`,
      );
      return EXIT.failed;
    }
    const { report } = await readLog(store.dir);
    if (!report.ok) {
      const first = report.problems[0];
      io.stderr(
        `phigate: retention refused: the audit log does not verify (${report.problemCount} problem(s); first: ${first ? `${formatPlace(first)}: ${first.message}` : '?'})\n`,
      );
      return EXIT.failed;
    }
    const log = await openAuditLog({
      config: { ...store.config, parameters: 'omit' },
      dataDir: store.dataDir,
      clock: { now: io.now },
    });
    try {
      const r = await log.applyRetention({
        olderThanDays: days,
        reason: values.reason ?? 'retention policy',
      });
      if (r.removed.length === 0) {
        io.stdout(`nothing to remove: no log file is entirely older than ${r.cutoff}\n`);
        return EXIT.ok;
      }
      io.stdout(
        `removed ${r.removed.length} log file(s) older than ${r.cutoff}: ${r.records} records, lseq ${r.removed[0]?.firstLseq}..${r.removed.at(-1)?.lastLseq}; ` +
          `${r.sessionsRemoved.length} sessions removed, ${r.sessionsTruncated.length} cut at the boundary\n` +
          `recorded as retention.applied ${r.recordHash}\n`,
      );
      for (const f of r.removed)
        io.stdout(`  ${f.name}  ${f.firstAt} .. ${f.lastAt}  ${f.records} records  sha256 ${f.sha256}\n`);
      return EXIT.ok;
    } finally {
      await log.close();
    }
  });
}
