import { readFile } from 'node:fs/promises';
import type { LogHead } from '../../../core/audit/verify/log-verifier.js';
import { headPath } from './layout.js';

/** The head file is rewritten in place at this fixed size (padded), so a reader never sees half of two versions. */
export const HEAD_BYTES = 256;

export function encodeHead(head: LogHead): Buffer {
  const json = JSON.stringify({ segment: head.segment, lseq: head.lseq, hash: head.hash, at: head.at });
  const buf = Buffer.alloc(HEAD_BYTES, 0x20);
  buf.write(json, 0, 'utf8');
  buf[HEAD_BYTES - 1] = 0x0a;
  return buf;
}

/** The published head, or undefined when there is none (or it is unreadable). */
export async function readHead(dir: string): Promise<LogHead | undefined> {
  let text: string;
  try {
    text = await readFile(headPath(dir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const v = JSON.parse(text.trim()) as Partial<LogHead>;
    if (
      typeof v.segment === 'number' &&
      typeof v.lseq === 'number' &&
      typeof v.hash === 'string' &&
      typeof v.at === 'string'
    ) {
      return { segment: v.segment, lseq: v.lseq, hash: v.hash, at: v.at };
    }
  } catch {
    // fall through: an unreadable head is reported as missing
  }
  return undefined;
}
