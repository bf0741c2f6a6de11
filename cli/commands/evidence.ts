/**
 * `phigate evidence --from T --to T [--agent A] --out DIR`: writes an evidence package for a
 * period: report.html (self-contained, answers the five questions), statements.csv,
 * statements.json, approvals.csv, sessions/<id>.txt transcripts, and manifest.json with the
 * SHA-256 of every file and the result of verifying the whole log.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditRecord } from '../../core/audit/schema/record.js';
import { formatPlace } from '../../core/audit/verify/problems.js';
import { EvidenceCollector } from '../../core/evidence/model.js';
import { buildEvidencePackage } from '../../core/evidence/package.js';
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
import { renderTranscript } from '../../proxy/recording/replay/transcript.js';

export const EVIDENCE_USAGE = `usage: phigate evidence --from T --to T [--agent A] --out DIR [--data-dir DIR] [--config FILE]

Writes an evidence package for the statements whose intent falls in [from, to]:
  report.html       self-contained report: the five questions, summaries and charts, one row per statement
  statements.csv    one row per statement (statements.json: the same as JSON, with the sessions)
  approvals.csv     approvals requested in the period or referenced by its statements
  sessions/ID.txt   a transcript per session (as \`phigate replay\` prints it)
  manifest.json     SHA-256 of every file and the result of verifying the whole log

  --from T, --to T   ISO date or date-time, now, or 30m / 24h / 7d ago (a date-only --to includes that day)
  --agent A          only statements of this agent id
  --out DIR          a new or empty directory
Exit 0 when the package is written and the log verifies, 1 when the log does not verify (the
package is still written and says so) or on an error, 2 on a usage error.
`;

export async function evidenceCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(io, EVIDENCE_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...STORE_OPTIONS,
        from: { type: 'string' },
        to: { type: 'string' },
        agent: { type: 'string' },
        out: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout(EVIDENCE_USAGE);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.from || !values.to) throw new UsageError('--from and --to are required');
    if (!values.out) throw new UsageError('--out DIR is required');
    const now = io.now();
    const from = timeBound('from', values.from, now) as number;
    const to = timeBound('to', values.to, now, true) as number;
    if (from > to) throw new UsageError('--from is after --to');
    const out = resolve(values.out);
    await ensureEmptyDir(out);
    const store = locateStore(values);

    // Pass 1: verify the whole log and collect the period's statements.
    const collector = new EvidenceCollector({ from, to, agent: values.agent });
    const { report } = await readLog(store.dir, { onRecord: (r) => collector.add(r) });
    const model = collector.finish();

    // Pass 2: the records of the sessions in the package, for their transcripts.
    const wanted = new Set(model.sessions.map((s) => s.id));
    const bySession = new Map<string, AuditRecord[]>();
    const approvals = new Map<string, AuditRecord[]>();
    await readLog(store.dir, {
      maxProblems: 0,
      onRecord: (r) => {
        if (wanted.has(r.chain)) {
          const list = bySession.get(r.chain);
          if (list) list.push(r);
          else bySession.set(r.chain, [r]);
        }
        if (r.type.startsWith('approval.')) {
          const id = (r.data as { approvalId: string }).approvalId;
          approvals.set(id, [...(approvals.get(id) ?? []), r]);
        }
      },
    });
    const transcripts = new Map<string, string>();
    for (const [id, records] of bySession) {
      const lines: string[] = [];
      renderTranscript({ records, approvals }, (l) => lines.push(l));
      transcripts.set(id, `${lines.join('\n')}\n`);
      bySession.set(id, []);
    }
    const first = report.problems[0];
    const files = buildEvidencePackage({
      model,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      agent: values.agent,
      generatedAt: new Date(now).toISOString(),
      transcripts,
      verification: {
        ok: report.ok,
        records: report.records,
        segments: report.segments,
        sessions: report.sessions,
        problemCount: report.problemCount,
        firstProblem: first ? `${formatPlace(first)}: ${first.kind}: ${first.message}` : undefined,
        lastLseq: report.lastLseq,
        lastHash: report.lastHash,
        retentionBoundary: report.retentionBoundary,
        warnings: report.warnings,
      },
    });
    for (const f of files) {
      const path = join(out, ...f.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content, { flag: 'wx' });
    }
    io.stdout(
      `evidence package written to ${out}: ${model.statements.length} statements, ${model.sessions.length} sessions, ${model.approvals.length} approvals, ${files.length} files\n`,
    );
    if (!report.ok) {
      io.stdout(
        `the audit log does NOT verify: ${report.problemCount} problem(s); first: ${first ? formatPlace(first) : ''}\n`,
      );
      return EXIT.failed;
    }
    io.stdout(`chain verification: OK (${report.records} records, last hash ${report.lastHash})\n`);
    return EXIT.ok;
  });
}

async function ensureEmptyDir(dir: string): Promise<void> {
  try {
    const entries = await readdir(dir);
    if (entries.length > 0) throw new UsageError(`--out ${dir} is not empty`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(dir, { recursive: true });
  }
}
