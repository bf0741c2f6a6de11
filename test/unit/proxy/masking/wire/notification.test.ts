import { describe, expect, it } from 'vitest';
import {
  MalformedMessageError,
  maskNotification,
  parseNotification,
} from '../../../../../proxy/masking/wire/index.js';
import { frame } from './frames.js';

const notification = (pid: number, channel: string, payload: string) => {
  const p = Buffer.alloc(4);
  p.writeInt32BE(pid);
  return frame('A', Buffer.concat([p, Buffer.from(`${channel}\0${payload}\0`, 'utf8')]));
};

describe('NotificationResponse', () => {
  it('parses pid, channel and payload', () => {
    expect(parseNotification(notification(4242, 'ch', 'ssn 123-45-6789'))).toEqual({
      processId: 4242,
      channel: 'ch',
      payload: 'ssn 123-45-6789',
    });
  });

  it('masks payload and channel, keeps the pid; same frame when unchanged', () => {
    const f = notification(7, 'patients', 'ssn 123-45-6789 ü');
    expect(maskNotification(f, (t) => t)).toBe(f);
    const seen: string[] = [];
    const ssn = (t: string, part: string) => {
      seen.push(`${part}:${t}`);
      return t.replace(/\d{3}-\d{2}-\d{4}/, '[SSN]');
    };
    expect(maskNotification(f, ssn)).toEqual(notification(7, 'patients', 'ssn [SSN] ü'));
    expect(seen).toEqual(['channel:patients', 'payload:ssn 123-45-6789 ü']);
    expect(maskNotification(notification(9, 'ch 123-45-6789', 'x'), ssn)).toEqual(
      notification(9, 'ch [SSN]', 'x'),
    );
    expect(maskNotification(notification(9, 'c', 'x'), () => '')).toEqual(notification(9, '', ''));
    expect(
      parseNotification(maskNotification(f, (t, part) => (part === 'payload' ? 'a\0b' : t))).payload,
    ).toBe('ab');
  });

  it.each([
    ['no payload terminator', frame('A', Buffer.from('\0\0\0\x01ch\0pay'))],
    ['no channel terminator', frame('A', Buffer.from('\0\0\0\x01ch'))],
    ['trailing bytes', frame('A', Buffer.from('\0\0\0\x01ch\0p\0x'))],
    ['too short', frame('A', Buffer.from('\0\0'))],
    ['wrong type', frame('N', Buffer.from('\0\0\0\x01ch\0p\0'))],
  ])('refuses a malformed notification: %s', (_name, bad) => {
    expect(() => maskNotification(bad, (p) => p)).toThrow(MalformedMessageError);
  });
});
