/**
 * Session lifetime and limits: token expiry ends the session with FATAL, idle sessions
 * are closed, the session cap refuses with 53300, and token auth without TLS is refused
 * unless the peer is on loopback in dev.
 */
import { networkInterfaces } from 'node:os';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const errorOf = (c: pg.Client) => new Promise<Error & { code?: string }>((resolve) => c.on('error', resolve));

describe('session lifetime', () => {
  it('ends the session with FATAL 28000 when the token expires', async () => {
    gw = await startTestGateway({ config: { limits: { idleTimeoutMs: 0 } } });
    const c = new pg.Client(gw.clientConfig(await gw.token('short', { ttlSeconds: 2 })));
    await c.connect();
    const failed = errorOf(c);
    expect((await c.query('select 1 as one')).rows[0].one).toBe(1);
    const err = await failed;
    expect(err.code).toBe('28000');
    expect(err.message).toMatch(/token expired/);
  });

  it('closes an idle session with FATAL 57P05', async () => {
    gw = await startTestGateway({ config: { limits: { idleTimeoutMs: 1000 } } });
    const c = new pg.Client(gw.clientConfig(await gw.token()));
    await c.connect();
    const err = await errorOf(c);
    expect(err.code).toBe('57P05');
  });

  it('refuses sessions beyond maxSessions with 53300 and admits again when one leaves', async () => {
    gw = await startTestGateway({ config: { limits: { maxSessions: 2 } } });
    const token = await gw.token();
    const a = new pg.Client(gw.clientConfig(token));
    const b = new pg.Client(gw.clientConfig(token));
    await a.connect();
    await b.connect();
    const c = new pg.Client(gw.clientConfig(token));
    await expect(c.connect()).rejects.toMatchObject({ code: '53300' });
    await a.end();
    await new Promise((r) => setTimeout(r, 100));
    const d = new pg.Client(gw.clientConfig(token));
    await d.connect();
    await Promise.all([b.end(), d.end()]);
  });
});

describe('TLS requirement', () => {
  it('refuses token authentication without TLS when plaintext is not allowed', async () => {
    gw = await startTestGateway({ config: {} });
    const strict = await startTestGateway({
      database: gw.database,
      config: { tls: { ...gw.config.tls, allowInsecureLoopback: false } },
    });
    try {
      const token = await strict.token();
      const plain = new pg.Client(strict.clientConfig(token));
      await expect(plain.connect()).rejects.toMatchObject({
        code: '28000',
        message: expect.stringMatching(/requires TLS/),
      });
      const tls = new pg.Client(strict.clientConfig(token, { ssl: true }));
      await tls.connect();
      expect((await tls.query('select 2 as two')).rows[0].two).toBe(2);
      await tls.end();
    } finally {
      await strict.close();
    }
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it.skipIf(!external)('refuses plaintext from a non-loopback address even in dev', async () => {
    gw = await startTestGateway({ pgHost: '0.0.0.0' });
    const token = await gw.token();
    const remote = new pg.Client({ ...gw.clientConfig(token), host: external! });
    await expect(remote.connect()).rejects.toMatchObject({ code: '28000' });
    const loop = new pg.Client({ ...gw.clientConfig(token), host: '127.0.0.1' });
    await loop.connect();
    await loop.end();
  });
});
