/**
 * Incremental splitter for PostgreSQL protocol frames.
 *
 * A typed frame is `type:u8, length:i32 (includes itself), body`. Startup-phase packets
 * have no type byte: `length:i32, body`. The reader keeps unconsumed bytes and hands out
 * complete frames as views into the received chunk whenever a frame lies inside one chunk
 * (the common case: no copy); frames that straddle chunks are assembled once.
 *
 * Frames longer than `streamThreshold` can be taken in pieces (`takeStreamPiece`) so a
 * relay can pass large CopyData/DataRow frames through without buffering them whole.
 */
export interface Frame {
  /** Message type byte (0 for untyped startup packets). */
  readonly type: number;
  /** The whole frame including the type byte and length word. */
  readonly bytes: Buffer;
  /** Offset of the body inside `bytes` (5 for typed, 4 for untyped frames). */
  readonly bodyOffset: number;
}

export type ReadResult =
  | { readonly kind: 'frame'; readonly frame: Frame }
  | { readonly kind: 'need-more' }
  | { readonly kind: 'too-large'; readonly type: number; readonly length: number }
  | { readonly kind: 'bad-length'; readonly type: number; readonly length: number };

/** Results of `advance()` (the allocation-free reading used on hot paths). */
export const ADVANCE = { needMore: 0, frame: 1, invalid: 2 } as const;

export class FrameReader {
  /** After `advance()` returned ADVANCE.frame: the frame's type byte and where its bytes are. */
  type = 0;
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Offset into chunks[0] of the first unconsumed byte. */
  private head = 0;

  constructor(
    private readonly maxFrameBytes: number,
    private typed = true,
  ) {}

  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Startup packets are untyped; after startup the protocol switches to typed frames. */
  setTyped(typed: boolean): void {
    this.typed = typed;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Returns the next complete frame, or why there is none. */
  next(): ReadResult {
    const headerSize = this.typed ? 5 : 4;
    if (this.buffered < headerSize) return NEED_MORE;
    const first = this.chunks[0]!;
    let type = 0;
    let length: number;
    if (first.length - this.head >= headerSize) {
      type = this.typed ? first[this.head]! : 0;
      length = first.readInt32BE(this.head + (this.typed ? 1 : 0));
    } else {
      const header = this.peek(headerSize);
      type = this.typed ? header[0]! : 0;
      length = header.readInt32BE(this.typed ? 1 : 0);
    }
    // The length word counts itself: a typed frame's length is >= 4, a startup packet's >= 8.
    if (length < (this.typed ? 4 : 8)) return { kind: 'bad-length', type, length };
    const total = length + (this.typed ? 1 : 0);
    if (total > this.maxFrameBytes) return { kind: 'too-large', type, length };
    if (this.buffered < total) return NEED_MORE;
    const bytes = this.take(total);
    return { kind: 'frame', frame: { type, bytes, bodyOffset: headerSize } };
  }

  /**
   * Like `next()`, without allocating: on ADVANCE.frame the frame is `buf[start, end)` (a range
   * of the received chunk when it lies inside one, else an assembled buffer) and `type` is set.
   * ADVANCE.invalid covers bad and too-large lengths. Typed frames only.
   */
  advance(): number {
    if (this.buffered < 5) return ADVANCE.needMore;
    const first = this.chunks[0]!;
    const head = this.head;
    let type: number;
    let length: number;
    if (first.length - head >= 5) {
      type = first[head]!;
      length = first.readInt32BE(head + 1);
    } else {
      const header = this.peek(5);
      type = header[0]!;
      length = header.readInt32BE(1);
    }
    if (length < 4 || length + 1 > this.maxFrameBytes) return ADVANCE.invalid;
    const total = length + 1;
    if (this.buffered < total) return ADVANCE.needMore;
    this.type = type;
    if (first.length - head >= total) {
      this.buf = first;
      this.start = head;
      this.end = head + total;
      this.head += total;
      this.buffered -= total;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
    } else {
      this.buf = this.take(total);
      this.start = 0;
      this.end = total;
    }
    return ADVANCE.frame;
  }

  /** Peeks the type byte and declared length of the next frame without consuming it. */
  peekHeader(): { type: number; total: number } | undefined {
    if (!this.typed || this.buffered < 5) return undefined;
    const header = this.peek(5);
    return { type: header[0]!, total: header.readInt32BE(1) + 1 };
  }

  /** Removes and returns up to `max` buffered bytes (for streaming a large frame through). */
  takeStreamPiece(max: number): Buffer {
    return this.take(Math.min(max, this.buffered));
  }

  /**
   * The caller is about to reuse `chunk`'s memory (reads into a reusable buffer): if part of
   * it is still buffered (a partial frame), keep a copy of that part instead. Only the chunk
   * just pushed can be borrowed, so earlier partial data is never copied twice.
   */
  release(chunk: Buffer): void {
    const last = this.chunks.length - 1;
    if (last < 0 || this.chunks[last] !== chunk) return;
    if (last === 0) {
      this.chunks[0] = Buffer.from(chunk.subarray(this.head));
      this.head = 0;
    } else {
      this.chunks[last] = Buffer.from(chunk);
    }
  }

  /** Everything still buffered (used when the connection is handed over, e.g. TLS). */
  drain(): Buffer {
    return this.take(this.buffered);
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    let offset = this.head;
    for (const chunk of this.chunks) {
      copied += chunk.copy(out, copied, offset, Math.min(chunk.length, offset + n - copied));
      offset = 0;
      if (copied === n) break;
    }
    return out;
  }

  private take(n: number): Buffer {
    if (n === 0) return EMPTY;
    const first = this.chunks[0]!;
    const available = first.length - this.head;
    let out: Buffer;
    if (available >= n) {
      out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
    } else {
      out = Buffer.allocUnsafe(n);
      let copied = 0;
      while (copied < n) {
        const chunk = this.chunks[0]!;
        const want = Math.min(n - copied, chunk.length - this.head);
        chunk.copy(out, copied, this.head, this.head + want);
        copied += want;
        this.head += want;
        if (this.head === chunk.length) {
          this.chunks.shift();
          this.head = 0;
        }
      }
    }
    this.buffered -= n;
    return out;
  }
}

const NEED_MORE: ReadResult = { kind: 'need-more' };
const EMPTY = Buffer.alloc(0);
