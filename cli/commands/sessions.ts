/**
 * `phigate sessions [--agent A] [--from T] [--to T] [--json]`: lists recorded sessions from the
 * audit log (id, agent, resource, start, end, statements, denied, masked values).
 */
import { parseArgs } from 'node:util';
import { SessionIndex } from '../../core/audit/session-index.js';
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

export const SESSIONS_USAGE = `usage: phigate sessions [--agent A] [--from T] [--to T] [--json] [--data-dir DIR] [--config FILE]

Lists the sessions in the audit log that overlap the window.

  --agent A          only sessions of this agent id
  --from T, --to T   ISO date or date-time, now, or 30m / 24h / 7d ago
  --json             one JSON array with every field
  --data-dir DIR     data dir (default .phigate; the log is DIR/audit)
  --config FILE      take audit.dir from this config
`;

export async function sessionsCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(io, SESSIONS_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...STORE_OPTIONS,
        agent: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(SESSIONS_USAGE);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const now = io.now();
    const from = timeBound('from', values.from, now);
    const to = timeBound('to', values.to, now, true);
    if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from is after --to');
    const store = locateStore(values);
    const index = new SessionIndex();
    const { report } = await readLog(store.dir, { onRecord: (r) => index.add(r) });
    if (!report.ok) {
      io.stderr(
        `warning: the audit log does not verify (${report.problemCount} problem(s)); run \`phigate verify\`\n`,
      );
    }
    const list = index.list({ agent: values.agent, from, to });
    if (values.json) {
      io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      return EXIT.ok;
    }
    if (list.length === 0) {
      io.stdout('no sessions\n');
      return EXIT.ok;
    }
    const header = ['session', 'agent', 'resource', 'start', 'end', 'statements', 'denied', 'masked'];
    const rows = list.map((s) => [
      s.id,
      s.agentId,
      s.resource,
      s.start ?? '(removed)',
      s.end ? `${s.end}${s.recovered ? ' (recovered)' : ''}` : 'open',
      String(s.statements),
      String(s.denied),
      String(s.masked),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) =>
      `${cells
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`;
    io.stdout(line(header));
    for (const r of rows) io.stdout(line(r));
    io.stdout(`(${list.length} session${list.length === 1 ? '' : 's'})\n`);
    return EXIT.ok;
  });
}
