/**
 * The dev OIDC issuer: keys persisted under the data dir (mode 600) and reused, the issuer
 * URL recorded for `phigate token`, discovery document and JWKS served over real HTTP.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDevIssuer, openDevIssuer } from '../../../cli/dev/oidc-issuer.js';
import { startIssuerServer } from './issuer-server.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'phigate-devissuer-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('dev issuer keys and state', () => {
  it('creates an RS256 key with a kid (mode 600) and reuses it on the next open', async () => {
    const dataDir = tempDir();
    const first = await openDevIssuer({ dataDir, issuerUrl: 'http://127.0.0.1:7071/dev-issuer/' });
    expect(first.issuer).toBe('http://127.0.0.1:7071/dev-issuer');
    expect(first.jwksUri).toBe('http://127.0.0.1:7071/dev-issuer/jwks');
    expect(first.audience).toBe('phigate');
    const keyFile = join(dataDir, 'dev', 'issuer', 'signing-keys.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(stored.keys).toHaveLength(1);
    expect(stored.keys[0].kid).toBe(first.kid);
    expect(stored.keys[0].privateJwk.d).toBeTruthy();
    // The JWKS publishes public halves only.
    const [pub] = first.jwks().keys;
    expect(pub).toMatchObject({ kty: 'RSA', kid: first.kid, alg: 'RS256', use: 'sig' });
    expect(Object.keys(pub ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);

    const second = await openDevIssuer({ dataDir, issuerUrl: 'http://127.0.0.1:9999/dev-issuer' });
    expect(second.kid).toBe(first.kid);
    const state = JSON.parse(readFileSync(join(dataDir, 'dev', 'issuer', 'issuer.json'), 'utf8'));
    expect(state).toMatchObject({ issuer: 'http://127.0.0.1:9999/dev-issuer', audience: 'phigate' });
    const loaded = await loadDevIssuer(dataDir);
    expect(loaded?.issuer).toBe('http://127.0.0.1:9999/dev-issuer');
    expect(loaded?.kid).toBe(first.kid);
  });

  it('tightens a loosened key file mode, refuses a corrupt one, and is absent in an empty dir', async () => {
    const dataDir = tempDir();
    expect(await loadDevIssuer(dataDir)).toBeUndefined();
    await openDevIssuer({ dataDir, issuerUrl: 'http://127.0.0.1:7071/dev-issuer' });
    const keyFile = join(dataDir, 'dev', 'issuer', 'signing-keys.json');
    const { chmodSync } = await import('node:fs');
    chmodSync(keyFile, 0o644);
    await loadDevIssuer(dataDir);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    writeFileSync(keyFile, '{"keys": "nope"}');
    await expect(loadDevIssuer(dataDir)).rejects.toThrow(/corrupt/);
  });

  it('rejects a bad issuer URL and bad mint options', async () => {
    const dataDir = tempDir();
    await expect(openDevIssuer({ dataDir, issuerUrl: 'not a url' })).rejects.toThrow(/not a valid URL/);
    await expect(openDevIssuer({ dataDir, issuerUrl: 'ftp://127.0.0.1/x' })).rejects.toThrow(/http/);
    const dev = await openDevIssuer({ dataDir, issuerUrl: 'http://127.0.0.1:7071/dev-issuer' });
    await expect(dev.mint({ agent: '' })).rejects.toThrow(/agent/);
    await expect(dev.mint({ agent: 'a', ttlSeconds: 0 })).rejects.toThrow(/ttlSeconds/);
    await expect(dev.mint({ agent: 'a', ttlSeconds: 1.5 })).rejects.toThrow(/ttlSeconds/);
  });
});

describe('minted tokens', () => {
  it('carry iss, aud, sub = azp = name = agent, groups, jti, tid, iat, nbf, exp and the kid', async () => {
    const dev = await openDevIssuer({ dataDir: tempDir(), issuerUrl: 'http://127.0.0.1:7071/dev-issuer' });
    const before = Math.floor(Date.now() / 1000);
    const token = await dev.mint({ agent: 'claude', groups: ['phi-readers'], ttlSeconds: 120 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: dev.kid, typ: 'JWT' });
    const c = decodeJwt(token);
    expect(c).toMatchObject({
      iss: dev.issuer,
      aud: 'phigate',
      sub: 'claude',
      azp: 'claude',
      name: 'claude',
      groups: ['phi-readers'],
      tid: 'dev',
    });
    expect(c.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.iat).toBeGreaterThanOrEqual(before);
    expect(c.nbf).toBe(c.iat);
    expect(c.exp).toBe((c.iat as number) + 120);
    const other = decodeJwt(await dev.mint({ agent: 'claude' }));
    expect(other.jti).not.toBe(c.jti);
    const expired = decodeJwt(await dev.mint({ agent: 'claude', ttlSeconds: -90 }));
    expect(expired.exp).toBeLessThan(Date.now() / 1000 - 80);
    expect(expired.nbf).toBeLessThan(expired.exp as number);
  });
});

describe('served over HTTP', () => {
  it('serves discovery and JWKS (GET and HEAD), 405 for other methods, and ignores other paths', async () => {
    const s = await startIssuerServer();
    try {
      const base = s.issuer.issuer;
      const disc = await fetch(`${base}/.well-known/openid-configuration`);
      expect(disc.status).toBe(200);
      expect(disc.headers.get('content-type')).toBe('application/json');
      expect(await disc.json()).toMatchObject({ issuer: base, jwks_uri: `${base}/jwks` });
      const jwks = await fetch(`${base}/jwks?x=1`);
      expect(await jwks.json()).toEqual({ keys: s.issuer.jwks().keys });
      const head = await fetch(`${base}/jwks`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      const post = await fetch(`${base}/jwks`, { method: 'POST', body: '{}' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect((await fetch(`${base}/token`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${s.port}/jwks`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});
