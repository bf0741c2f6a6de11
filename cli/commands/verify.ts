/**
 * `phigate verify [--from T] [--to T] [--json]`: recomputes every chain of the audit log and
 * exits non-zero on any break, gap, reorder, truncation or deletion, naming the first broken
 * link (file, line, log position, session and sequence).
 */
import { parseArgs } from 'node:util';
import { formatPlace } from '../../core/audit/verify/problems.js';
import {
  type CommandIo,
  EXIT,
  locateStore,
  processIo,
  runCommand,
  STORE_OPTIONS,
  timeBound,
  UsageError,
} from '../../proxy/audit/command-support.js';
import { readLog } from '../../proxy/audit/file/log-reader.js';

export const VERIFY_USAGE = `usage: phigate verify [--from T] [--to T] [--json] [--data-dir DIR] [--config FILE]

Recomputes every hash chain of the audit log: each record's SHA-256, the log chain (detects a
deleted event, session or file, a reorder, a truncation), every session chain, the recording
segment chains, the file checkpoints, the retention boundary and the head. Exit 0 when intact,
1 on any problem (the first broken link is named), 2 on a usage error.

  --from T, --to T   verify only the files that cover this window (ISO date or date-time, now,
                     or 30m / 24h / 7d ago); the window starts from a file checkpoint
  --json             print the full report as JSON
  --data-dir DIR     data dir (default .phigate; the log is DIR/audit)
  --config FILE      take audit.dir from this config
`;

export async function verifyCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(io, VERIFY_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...STORE_OPTIONS,
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(VERIFY_USAGE);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const now = io.now();
    const from = timeBound('from', values.from, now);
    const to = timeBound('to', values.to, now, true);
    const store = locateStore(values);
    const { report, writerPid, files, partial } = await readLog(store.dir, { from, to });
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ dir: store.dir, partial, writerPid: writerPid ?? null, ...report }, null, 2)}\n`,
      );
      return report.ok ? EXIT.ok : EXIT.failed;
    }
    if (files.length === 0 && report.records === 0) {
      io.stdout(`audit log ${store.dir}: empty (no log files)\n`);
      return report.ok ? EXIT.ok : EXIT.failed;
    }
    const scope = partial
      ? `${files.length} log file(s) covering the window`
      : `${report.segments} log file(s)`;
    for (const w of report.warnings) io.stdout(`warning: ${w}\n`);
    if (report.ok) {
      io.stdout(
        `OK: ${report.records} records in ${scope}, ${report.sessions} sessions; lseq ${report.firstLseq}..${report.lastLseq}` +
          `${report.retentionBoundary ? ` (retention boundary at lseq ${report.retentionBoundary})` : ''}` +
          `${writerPid ? `; writer pid ${writerPid} running` : ''}\n` +
          `last record hash ${report.lastHash}\n`,
      );
      return EXIT.ok;
    }
    const first = report.problems[0];
    io.stdout(`FAILED: ${report.problemCount} problem(s) in ${scope}\n`);
    if (first) io.stdout(`first broken link: ${formatPlace(first)}: ${first.kind}: ${first.message}\n`);
    for (const p of report.problems.slice(1, 20)) io.stdout(`  ${formatPlace(p)}: ${p.kind}: ${p.message}\n`);
    if (report.problemCount > 20) io.stdout(`  … ${report.problemCount - 20} more\n`);
    return EXIT.failed;
  });
}
