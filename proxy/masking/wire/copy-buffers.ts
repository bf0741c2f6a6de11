/**
 * The two buffers of the COPY masker: `ByteRuns` collects the output of one CopyData message as
 * ranges of input bytes and replacement values, then writes them into one new frame;
 * `RowCarry` holds the start of a row that the next CopyData message finishes.
 */
import { copyBytes, putInt32 } from './bytes.js';
import { MalformedMessageError } from './wire-error.js';

const MAX_FRAME = 0x7fffffff;

export class ByteRuns {
  private readonly bufs: Buffer[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private count = 0;
  size = 0;

  reset(): void {
    for (let i = 0; i < this.count; i++) this.bufs[i] = EMPTY;
    this.count = 0;
    this.size = 0;
  }

  /** Appends buf[start, end); a range that continues the previous one merges with it. */
  push(buf: Buffer, start: number, end: number): void {
    if (end <= start) return;
    const last = this.count - 1;
    if (last >= 0 && this.bufs[last] === buf && this.ends[last] === start) {
      this.ends[last] = end;
    } else {
      this.bufs[this.count] = buf;
      this.starts[this.count] = start;
      this.ends[this.count] = end;
      this.count++;
    }
    this.size += end - start;
  }

  /** Appends a big-endian int32 (a binary COPY field length) without allocating a buffer for it. */
  pushInt32(value: number): void {
    this.bufs[this.count] = INT32;
    this.starts[this.count] = value;
    this.ends[this.count] = 0;
    this.count++;
    this.size += 4;
  }

  /** True when the output is exactly buf[start, end) (nothing was replaced). */
  isExactly(buf: Buffer, start: number, end: number): boolean {
    if (this.count === 0) return start === end;
    return this.count === 1 && this.bufs[0] === buf && this.starts[0] === start && this.ends[0] === end;
  }

  /** A new message `type, int32 length, runs...` (one allocation). */
  toFrame(type: number): Buffer {
    if (this.size + 4 > MAX_FRAME)
      throw new MalformedMessageError('CopyData', 'masked data exceeds the maximum message size');
    const out = Buffer.allocUnsafe(5 + this.size);
    out[0] = type;
    putInt32(out, 1, 4 + this.size);
    let dst = 5;
    for (let i = 0; i < this.count; i++) {
      const buf = this.bufs[i]!;
      if (buf === INT32) {
        putInt32(out, dst, this.starts[i]!);
        dst += 4;
      } else dst += copyBytes(buf, out, dst, this.starts[i]!, this.ends[i]!);
    }
    return out;
  }
}

/** A growable buffer (capacity doubles, so a row split over many messages is copied O(n) times in total). */
export class RowCarry {
  private buf: Buffer = EMPTY;
  length = 0;

  constructor(private readonly maxBytes: number) {}

  append(src: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    const need = this.length + n;
    if (need > this.maxBytes)
      throw new MalformedMessageError('CopyData', 'a row exceeds the maximum row size');
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(need, this.buf.length * 2, 256)));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    src.copy(this.buf, this.length, start, end);
    this.length = need;
  }

  /** The carried bytes; valid until the next append or clear. */
  get bytes(): Buffer {
    return this.buf;
  }

  /** Forgets the bytes; a large buffer is dropped rather than kept for the rest of the COPY. */
  clear(): void {
    this.length = 0;
    if (this.buf.length > 1 << 20) this.buf = EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);
/** Marks a run that is an int32 value (held in `starts`) rather than bytes of a buffer. */
const INT32 = Buffer.alloc(0);
