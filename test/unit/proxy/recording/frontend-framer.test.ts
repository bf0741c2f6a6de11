import { describe, expect, it } from 'vitest';
import { FrontendFramer } from '../../../../proxy/recording/frontend-framer.js';

const msg = (type: string, body: string | Buffer) => {
  const b = typeof body === 'string' ? Buffer.from(`${body}\0`) : body;
  const out = Buffer.alloc(5 + b.length);
  out.write(type, 0);
  out.writeInt32BE(4 + b.length, 1);
  b.copy(out, 5);
  return out;
};

function run(framer: FrontendFramer, chunks: Buffer[]): Buffer {
  const kept: Buffer[] = [];
  for (const c of chunks) framer.push(c, (s) => kept.push(Buffer.from(s)));
  return Buffer.concat(kept);
}

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  out.push(buf.subarray(prev));
  return out;
}

const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl';

describe('frontend framer', () => {
  it('keeps every message except password-family ones, whole', () => {
    const q = msg('Q', 'select 1');
    const p = msg('p', TOKEN);
    const sasl = msg('p', Buffer.from(`SCRAM-SHA-256\0\0\0\0\x20n,,n=,r=${TOKEN}`));
    const x = msg('X', Buffer.alloc(0));
    const f = new FrontendFramer();
    const kept = run(f, [Buffer.concat([q, p, sasl, x])]);
    expect(kept).toEqual(Buffer.concat([q, x]));
    expect(f.dropped).toBe(2);
  });

  it('drops the token however the stream is cut (every split point, and 500 random multi-cuts)', () => {
    const stream = Buffer.concat([
      msg('Q', 'select 1'),
      msg('p', TOKEN),
      msg('P', Buffer.from('s1\0select $1\0\0\0')),
      msg('S', Buffer.alloc(0)),
    ]);
    const expected = Buffer.concat([
      msg('Q', 'select 1'),
      msg('P', Buffer.from('s1\0select $1\0\0\0')),
      msg('S', Buffer.alloc(0)),
    ]);
    for (let i = 0; i <= stream.length; i++) {
      const kept = run(new FrontendFramer(), splitAt(stream, [i]));
      expect(kept.equals(expected), `split at ${i}`).toBe(true);
    }
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    for (let k = 0; k < 500; k++) {
      const cuts = Array.from({ length: 1 + rand(8) }, () => rand(stream.length + 1));
      const kept = run(new FrontendFramer(), splitAt(stream, cuts));
      expect(kept.equals(expected), `cuts ${cuts}`).toBe(true);
      expect(kept.includes(TOKEN)).toBe(false);
    }
  });

  it('passes consecutive kept messages of one chunk as a single slice (no per-message overhead)', () => {
    const f = new FrontendFramer();
    const slices: number[] = [];
    const chunk = Buffer.concat([
      msg('P', Buffer.from('\0select 1\0\0\0')),
      msg('B', Buffer.alloc(8)),
      msg('E', Buffer.alloc(5)),
      msg('S', Buffer.alloc(0)),
    ]);
    f.push(chunk, (s) => slices.push(s.length));
    expect(slices).toEqual([chunk.length]);
  });

  it('with startup: true, reads the untyped startup packet first', () => {
    const startup = Buffer.alloc(8 + 10);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196608, 4);
    startup.write('user\0bob\0\0', 8);
    const stream = Buffer.concat([startup, msg('p', TOKEN), msg('Q', 'select 1')]);
    const kept = run(new FrontendFramer({ startup: true }), splitAt(stream, [3, 20]));
    expect(kept).toEqual(Buffer.concat([startup, msg('Q', 'select 1')]));
  });
});
