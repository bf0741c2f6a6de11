import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../../../core/audit/frame-payload.js';
import { SessionRecorder } from '../../../../proxy/recording/session-recorder.js';

const originMs = Date.parse('2026-02-01T12:00:00.000Z');
const originNs = 1_000_000_000_000n;
const at = (ms: number) => originNs + BigInt(Math.round(ms * 1e6));

describe('session recorder', () => {
  it('records frames in order with direction and time; a cut segment decodes back to them', () => {
    const r = new SessionRecorder({ segmentBytes: 1 << 20, originMs, originNs });
    const q = Buffer.from('Q\0\0\0\x0dselect 1\0');
    const c = Buffer.from('C\0\0\0\x0dSELECT 1\0');
    r.frame('frontend', q, at(1.5));
    const reused = Buffer.from(c);
    r.frame('backend', reused, at(2.25));
    reused.fill(0); // the caller reuses its buffer: the recording must have copied it
    const seg = r.cut()!;
    const payload = Buffer.from(seg.payload.toString('latin1'), 'base64');
    expect(seg.payloadSha256).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(seg).toMatchObject({
      frames: 2,
      bytes: q.length + c.length,
      firstAt: '2026-02-01T12:00:00.001Z',
      lastAt: '2026-02-01T12:00:00.002Z',
    });
    const frames = decodeFrames(payload, seg.originUs);
    expect(frames.map((f) => [f.direction, f.atUs - originMs * 1000, f.bytes.toString('latin1')])).toEqual([
      ['frontend', 1500, q.toString('latin1')],
      ['backend', 2250, c.toString('latin1')],
    ]);
    expect(r.cut()).toBeUndefined();
  });

  it('cuts a segment when it reaches segmentBytes, so memory stays bounded', () => {
    const r = new SessionRecorder({ segmentBytes: 4096, originMs, originNs });
    const row = Buffer.alloc(1000, 0x44);
    const cuts = [];
    for (let i = 0; i < 20; i++) {
      const s = r.frame('backend', row, at(i));
      if (s) cuts.push(s);
    }
    expect(cuts.length).toBe(4);
    for (const s of cuts) expect(s.frames).toBe(5);
    expect(r.cut()).toBeUndefined(); // 20 frames = 4 full segments, nothing left
  });

  it('counts dropped password messages without storing them', () => {
    const r = new SessionRecorder({ segmentBytes: 1 << 20, originMs, originNs });
    const p = Buffer.concat([Buffer.from('p\0\0\0\x0b'), Buffer.from('secret\0')]);
    r.frame('frontend', p, at(1));
    const seg = r.cut()!;
    expect(seg.droppedPasswordMessages).toBe(1);
    expect(seg.frames).toBe(0);
    expect(Buffer.from(seg.payload.toString('latin1'), 'base64').length).toBe(0);
  });
});
