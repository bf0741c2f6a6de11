import { open } from 'node:fs/promises';
import type { AuditRecord } from '../../../core/audit/schema/record.js';
import { type LogHead, LogVerifier, type VerifyReport } from '../../../core/audit/verify/log-verifier.js';
import { readHead } from './head-file.js';
import { listSegments, type SegmentFile } from './layout.js';
import { readSegment } from './segment-file.js';
import { liveWriter } from './writer-lock.js';

export interface ReadLogOptions {
  /** Only files whose records may fall in this window (epoch ms); verification then starts at a checkpoint. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly onRecord?: (record: AuditRecord, place: { file: string; line: number }) => void;
  readonly maxProblems?: number;
}

export interface ReadLogResult {
  readonly report: VerifyReport;
  readonly writerPid: number | undefined;
  readonly files: readonly SegmentFile[];
  /** True when only part of the log was read (a time window). */
  readonly partial: boolean;
}

/**
 * Reads (and verifies, in the same pass) the file sink's log. The head is read before the files,
 * so a live writer only ever makes the log longer than the head, never shorter.
 */
export async function readLog(dir: string, opts: ReadLogOptions = {}): Promise<ReadLogResult> {
  const head: LogHead | undefined = await readHead(dir);
  const writerPid = await liveWriter(dir);
  const all = await listSegments(dir);
  let files = all;
  let partial = false;
  if (opts.from !== undefined || opts.to !== undefined) {
    files = await selectWindow(all, opts.from, opts.to);
    partial = files.length !== all.length;
  }
  let startAfter: { lseq: number; hash: string } | undefined;
  const firstIdx = files[0] ? all.indexOf(files[0]) : 0;
  if (partial && firstIdx > 0) {
    const before = await readSegment((all[firstIdx - 1] as SegmentFile).path);
    const last = before.lines.at(-1);
    const v = last ? (JSON.parse(last) as { lseq?: number; hash?: string }) : {};
    startAfter = { lseq: v.lseq ?? 0, hash: v.hash ?? '' };
  }
  const verifier = new LogVerifier({
    head,
    writerLive: writerPid !== undefined,
    range: partial,
    startAfter,
    onRecord: opts.onRecord,
    maxProblems: opts.maxProblems,
  });
  for (let i = 0; i < files.length; i++) {
    const f = files[i] as SegmentFile;
    const content = await readSegment(f.path);
    verifier.beginSegment(f.segment, f.name);
    for (const line of content.lines) verifier.line(line);
    verifier.endSegment(content.tornBytes);
  }
  return { report: verifier.finish(), writerPid, files, partial };
}

/**
 * Files that can hold records in [from, to]: a file covers the time from its first record to
 * the first record of the next file. The range verification links the first chosen file to the
 * last record of the file before it (checked by the caller through `lprev`).
 */
async function selectWindow(all: readonly SegmentFile[], from?: number, to?: number): Promise<SegmentFile[]> {
  const starts: number[] = [];
  for (const f of all) starts.push(await firstRecordTime(f));
  const out: SegmentFile[] = [];
  for (let i = 0; i < all.length; i++) {
    const start = starts[i] as number;
    const end = i + 1 < all.length ? (starts[i + 1] as number) : Number.POSITIVE_INFINITY;
    if (to !== undefined && start > to) continue;
    if (from !== undefined && end < from) continue;
    out.push(all[i] as SegmentFile);
  }
  return out;
}

async function firstRecordTime(f: SegmentFile): Promise<number> {
  const fh = await open(f.path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    const m = /"at":"([^"]+)"/.exec(buf.toString('utf8', 0, bytesRead));
    const t = m ? Date.parse(m[1] as string) : Number.NaN;
    return Number.isFinite(t) ? t : 0;
  } finally {
    await fh.close();
  }
}
