import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface SegmentContent {
  /** Complete lines (without their newline). */
  readonly lines: string[];
  /** Bytes after the last newline: an incomplete final write. */
  readonly tornBytes: number;
  readonly tornSha256: string | undefined;
  /** Byte length of the complete lines (where a torn tail is cut). */
  readonly completeBytes: number;
}

/** Reads one log file and splits it into complete lines and an incomplete tail. */
export async function readSegment(path: string): Promise<SegmentContent> {
  const buf = await readFile(path);
  return splitSegment(buf);
}

export function splitSegment(buf: Buffer): SegmentContent {
  const end = buf.lastIndexOf(0x0a) + 1;
  const tail = buf.subarray(end);
  const text = buf.toString('utf8', 0, end);
  const lines = end === 0 ? [] : text.slice(0, -1).split('\n');
  return {
    lines,
    tornBytes: tail.length,
    tornSha256: tail.length ? createHash('sha256').update(tail).digest('hex') : undefined,
    completeBytes: end,
  };
}
