import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface SegmentContent {
  /** Complete lines (without their newline). */
  readonly lines: string[];
  /** Bytes after the last newline (before any zero padding): an incomplete final write. */
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

/**
 * Splits a log file's bytes. Trailing NUL bytes are preallocated space (the writer extends its
 * file with zeros ahead of the data so a flush need not commit a size change): not content.
 */
export function splitSegment(buf: Buffer): SegmentContent {
  let dataEnd = buf.length;
  while (dataEnd > 0 && buf[dataEnd - 1] === 0) dataEnd--;
  const end = dataEnd === 0 ? 0 : buf.lastIndexOf(0x0a, dataEnd - 1) + 1;
  const tail = buf.subarray(end, dataEnd);
  const text = buf.toString('utf8', 0, end);
  const lines = end === 0 ? [] : text.slice(0, -1).split('\n');
  return {
    lines,
    tornBytes: tail.length,
    tornSha256: tail.length ? createHash('sha256').update(tail).digest('hex') : undefined,
    completeBytes: end,
  };
}
