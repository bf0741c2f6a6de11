/**
 * Collects the frames to send to one socket while a received chunk is processed, and
 * writes them together. Adjacent views into the same received buffer are merged back
 * into one view, so an untouched chunk goes out as the very bytes that came in, in one
 * write. `blocked` reports socket backpressure so the caller can pause its source.
 */
import type { Socket } from 'node:net';

export class OutputBatch {
  private parts: Buffer[] = [];
  private last: Buffer | undefined;
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

  add(bytes: Buffer): void {
    const last = this.last;
    if (last && last.buffer === bytes.buffer && last.byteOffset + last.length === bytes.byteOffset) {
      this.last = Buffer.from(last.buffer, last.byteOffset, last.length + bytes.length);
      return;
    }
    if (last) this.parts.push(last);
    this.last = bytes;
  }

  /** Writes what was collected; returns the number of bytes written. */
  flush(): number {
    const last = this.last;
    if (!last) return 0;
    this.last = undefined;
    let n = last.length;
    let ok: boolean;
    if (this.parts.length === 0) {
      this.onWrite?.(last);
      ok = this.dest.write(last);
    } else {
      this.parts.push(last);
      this.dest.cork();
      for (const p of this.parts) {
        n += p === last ? 0 : p.length;
        this.onWrite?.(p);
        this.dest.write(p);
      }
      this.parts = [];
      this.dest.uncork();
      ok = this.dest.writableLength < this.dest.writableHighWaterMark;
    }
    if (!ok) this.blocked = true;
    return n;
  }
}
