/**
 * Reads from the upstream socket into a few reusable buffers (net `onread`), so streaming a
 * large result does not allocate a fresh 64 KiB buffer per read and leave it to the garbage
 * collector (small JS objects holding big external buffers let RSS balloon before a GC).
 *
 * A buffer is handed out again only once nobody holds on to it: the relay `lend()`s the
 * current buffer while its bytes sit in the client socket's write queue and gives it back
 * from the write callback; meanwhile reads go to another buffer from a small free list.
 * Whoever keeps bytes past the read callback (partial frames, recordings) must copy them.
 */
const READ_SIZE = 64 * 1024;
/** Buffers kept for reuse; more than this in flight means the client is far behind (paused anyway). */
const POOL = 4;

export class ReusableReads {
  private current: Buffer = Buffer.allocUnsafe(READ_SIZE);
  private lent = false;
  private readonly free: Buffer[] = [];
  /** Receives each chunk; the chunk is only valid during the call. */
  handler: (chunk: Buffer) => void = () => undefined;

  /** `onread.buffer`: called by Node before every read. */
  readonly next = (): Buffer => {
    if (this.lent) {
      this.current = this.free.pop() ?? Buffer.allocUnsafe(READ_SIZE);
      this.lent = false;
    }
    return this.current;
  };

  /** `onread.callback`. */
  readonly callback = (n: number, buf: Uint8Array): boolean => {
    this.handler(Buffer.from(buf.buffer, buf.byteOffset, n));
    return true;
  };

  /** The current buffer's bytes are referenced by a pending write; call the result when it is done. */
  lend(): () => void {
    const buffer = this.current;
    this.lent = true;
    let returned = false;
    return () => {
      if (returned) return;
      returned = true;
      if (buffer === this.current) this.lent = false;
      else if (this.free.length < POOL) this.free.push(buffer);
    };
  }
}
