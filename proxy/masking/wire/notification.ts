/**
 * NotificationResponse ('A'): int32 process id of the notifying backend, channel name (C string),
 * payload (C string). `pg_notify(channel, payload)` can carry any value, PHI included.
 */
import { checkFrame, MalformedMessageError } from './wire-error.js';

const NOTIFICATION_RESPONSE = 0x41; // 'A'

const malformed = (problem: string) => new MalformedMessageError('NotificationResponse', problem);

export interface Notification {
  readonly processId: number;
  readonly channel: string;
  readonly payload: string;
}

function layout(frame: Buffer): { channelEnd: number; payloadEnd: number } {
  checkFrame(frame, NOTIFICATION_RESPONSE, 'NotificationResponse', 6);
  const channelEnd = frame.indexOf(0, 9);
  if (channelEnd < 0) throw malformed('unterminated channel name');
  const payloadEnd = frame.indexOf(0, channelEnd + 1);
  if (payloadEnd < 0) throw malformed('unterminated payload');
  if (payloadEnd !== frame.length - 1) throw malformed('trailing bytes after the payload');
  return { channelEnd, payloadEnd };
}

export function parseNotification(frame: Buffer): Notification {
  const { channelEnd, payloadEnd } = layout(frame);
  return {
    processId: frame.readInt32BE(5),
    channel: frame.toString('utf8', 9, channelEnd),
    payload: frame.toString('utf8', channelEnd + 1, payloadEnd),
  };
}

/**
 * Returns the notification with its channel and payload passed through `mask` (both are text
 * `pg_notify` takes from any expression, so both can carry a value; NUL characters are dropped,
 * since they are C strings); the same frame when neither changes.
 */
export function maskNotification(
  frame: Buffer,
  mask: (text: string, part: 'channel' | 'payload') => string,
): Buffer {
  const { channelEnd, payloadEnd } = layout(frame);
  const channel = frame.toString('utf8', 9, channelEnd);
  const payload = frame.toString('utf8', channelEnd + 1, payloadEnd);
  const maskedChannel = mask(channel, 'channel').replaceAll('\0', '');
  const maskedPayload = mask(payload, 'payload').replaceAll('\0', '');
  if (maskedChannel === channel && maskedPayload === payload) return frame;
  const c = Buffer.from(maskedChannel, 'utf8');
  const p = Buffer.from(maskedPayload, 'utf8');
  const out = Buffer.allocUnsafe(9 + c.length + 1 + p.length + 1);
  frame.copy(out, 0, 0, 9); // type, length (rewritten below), process id
  c.copy(out, 9);
  out[9 + c.length] = 0;
  p.copy(out, 10 + c.length);
  out[out.length - 1] = 0;
  out.writeInt32BE(out.length - 1, 1);
  return out;
}
