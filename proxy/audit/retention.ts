import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { recomputeHash } from '../../core/audit/seal.js';
import { isSystemChain, SYSTEM_CHAIN } from '../../core/audit/version.js';
import { PhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';
import { listSegments } from './file/layout.js';
import { splitSegment } from './file/segment-file.js';
import type { GroupWriter } from './group-writer.js';
import type { AuditSink } from './sink.js';

export interface RemovedSegment {
  readonly segment: number;
  readonly name: string;
  readonly firstLseq: number;
  readonly lastLseq: number;
  readonly lastHash: string;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface RetentionResult {
  readonly cutoff: string;
  readonly removed: readonly RemovedSegment[];
  readonly records: number;
  readonly sessionsRemoved: readonly string[];
  readonly sessionsTruncated: readonly string[];
  /** Hash of the durable `retention.applied` record (absent when nothing was old enough). */
  readonly recordHash: string | undefined;
}

interface Parsed {
  type: string;
  at: string;
  lseq: number;
  lprev: string;
  chain: string;
  hash: string;
  data: { segment?: number };
}

const corrupt = (msg: string) =>
  new PhigateError('AUDIT_CORRUPT', `retention refused: ${msg}`, {
    sqlstate: SQLSTATE.auditUnavailable,
    status: 503,
    hint: 'run `phigate verify`; nothing was removed',
  });

/**
 * Removes the oldest log files whose newest record is older than the cutoff (a prefix of the
 * log; never the file being written). Each file is checked first (every hash, the log chain into
 * the first kept record), then `retention.applied` is written durably, naming the files, their
 * ranges and digests, the sessions removed or cut, and the boundary `verify` will accept; only
 * then are the files deleted. A crash between the record and the deletion leaves files that the
 * next run removes (the boundary is the same).
 */
export async function applyRetention(o: {
  dir: string;
  writer: GroupWriter;
  sink: AuditSink;
  now: () => number;
  olderThanDays: number;
  reason: string;
}): Promise<RetentionResult> {
  if (!Number.isSafeInteger(o.olderThanDays) || o.olderThanDays < 1) {
    throw new PhigateError('RETENTION_INVALID', 'retention needs a whole number of days, at least 1');
  }
  const cutoffMs = o.now() - o.olderThanDays * 86_400_000;
  const cutoff = new Date(cutoffMs).toISOString();
  const files = await listSegments(o.dir);
  const removed: RemovedSegment[] = [];
  const seen = new Map<string, { start: boolean; end: boolean }>();
  let prevHash: string | undefined;
  let prevLseq: number | undefined;
  let boundary: { segment: number; lseq: number; lprev: string; hash: string } | undefined;
  let records = 0;
  for (const f of files) {
    const buf = await readFile(f.path);
    const { lines, tornBytes } = splitSegment(buf);
    if (lines.length === 0) throw corrupt(`${f.name} holds no records`);
    const first = parseChecked(lines[0] as string, `${f.name}:1`);
    const last = parseChecked(lines.at(-1) as string, `${f.name}:${lines.length}`);
    if (prevHash !== undefined && (first.lprev !== prevHash || first.lseq !== (prevLseq as number) + 1)) {
      throw corrupt(`${f.name} does not continue the log from the file before it`);
    }
    const old = f.segment !== o.writer.segment && Date.parse(last.at) < cutoffMs && tornBytes === 0;
    if (!old) {
      boundary = { segment: f.segment, lseq: first.lseq, lprev: first.lprev, hash: first.hash };
      break;
    }
    const parsed = lines.map((l, i) => parseChecked(l, `${f.name}:${i + 1}`));
    for (let i = 1; i < parsed.length; i++) {
      const p = parsed[i] as Parsed;
      const q = parsed[i - 1] as Parsed;
      if (p.lseq !== q.lseq + 1 || p.lprev !== q.hash)
        throw corrupt(`${f.name}:${i + 1} breaks the log chain`);
    }
    for (const p of parsed) {
      if (isSystemChain(p.chain)) continue;
      const s = seen.get(p.chain) ?? { start: false, end: false };
      if (p.type === 'session.start') s.start = true;
      if (p.type === 'session.end') s.end = true;
      seen.set(p.chain, s);
    }
    removed.push({
      segment: f.segment,
      name: f.name,
      firstLseq: first.lseq,
      lastLseq: last.lseq,
      lastHash: last.hash,
      firstAt: first.at,
      lastAt: last.at,
      records: parsed.length,
      bytes: buf.length,
      sha256: createHash('sha256').update(buf).digest('hex'),
    });
    records += parsed.length;
    prevHash = last.hash;
    prevLseq = last.lseq;
  }
  if (removed.length === 0 || !boundary) {
    return {
      cutoff,
      removed: [],
      records: 0,
      sessionsRemoved: [],
      sessionsTruncated: [],
      recordHash: undefined,
    };
  }
  const sessionsRemoved: string[] = [];
  const sessionsTruncated: string[] = [];
  for (const [id, s] of seen) (s.start && s.end ? sessionsRemoved : sessionsTruncated).push(id);
  sessionsRemoved.sort();
  sessionsTruncated.sort();
  const data = {
    olderThanDays: o.olderThanDays,
    cutoff,
    removed,
    boundary,
    records,
    sessionsRemoved,
    sessionsTruncated,
    reason: o.reason.slice(0, 1_000) || 'retention',
  };
  const recordHash = await new Promise<string>((resolve, reject) =>
    o.writer.enqueue({
      chain: SYSTEM_CHAIN.log,
      type: 'retention.applied',
      at: new Date(o.now()).toISOString(),
      data,
      durability: 'ack',
      size: 2_000 + 80 * (sessionsRemoved.length + sessionsTruncated.length) + 300 * removed.length,
      resolve: (s) => resolve(s.hash),
      reject,
    }),
  );
  await o.sink.removeSegments(removed.map((r) => r.segment));
  return { cutoff, removed, records, sessionsRemoved, sessionsTruncated, recordHash };
}

function parseChecked(line: string, where: string): Parsed {
  let v: Parsed;
  try {
    v = JSON.parse(line) as Parsed;
  } catch {
    throw corrupt(`${where} is not a record`);
  }
  if (recomputeHash(v as unknown as Record<string, unknown>) !== v.hash)
    throw corrupt(`${where} does not match its hash`);
  return v;
}
