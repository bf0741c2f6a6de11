/**
 * What the COPY masker needs from each COPY format (text, CSV, binary): where a unit (a row, or
 * binary's header and trailer) ends, and how to mask one complete unit.
 */
import type { ByteRuns } from './copy-buffers.js';
import type { CellTransform } from './data-row.js';

export interface CopyRowFormat {
  /**
   * Continues scanning at buf[from, to) for the end of the current unit; returns the index just
   * past it, or -1 when the unit goes on past `to` (the scan state is kept for the next bytes).
   */
  scan(buf: Buffer, from: number, to: number): number;
  /** Masks the complete unit buf[start, end) (the one `scan` just ended) into `runs`. */
  mask(buf: Buffer, start: number, end: number, runs: ByteRuns): void;
  /** True when the data may end here (between units; binary: after the trailer). */
  complete(): boolean;
}

export type CopyColumns = readonly (CellTransform | undefined)[];

/** True when a[start, end) holds exactly the bytes of `b`. */
export function bytesEqual(a: Buffer, start: number, end: number, b: Buffer): boolean {
  if (end - start !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[start + i] !== b[i]) return false;
  return true;
}
