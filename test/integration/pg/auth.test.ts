/**
 * Token authentication at the wire: every bad token is refused with FATAL 28000/28P01 and a
 * clear message, and nothing reaches upstream (the resource points at a TCP server that
 * counts connections, so "nothing reached upstream" is observed, not assumed).
 */

import { createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { RawClient } from '../../helpers/raw-client.js';

let gw: TestGateway;
let upstream: Server;
let upstreamConnections = 0;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

beforeAll(async () => {
  upstream = createServer((s) => {
    upstreamConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const port = (upstream.address() as { port: number }).port;
  gw = await startTestGateway({ database: 'counted', upstream: { host: '127.0.0.1', port } });
});
afterAll(async () => {
  await gw?.close();
  upstream?.close();
});

async function attempt(token: string) {
  const c = await RawClient.connect(gw.host, gw.port);
  const r = await c.login(gw.database, token);
  c.close();
  return r;
}

describe('token authentication', () => {
  const claims = () => ({
    iss: gw.issuer.issuer,
    aud: gw.issuer.audience,
    sub: 'mallory',
    azp: 'mallory',
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
  });

  const cases: Array<[string, () => Promise<string>]> = [
    ['no token', async () => ''],
    ['garbage', async () => 'not-a-jwt'],
    [
      'a bad signature',
      async () => {
        const t = await gw.token('mallory');
        const [h, p, s] = t.split('.');
        const sig = Buffer.from(s!, 'base64url');
        sig[0] = sig[0]! ^ 0xff;
        return `${h}.${p}.${sig.toString('base64url')}`;
      },
    ],
    ['an expired token', () => gw.issuer.mint({ agent: 'mallory', ttlSeconds: -120 })],
    ['the wrong audience', () => gw.issuer.mint({ agent: 'mallory', audience: 'someone-else' })],
    ['the wrong issuer', () => gw.issuer.mint({ agent: 'mallory', issuer: 'http://127.0.0.1:1/evil' })],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    [
      'HS256 signed with the RSA public key',
      async () => {
        const jwk = gw.issuer.jwks().keys[0]!;
        const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({
          type: 'spki',
          format: 'pem',
        });
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', kid: jwk.kid! })
          .sign(new TextEncoder().encode(String(pem)));
      },
    ],
    [
      'an unknown kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'rogue-key' }).sign(privateKey);
      },
    ],
    [
      'a known kid with a foreign key',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256', kid: gw.issuer.kid })
          .sign(privateKey);
      },
    ],
  ];

  for (const [name, make] of cases) {
    it(`refuses ${name} with FATAL 28000/28P01 before anything reaches upstream`, async () => {
      const before = upstreamConnections;
      const token = await make();
      const r = await attempt(token);
      expect(r.name).toBe('error');
      expect(r.severity).toBe('FATAL');
      expect(['28000', '28P01']).toContain(r.code);
      expect(String(r.message).length).toBeGreaterThan(10);
      if (token.length > 20) expect(JSON.stringify(r)).not.toContain(token.split('.')[1]);
      expect(upstreamConnections).toBe(before);
    });
  }

  it('does reach upstream with a valid token (so the counter above can fail)', async () => {
    const before = upstreamConnections;
    const r = await attempt(await gw.token('alice'));
    // The counting server is not PostgreSQL: the session fails upstream, after authentication.
    expect(r.name).toBe('error');
    expect(r.code).toBe('08001');
    expect(upstreamConnections).toBe(before + 1);
  });
});
