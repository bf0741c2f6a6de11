/**
 * Fail closed when the issuer cannot be reached, key discovery through the issuer's
 * discovery document, and the cost of verifying with a cached key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { identitySchema } from '../../../core/config/identity.js';
import { PhigateError } from '../../../core/errors.js';
import { createTokenVerifier, type TokenVerifierOptions } from '../../../proxy/identity/token-verifier.js';
import { type IssuerServer, startIssuerServer } from './issuer-server.js';

const servers: IssuerServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()?.close();
});

async function server(): Promise<IssuerServer> {
  const s = await startIssuerServer();
  servers.push(s);
  return s;
}

function verifierFor(
  s: IssuerServer,
  overrides: Record<string, unknown> = {},
  options: TokenVerifierOptions = {},
) {
  return createTokenVerifier(
    identitySchema.parse({
      issuer: s.issuer.issuer,
      audience: 'phigate',
      jwksUri: s.issuer.jwksUri,
      ...overrides,
    }),
    options,
  );
}

async function code(promise: Promise<unknown>): Promise<PhigateError> {
  const e = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(PhigateError);
  return e as PhigateError;
}

describe('fail closed', () => {
  it('JWKS endpoint answering errors: IDENTITY_UNAVAILABLE (503), fast refusals during the pause, recovery', async () => {
    const s = await server();
    let clock = Date.now();
    const v = verifierFor(s, { jwksCooldownSeconds: 30 }, { now: () => clock });
    const token = await s.issuer.mint({ agent: 'a' });
    s.mode = 'error';
    const e = await code(v.verify(token));
    expect(e.code).toBe('IDENTITY_UNAVAILABLE');
    expect(e.sqlstate).toBe('28000');
    expect(e.status).toBe(503);
    expect(e.detail).toContain('HTTP 503');
    expect(e.message).not.toContain(token);
    // Within the pause after a failure, requests are refused without hitting the issuer.
    const burst = await Promise.all(Array.from({ length: 50 }, () => code(v.verify(token))));
    expect(new Set(burst.map((x) => x.code))).toEqual(new Set(['IDENTITY_UNAVAILABLE']));
    expect(s.count('jwks')).toBe(1);
    clock += 5_000;
    s.mode = 'up';
    await expect(v.verify(token)).resolves.toMatchObject({ agentId: 'a' });
    expect(s.count('jwks')).toBe(2);
    expect(v.stats()).toMatchObject({ fetches: 2, failures: 1 });
  });

  it('JWKS endpoint gone (connection refused) and a stale cache: refused, never served from stale keys', async () => {
    const s = await server();
    let clock = Date.now();
    const v = verifierFor(s, { jwksCacheMaxAgeSeconds: 60 }, { now: () => clock });
    const token = await s.issuer.mint({ agent: 'a' });
    await v.verify(token);
    await s.close();
    servers.pop();
    clock += 61_000;
    const e = await code(v.verify(token));
    expect(e.code).toBe('IDENTITY_UNAVAILABLE');
    expect(e.detail).toContain('connection failed');
  });

  it('JWKS endpoint that never answers: IDENTITY_UNAVAILABLE after the fetch timeout', async () => {
    const s = await server();
    const v = verifierFor(s, {}, { fetchTimeoutMs: 300 });
    const token = await s.issuer.mint({ agent: 'a' });
    s.mode = 'hang';
    const started = performance.now();
    const e = await code(v.verify(token));
    const elapsed = performance.now() - started;
    expect(e.code).toBe('IDENTITY_UNAVAILABLE');
    expect(e.detail).toContain('no answer within 300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('a JWKS that is not a key set: IDENTITY_UNAVAILABLE', async () => {
    const s = await server();
    s.discoveryOverride = { hello: 'world' };
    const v = verifierFor(s, { jwksUri: `${s.issuer.issuer}/.well-known/openid-configuration` });
    const e = await code(v.verify(await s.issuer.mint({ agent: 'a' })));
    expect(e.code).toBe('IDENTITY_UNAVAILABLE');
    expect(e.detail).toContain('not a valid JSON Web Key Set');
  });
});

describe('discovery', () => {
  it('finds the JWKS through the discovery document once', async () => {
    const s = await server();
    const v = verifierFor(s, { jwksUri: undefined });
    const token = await s.issuer.mint({ agent: 'a', groups: ['g'] });
    for (let i = 0; i < 5; i++) await expect(v.verify(token)).resolves.toMatchObject({ groups: ['g'] });
    expect(s.count('discovery')).toBe(1);
    expect(s.count('jwks')).toBe(1);
  });

  it('refuses a discovery document that names another issuer or an insecure jwks_uri', async () => {
    const s = await server();
    s.discoveryOverride = { issuer: 'https://evil.example.com', jwks_uri: s.issuer.jwksUri };
    const v = verifierFor(s, { jwksUri: undefined });
    const token = await s.issuer.mint({ agent: 'a' });
    const e = await code(v.verify(token));
    expect(e.code).toBe('IDENTITY_UNAVAILABLE');
    expect(e.detail).toContain('different issuer');
    expect(s.count('jwks')).toBe(0);

    const s2 = await server();
    s2.discoveryOverride = { issuer: s2.issuer.issuer, jwks_uri: 'http://keys.example.com/jwks' };
    const v2 = verifierFor(s2, { jwksUri: undefined });
    const e2 = await code(v2.verify(await s2.issuer.mint({ agent: 'a' })));
    expect(e2.code).toBe('IDENTITY_UNAVAILABLE');
    expect(e2.detail).toContain('must use https');
  });
});

describe('cost', () => {
  it('verifies with a cached key in well under a millisecond', async () => {
    const s = await server();
    const v = verifierFor(s);
    const token = await s.issuer.mint({ agent: 'bench', groups: ['a', 'b', 'c'] });
    for (let i = 0; i < 200; i++) await v.verify(token);
    const n = 2_000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await v.verify(token);
    const perVerifyUs = Number(process.hrtime.bigint() - started) / 1_000 / n;
    console.log(`token verify with a cached key: ${perVerifyUs.toFixed(1)} µs per verify (n=${n})`);
    expect(s.count('jwks')).toBe(1);
    expect(perVerifyUs).toBeLessThan(1_000);
  });
});
