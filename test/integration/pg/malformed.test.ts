/**
 * Bad input fails only the session that sent it: a good session runs queries the whole
 * time and keeps getting right answers, and the gateway keeps accepting new sessions.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { RawClient, serialize } from '../../helpers/raw-client.js';

let gw: TestGateway;
let token: string;

beforeAll(async () => {
  gw = await startTestGateway({
    config: {
      limits: { maxMessageBytes: 1024 * 1024, startupTimeoutMs: 1500, idleTimeoutMs: 0, maxSessions: 50 },
    },
  });
  token = await gw.token();
});
afterAll(async () => gw?.close());

const typed = (type: string, body: Buffer, declared?: number) => {
  const b = Buffer.alloc(5 + body.length);
  b.write(type, 0, 'latin1');
  b.writeInt32BE(declared ?? 4 + body.length, 1);
  body.copy(b, 5);
  return b;
};

async function loggedIn(): Promise<RawClient> {
  const c = await RawClient.connect(gw.host, gw.port);
  const r = await c.login(gw.database, token);
  expect(r.name).toBe('readyForQuery');
  return c;
}

describe('malformed input', () => {
  it('fails only the offending sessions while a concurrent good session keeps working', async () => {
    const good = new pg.Client(gw.clientConfig(token));
    await good.connect();
    let answers = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop || answers < 50) {
        const r = await good.query('select $1::int * 2 as v', [answers]);
        expect(r.rows[0].v).toBe(answers * 2);
        answers++;
      }
    })();

    const outcomes: Record<string, { code?: unknown; closed: boolean }> = {};
    const bad = async (name: string, fn: (c: RawClient) => Promise<void>) => {
      const c = await RawClient.connect(gw.host, gw.port);
      await fn(c);
      const err = await c.waitFor((m) => m.name === 'error', 3000);
      outcomes[name] = { code: err?.code, closed: await c.waitClosed(3000) };
      c.close();
    };

    await Promise.all([
      bad('random bytes', async (c) => c.send(randomBytes(4096))),
      bad('truncated startup', async (c) => {
        const s = serialize.startup({ user: 'x', database: gw.database });
        c.send(s.subarray(0, s.length - 5));
        c.socket.end();
      }),
      bad('wrong protocol version', async (c) => {
        const b = Buffer.alloc(8);
        b.writeInt32BE(8, 0);
        b.writeInt32BE(0x00020000, 4);
        c.send(b);
      }),
      bad('2 GB length prefix', async (c) => {
        expect((await c.login(gw.database, token)).name).toBe('readyForQuery');
        c.send(typed('Q', Buffer.from('select 1\0'), 0x7fffffff));
      }),
      bad('unknown message type', async (c) => {
        expect((await c.login(gw.database, token)).name).toBe('readyForQuery');
        c.send(typed('z', Buffer.alloc(3)));
      }),
      bad('truncated Bind body', async (c) => {
        expect((await c.login(gw.database, token)).name).toBe('readyForQuery');
        c.send(typed('B', Buffer.from('\0\0\0\x05')));
      }),
      bad('negative length', async (c) => {
        expect((await c.login(gw.database, token)).name).toBe('readyForQuery');
        c.send(typed('Q', Buffer.alloc(0), 2));
      }),
      bad('garbage after SSLRequest', async (c) => {
        const ssl = Buffer.alloc(8);
        ssl.writeInt32BE(8, 0);
        ssl.writeInt32BE(80877103, 4);
        c.send(Buffer.concat([ssl, randomBytes(64)]));
      }),
    ]);
    stop = true;
    await loop;

    expect(outcomes['random bytes']).toMatchObject({ code: '08P01', closed: true });
    expect(outcomes['truncated startup']?.closed).toBe(true);
    expect(outcomes['wrong protocol version']).toMatchObject({ code: '0A000', closed: true });
    expect(outcomes['2 GB length prefix']).toMatchObject({ code: '08P01', closed: true });
    expect(outcomes['unknown message type']).toMatchObject({ code: '08P01', closed: true });
    expect(outcomes['truncated Bind body']).toMatchObject({ code: '08P01', closed: true });
    expect(outcomes['negative length']).toMatchObject({ code: '08P01', closed: true });
    expect(outcomes['garbage after SSLRequest']).toMatchObject({ code: '08P01', closed: true });
    expect(answers).toBeGreaterThanOrEqual(50);
    expect((await good.query('select 1 as one')).rows[0].one).toBe(1);
    await good.end();

    // And new sessions are still welcome.
    const c = await loggedIn();
    c.close();
  });

  it('closes a connection that never finishes its startup (startup timeout)', async () => {
    const c = await RawClient.connect(gw.host, gw.port);
    const started = Date.now();
    expect(await c.waitClosed(5000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    c.close();
  });

  it('declines GSSENCRequest and continues with the normal startup', async () => {
    const c = await RawClient.connect(gw.host, gw.port);
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    const answer = new Promise<Buffer>((resolve) => c.socket.once('data', resolve));
    c.socket.write(gss);
    expect((await answer).toString()).toBe('N');
    c.close();
  });
});
