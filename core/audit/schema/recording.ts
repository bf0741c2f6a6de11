import { z } from 'zod';
import { count, hashHex, isoTime, positive } from './common.js';

/**
 * `recording.segment`: a run of the frames exchanged with the client, as delivered (after
 * masking), in the session's chain. Segments also chain among themselves: `prevSegment` is the
 * `hash` of the session's previous `recording.segment` record (genesis zeros for the first).
 * `payload` is base64 of the frames packed as described in core/audit/frame-payload.ts.
 */
export const recordingSegmentSchema = z.strictObject({
  index: positive,
  prevSegment: hashHex,
  /** Epoch microseconds of the segment's time origin; frame times are offsets from it. */
  originUs: count,
  firstAt: isoTime,
  lastAt: isoTime,
  frames: count,
  /** Raw frame bytes in this segment (before packing). */
  bytes: count,
  /** Frontend password messages ('p') dropped, never stored. */
  droppedPasswordMessages: count.optional(),
  /** SHA-256 of the decoded payload, so the frames can be stored apart from the record (Azure sink). */
  payloadSha256: hashHex,
  payload: z.string(),
});
export type RecordingSegmentData = z.output<typeof recordingSegmentSchema>;
