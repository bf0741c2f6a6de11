import { readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The embedded file sink's directory:
 *   <dir>/log/segment-000001.jsonl   append-only JSON Lines, one record per line
 *   <dir>/head.json                  last acknowledged record (lseq, hash), rewritten after each batch
 *   <dir>/writer.lock                pid of the process that holds the log
 */
export const LOG_SUBDIR = 'log';
export const HEAD_FILE = 'head.json';
export const LOCK_FILE = 'writer.lock';
const SEGMENT_RE = /^segment-(\d{6,})\.jsonl$/;

export const segmentName = (n: number): string => `segment-${String(n).padStart(6, '0')}.jsonl`;
export const logDir = (dir: string): string => join(dir, LOG_SUBDIR);
export const segmentPath = (dir: string, n: number): string => join(dir, LOG_SUBDIR, segmentName(n));
export const headPath = (dir: string): string => join(dir, HEAD_FILE);
export const lockPath = (dir: string): string => join(dir, LOCK_FILE);

/** The audit directory for a config value (`audit.dir`) and a data dir. */
export function auditDir(dataDir: string, configured: string | undefined): string {
  if (!configured) return resolve(dataDir, 'audit');
  return isAbsolute(configured) ? configured : resolve(dataDir, configured);
}

export interface SegmentFile {
  readonly segment: number;
  readonly name: string;
  readonly path: string;
}

/** Segment files in order; an absent log directory is an empty log. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  let names: string[];
  try {
    names = await readdir(logDir(dir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: SegmentFile[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (m) out.push({ segment: Number(m[1]), name, path: join(logDir(dir), name) });
  }
  return out.sort((a, b) => a.segment - b.segment);
}
