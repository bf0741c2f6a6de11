/**
 * Splits the frontend byte stream into messages (type byte + int32 length) across arbitrary
 * chunk boundaries and drops every password-family message ('p': PasswordMessage, SASL and GSS
 * responses) before anything is stored: the token an agent sends as its password never reaches
 * a recording, however the caller slices the stream.
 *
 * Expects the stream to start at a message boundary after the startup packet (the gateway opens
 * the audit session after authentication). `startup: true` also accepts the untyped startup
 * packet first (length-prefixed, no type byte).
 */
export const PASSWORD_MESSAGE = 0x70; // 'p'

export class FrontendFramer {
  #header = Buffer.alloc(5);
  #headerFill = 0;
  /** Bytes left in the current message body. */
  #remaining = 0;
  #dropping = false;
  #startup: boolean;
  dropped = 0;

  constructor(opts: { startup?: boolean } = {}) {
    this.#startup = opts.startup ?? false;
  }

  /**
   * Calls `keep` with the runs of `chunk` to store: consecutive kept messages come out as one
   * slice (a view into `chunk`, or into an internal header buffer: copy before returning).
   */
  push(chunk: Uint8Array, keep: (slice: Uint8Array) => void): void {
    let o = 0;
    let run = -1;
    const flush = (end: number) => {
      if (run >= 0 && end > run) keep(chunk.subarray(run, end));
      run = -1;
    };
    while (o < chunk.length) {
      if (this.#remaining > 0) {
        const n = Math.min(this.#remaining, chunk.length - o);
        if (this.#dropping) flush(o);
        else if (run < 0) run = o;
        this.#remaining -= n;
        o += n;
        continue;
      }
      const size = this.#startup ? 4 : 5;
      if (this.#headerFill === 0 && chunk.length - o >= size) {
        // Whole header inside this chunk.
        const start = o;
        this.#parse(chunk, o);
        o += size;
        if (this.#dropping) flush(start);
        else if (run < 0) run = start;
        continue;
      }
      // Header split across chunks: gather it, then emit a copy if kept.
      flush(o);
      const n = Math.min(size - this.#headerFill, chunk.length - o);
      this.#header.set(chunk.subarray(o, o + n), this.#headerFill);
      this.#headerFill += n;
      o += n;
      if (this.#headerFill < size) break;
      this.#headerFill = 0;
      this.#parse(this.#header, 0);
      if (!this.#dropping) keep(this.#header.subarray(0, size));
    }
    flush(o);
  }

  #parse(buf: Uint8Array, at: number): void {
    const view = Buffer.from(buf.buffer, buf.byteOffset + at, this.#startup ? 4 : 5);
    if (this.#startup) {
      // Untyped startup packet: int32 length includes itself.
      this.#startup = false;
      this.#remaining = Math.max(0, view.readInt32BE(0) - 4);
      this.#dropping = false;
      return;
    }
    this.#remaining = Math.max(0, view.readInt32BE(1) - 4);
    this.#dropping = view[0] === PASSWORD_MESSAGE;
    if (this.#dropping) this.dropped++;
  }
}
