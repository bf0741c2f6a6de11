/**
 * Collects the frames to send to one socket while a received chunk is processed, and
 * writes them together. Frames are given as ranges of the buffer they arrived in; adjacent
 * ranges of the same buffer merge, so an untouched chunk goes out as the very bytes that
 * came in, in one write, without allocating per frame. `blocked` reports socket
 * backpressure so the caller can pause its source.
 */
import type { Socket } from 'node:net';

export class OutputBatch {
  private readonly parts: Buffer[] = [];
  private cur: Buffer | undefined;
  private curStart = 0;
  private curEnd = 0;
  blocked = false;

  constructor(
    private readonly dest: Socket,
    private readonly onDrain: () => void,
    private readonly onWrite?: (bytes: Buffer) => void,
  ) {
    dest.on('drain', () => {
      this.blocked = false;
      this.onDrain();
    });
  }

  /** Adds `buf[start, end)`. */
  addRange(buf: Buffer, start: number, end: number): void {
    if (this.cur === buf && this.curEnd === start) {
      this.curEnd = end;
      return;
    }
    this.close();
    this.cur = buf;
    this.curStart = start;
    this.curEnd = end;
  }

  /**
   * Adds `bytes`. A view that continues the current range in memory (the next frame of the
   * same received chunk, each handed over as its own view) extends it: sending the span is
   * sending both, and it leaves as one part instead of an iovec per frame.
   */
  add(bytes: Buffer): void {
    const cur = this.cur;
    if (
      cur !== undefined &&
      cur.buffer === bytes.buffer &&
      cur.byteOffset + this.curEnd === bytes.byteOffset &&
      bytes.length > 0
    ) {
      const from = cur.byteOffset + this.curStart;
      this.cur = Buffer.from(cur.buffer, from, this.curEnd - this.curStart + bytes.length);
      this.curStart = 0;
      this.curEnd = this.cur.length;
      return;
    }
    this.addRange(bytes, 0, bytes.length);
  }

  private close(): void {
    const cur = this.cur;
    if (!cur) return;
    this.parts.push(
      this.curStart === 0 && this.curEnd === cur.length ? cur : cur.subarray(this.curStart, this.curEnd),
    );
    this.cur = undefined;
  }

  /** Bytes collected and not yet written. */
  get pendingBytes(): number {
    let n = this.cur ? this.curEnd - this.curStart : 0;
    for (const p of this.parts) n += p.length;
    return n;
  }

  /** Drops what was collected (nothing of it may be sent). */
  discard(): void {
    this.cur = undefined;
    this.parts.length = 0;
  }

  /**
   * Writes what was collected; returns the number of bytes written. `written` is called once
   * the socket is done with these bytes (at once when there was nothing to write).
   */
  flush(written?: () => void): number {
    this.close();
    const parts = this.parts;
    if (parts.length === 0) {
      written?.();
      return 0;
    }
    let n = 0;
    if (parts.length === 1) {
      const only = parts[0]!;
      n = only.length;
      this.onWrite?.(only);
      if (!this.dest.write(only, written)) this.blocked = true;
    } else {
      this.dest.cork();
      const last = parts.length - 1;
      for (let i = 0; i <= last; i++) {
        const p = parts[i]!;
        n += p.length;
        this.onWrite?.(p);
        this.dest.write(p, i === last ? written : undefined);
      }
      this.dest.uncork();
      if (this.dest.writableLength >= this.dest.writableHighWaterMark) this.blocked = true;
    }
    parts.length = 0;
    return n;
  }
}
