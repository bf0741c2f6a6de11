/** NotificationResponse from PostgreSQL 18: `pg_notify` of PHI values, in the payload and in the channel name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../../../proxy/masking/detectors/index.js';
import { maskFreeText, methodResolver } from '../../../proxy/masking/methods/index.js';
import { maskNotification, parseNotification } from '../../../proxy/masking/wire/index.js';
import { createTestDatabase } from '../../helpers/upstream.js';
import { ofType, UpstreamFrames } from './upstream-frames.js';

let up: UpstreamFrames;
beforeAll(async () => {
  up = await UpstreamFrames.open(await createTestDatabase('masking_wire_notify'));
});
afterAll(() => up?.close());

describe('NotificationResponse from PostgreSQL', () => {
  it('masks a pg_notify payload and keeps channel and process id', async () => {
    const frames = await up.query(
      `listen "patient events"; select pg_notify('patient events', 'ssn 219-45-6789 for Maria Lopez, call (617) 555-0134')`,
    );
    const [raw] = ofType(frames, 'A');
    expect(raw).toBeDefined();
    const before = parseNotification(raw!);
    expect(before.payload).toBe('ssn 219-45-6789 for Maria Lopez, call (617) 555-0134');
    const detector = createDetector();
    const methodFor = methodResolver();
    const out = maskNotification(
      raw!,
      (text) => maskFreeText(text, detector.detect(text), methodFor, {}).text,
    );
    const after = parseNotification(out);
    expect(after).toEqual({
      processId: before.processId,
      channel: 'patient events',
      payload: 'ssn [SSN] for [PERSON_NAME], call [PHONE]',
    });
    expect(out.includes(Buffer.from('219-45-6789'))).toBe(false);
  });

  it('masks a channel name made from a value', async () => {
    const frames = await up.query(`listen "219-45-6789"; select pg_notify('219-45-6789', 'x')`);
    const [raw] = ofType(frames, 'A');
    expect(parseNotification(raw!).channel).toBe('219-45-6789');
    const out = maskNotification(raw!, (text) => text.replace(/\d{3}-\d{2}-\d{4}/, '[SSN]'));
    expect(parseNotification(out)).toMatchObject({ channel: '[SSN]', payload: 'x' });
  });
});
