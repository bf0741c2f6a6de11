/**
 * `phigate replay SESSION`: prints a psql-like transcript of one session from the audit log:
 * each statement, its decision, and the result as the agent received it, with timing.
 */
import { parseArgs } from 'node:util';
import type { AuditRecord } from '../../core/audit/schema/record.js';
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
import { renderTranscript } from '../../proxy/recording/replay/transcript.js';

export const REPLAY_USAGE = `usage: phigate replay SESSION [--max-rows N] [--data-dir DIR] [--config FILE]

Prints the session's transcript: statements as sent, decisions (rule, reason, approval and
approver), results as the agent received them (after masking), errors, and timing.

  --max-rows N       rows shown per result (default 100; the rest are counted)
  --data-dir DIR     data dir (default .phigate; the log is DIR/audit)
  --config FILE      take audit.dir from this config
`;

export async function replayCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(io, REPLAY_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...STORE_OPTIONS, 'max-rows': { type: 'string', default: '100' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(REPLAY_USAGE);
      return EXIT.ok;
    }
    const [session, extra] = positionals;
    if (!session) throw new UsageError('SESSION is required');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const maxRows = Number(values['max-rows']);
    if (!Number.isSafeInteger(maxRows) || maxRows < 0)
      throw new UsageError('--max-rows must be a whole number');
    const store = locateStore(values);
    const records: AuditRecord[] = [];
    const approvals = new Map<string, AuditRecord[]>();
    const { report } = await readLog(store.dir, {
      onRecord: (r) => {
        if (r.chain === session) records.push(r);
        if (r.type.startsWith('approval.')) {
          const id = (r.data as { approvalId: string }).approvalId;
          const list = approvals.get(id);
          if (list) list.push(r);
          else approvals.set(id, [r]);
        }
      },
    });
    if (records.length === 0) {
      io.stderr(`phigate: no session "${session}" in the audit log (see \`phigate sessions\`)\n`);
      return EXIT.failed;
    }
    if (!report.ok) {
      io.stderr(
        `warning: the audit log does not verify (${report.problemCount} problem(s)); run \`phigate verify\`\n`,
      );
    }
    let out = '';
    renderTranscript({ records, approvals, maxRows }, (line) => {
      out += `${line}\n`;
      if (out.length > 64 * 1024) {
        io.stdout(out);
        out = '';
      }
    });
    io.stdout(out);
    return EXIT.ok;
  });
}
