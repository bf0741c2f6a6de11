import { BACKEND, FRAME_HEADER_BYTES, FRONTEND, MAX_OFFSET_US } from '../../core/audit/frame-payload.js';
import { sha256Hex } from '../../core/audit/seal.js';
import { base64Ascii } from './base64-ascii.js';
import { FrontendFramer } from './frontend-framer.js';

/** A cut segment, ready to become a `recording.segment` record (the writer adds index and link). */
export interface SegmentDraft {
  readonly originUs: number;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly frames: number;
  readonly bytes: number;
  readonly droppedPasswordMessages: number | undefined;
  readonly payloadSha256: string;
  /** The packed frames in base64, as ASCII bytes (base64-ascii.ts). */
  readonly payload: Buffer;
  /** Approximate record size for the writer's queue bound. */
  readonly size: number;
}

export interface RecorderOptions {
  /** Cut a segment when the packed frames reach this size. */
  readonly segmentBytes: number;
  /** Wall clock (epoch ms) at `originNs`. */
  readonly originMs: number;
  /** `process.hrtime.bigint()` at `originMs`. */
  readonly originNs: bigint;
  /** The frontend stream starts with the untyped startup packet. */
  readonly startup?: boolean;
}

const INITIAL = 4 * 1024;
const isoUs = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

/**
 * Records one session's frames as delivered, in order, with direction and time, and cuts them
 * into segments (at statement boundaries, at `segmentBytes`, and at the end). Every frame is
 * copied before `frame` returns (callers reuse their buffers). Memory per session is bounded
 * by `segmentBytes` plus one frame.
 */
export class SessionRecorder {
  readonly #o: RecorderOptions;
  readonly #framer: FrontendFramer;
  readonly #originWallUs: number;
  /** Packed frames of the open segment; reused after each cut (grown as needed, shrunk back). */
  #buf: Buffer = Buffer.allocUnsafe(INITIAL);
  #fill = 0;
  #frames = 0;
  #bytes = 0;
  #segOrigin = 0;
  #lastUs = 0;
  #droppedBefore = 0;
  totalFrames = 0;

  constructor(o: RecorderOptions) {
    this.#o = o;
    this.#framer = new FrontendFramer({ startup: o.startup ?? false });
    this.#originWallUs = o.originMs * 1000;
  }

  /** Adds a frame; returns a full segment when this frame filled one. */
  frame(direction: 'frontend' | 'backend', bytes: Uint8Array, at?: bigint): SegmentDraft | undefined {
    const ns = at ?? process.hrtime.bigint();
    const us = this.#originWallUs + Number((ns - this.#o.originNs) / 1000n);
    let cut: SegmentDraft | undefined;
    if (this.#frames > 0 && us - this.#segOrigin > MAX_OFFSET_US) cut = this.cut();
    if (direction === 'backend') this.#append(BACKEND, us, bytes);
    else this.#framer.push(bytes, (slice) => this.#append(FRONTEND, us, slice));
    if (this.#fill >= this.#o.segmentBytes) return this.cut() ?? cut;
    return cut;
  }

  /** Microseconds since the open segment's first frame (0 when nothing is buffered). */
  openAgeUs(): number {
    if (this.#frames === 0) return 0;
    return (
      this.#originWallUs + Number((process.hrtime.bigint() - this.#o.originNs) / 1000n) - this.#segOrigin
    );
  }

  /** Cuts what is buffered into a segment; undefined when nothing was recorded since the last cut. */
  cut(): SegmentDraft | undefined {
    const dropped = this.#framer.dropped - this.#droppedBefore;
    if (this.#frames === 0 && dropped === 0) return undefined;
    this.#droppedBefore = this.#framer.dropped;
    const payload = this.#buf.subarray(0, this.#fill);
    const b64 = base64Ascii(payload);
    const draft: SegmentDraft = {
      originUs: this.#segOrigin,
      firstAt: isoUs(this.#segOrigin),
      lastAt: isoUs(this.#lastUs || this.#segOrigin),
      frames: this.#frames,
      bytes: this.#bytes,
      droppedPasswordMessages: dropped > 0 ? dropped : undefined,
      payloadSha256: sha256Hex(payload),
      payload: b64,
      size: b64.length + 400,
    };
    if (this.#buf.length > 2 * this.#o.segmentBytes) this.#buf = Buffer.allocUnsafe(INITIAL);
    this.#fill = 0;
    this.#frames = 0;
    this.#bytes = 0;
    this.#lastUs = 0;
    return draft;
  }

  #append(direction: number, us: number, bytes: Uint8Array): void {
    if (this.#frames === 0) this.#segOrigin = us;
    const need = FRAME_HEADER_BYTES + bytes.length;
    if (this.#buf.length - this.#fill < need) {
      const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#fill + need));
      this.#buf.copy(grown, 0, 0, this.#fill);
      this.#buf = grown;
    }
    const b = this.#buf;
    let o = this.#fill;
    b[o] = direction;
    b.writeUInt32BE(Math.max(0, us - this.#segOrigin), o + 1);
    b.writeUInt32BE(bytes.length, o + 5);
    o += FRAME_HEADER_BYTES;
    b.set(bytes, o);
    this.#fill = o + bytes.length;
    this.#frames++;
    this.totalFrames++;
    this.#bytes += bytes.length;
    this.#lastUs = us;
  }
}
