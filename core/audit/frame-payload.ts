/**
 * The packed form of a recording segment's frames (before base64):
 *   repeated { direction: u8 ('F' 0x46 frontend | 'B' 0x42 backend),
 *              offsetUs: u32 BE (microseconds since the segment's `originUs`),
 *              length: u32 BE, bytes: length octets }
 * Frames are in the order the gateway delivered them (both directions interleaved).
 */
export const FRAME_HEADER_BYTES = 9;
export const FRONTEND = 0x46;
export const BACKEND = 0x42;
/** Largest offset a frame header can hold (≈ 71.6 minutes): a segment is cut before it. */
export const MAX_OFFSET_US = 0xffff_ffff;

export type FrameDirection = 'frontend' | 'backend';

export interface RecordedFrame {
  readonly direction: FrameDirection;
  /** Epoch microseconds. */
  readonly atUs: number;
  readonly bytes: Buffer;
}

export class FramePayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramePayloadError';
  }
}

/** Decodes a packed payload; throws FramePayloadError on a malformed or truncated payload. */
export function decodeFrames(payload: Buffer, originUs: number): RecordedFrame[] {
  const frames: RecordedFrame[] = [];
  let o = 0;
  while (o < payload.length) {
    if (o + FRAME_HEADER_BYTES > payload.length)
      throw new FramePayloadError(`truncated frame header at ${o}`);
    const d = payload[o];
    if (d !== FRONTEND && d !== BACKEND) throw new FramePayloadError(`bad direction byte at ${o}`);
    const offset = payload.readUInt32BE(o + 1);
    const len = payload.readUInt32BE(o + 5);
    const start = o + FRAME_HEADER_BYTES;
    if (start + len > payload.length) throw new FramePayloadError(`truncated frame at ${o}`);
    frames.push({
      direction: d === FRONTEND ? 'frontend' : 'backend',
      atUs: originUs + offset,
      bytes: payload.subarray(start, start + len),
    });
    o = start + len;
  }
  return frames;
}
