/**
 * Reading and checking a gateway's audit log from tests, with the audit code's own readers
 * (the file sink's segment reader, the verifier) and the operator commands run in-process
 * (`verify`, `replay`, `evidence`, `sessions`) with their output captured.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evidenceCommand } from '../../cli/commands/evidence.js';
import { replayCommand } from '../../cli/commands/replay.js';
import { sessionsCommand } from '../../cli/commands/sessions.js';
import { verifyCommand } from '../../cli/commands/verify.js';
import { decodeFrames } from '../../core/audit/frame-payload.js';
import { type AuditRecord, type AuditRecordOf, auditRecordSchema } from '../../core/audit/schema/record.js';
import type { VerifyReport } from '../../core/audit/verify/log-verifier.js';
import type { CommandIo } from '../../proxy/audit/command-support.js';
import { listSegments, type SegmentFile } from '../../proxy/audit/file/layout.js';
import { readLog } from '../../proxy/audit/file/log-reader.js';
import { readSegment } from '../../proxy/audit/file/segment-file.js';

export const auditDirOf = (dataDir: string): string => join(dataDir, 'audit');

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

type Command = (argv: string[], io: CommandIo) => Promise<number>;

async function runCommand(cmd: Command, argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await cmd(argv, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    now: Date.now,
  });
  return { code, out, err };
}

export const verifyCli = (dataDir: string, ...extra: string[]) =>
  runCommand(verifyCommand, ['--data-dir', dataDir, ...extra]);
export const replayCli = (dataDir: string, session: string, ...extra: string[]) =>
  runCommand(replayCommand, [session, '--data-dir', dataDir, ...extra]);
export const sessionsCli = (dataDir: string, ...extra: string[]) =>
  runCommand(sessionsCommand, ['--data-dir', dataDir, ...extra]);
export const evidenceCli = (dataDir: string, o: { from: string; to: string; out: string; agent?: string }) =>
  runCommand(evidenceCommand, [
    '--from',
    o.from,
    '--to',
    o.to,
    '--out',
    o.out,
    '--data-dir',
    dataDir,
    ...(o.agent ? ['--agent', o.agent] : []),
  ]);

/**
 * Every complete record of the log, parsed against the v1 contract, in file order. Incomplete
 * final lines (a crash mid-write) are not records. Throws on a line that is not a valid record.
 */
export async function logRecords(dataDir: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for (const f of await listSegments(auditDirOf(dataDir))) {
    for (const line of (await readSegment(f.path)).lines) out.push(auditRecordSchema.parse(JSON.parse(line)));
  }
  return out;
}

/** The records that passed verification, and the verifier's report. */
export async function verifiedRecords(
  dataDir: string,
): Promise<{ report: VerifyReport; records: AuditRecord[]; files: readonly SegmentFile[] }> {
  const records: AuditRecord[] = [];
  const { report, files } = await readLog(auditDirOf(dataDir), { onRecord: (r) => records.push(r) });
  return { report, records, files };
}

export const ofType = <T extends AuditRecord['type']>(records: readonly AuditRecord[], type: T) =>
  records.filter((r): r is AuditRecordOf<T> => r.type === type);

/** Polls until `cond` holds (or throws after `ms`). */
export async function until<T>(
  cond: () => Promise<T | undefined | false>,
  ms = 10_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the log holds a `session.end` for each of `sessions` (written after the client left). */
export function sessionsEnded(dataDir: string, sessions: number, ms = 10_000): Promise<AuditRecord[]> {
  return until(
    async () => {
      const records = await logRecords(dataDir);
      return ofType(records, 'session.end').length >= sessions ? records : undefined;
    },
    ms,
    `${sessions} session.end records`,
  );
}

/** The frames recorded for a session, decoded (the bytes as delivered, base64 in the log). */
export function recordedBytes(records: readonly AuditRecord[]): Buffer {
  const parts: Buffer[] = [];
  for (const r of ofType(records, 'recording.segment')) {
    for (const f of decodeFrames(Buffer.from(r.data.payload, 'base64'), r.data.originUs)) parts.push(f.bytes);
  }
  return Buffer.concat(parts);
}

/** A copy of a data dir's audit log in a fresh temp dir (to tamper with); `remove` deletes it. */
export function copyAuditLog(dataDir: string): { dataDir: string; dir: string; remove: () => void } {
  const copy = mkdtempSync(join(tmpdir(), 'phigate-audit-copy-'));
  cpSync(auditDirOf(dataDir), auditDirOf(copy), { recursive: true });
  return {
    dataDir: copy,
    dir: auditDirOf(copy),
    remove: () => rmSync(copy, { recursive: true, force: true }),
  };
}

/** Complete lines of a sealed log file (no padding: the writer cuts it when it closes the file). */
export function fileLines(path: string): string[] {
  const text = readFileSync(path, 'utf8').replace(/\0+$/, '');
  return text.split('\n').slice(0, -1);
}

export function writeLines(path: string, lines: readonly string[]): void {
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
}

/** Values among `values` that occur in `text` (case-sensitive, whole values). */
export function leaked(text: string, values: Iterable<string>): string[] {
  const out: string[] = [];
  for (const v of values) if (v && text.includes(v)) out.push(v);
  return out;
}
