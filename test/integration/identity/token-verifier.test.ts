/**
 * Token verification against the real dev OIDC issuer served over real HTTP (no mocked jose,
 * no mocked fetch): every refusal the gateway must make, the JWKS cache, its kid-miss refetch
 * and cooldown, and fail-closed behaviour when the issuer is down.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { base64url, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identitySchema } from '../../../core/config/identity.js';
import type { Config } from '../../../core/config/schema.js';
import { PhigateError } from '../../../core/errors.js';
import { createTokenVerifier, type TokenVerifierOptions } from '../../../proxy/identity/token-verifier.js';
import { type IssuerServer, startIssuerServer } from './issuer-server.js';

const AGENT = 'agent-zq7-claims-must-not-leak';
let srv: IssuerServer;

beforeAll(async () => {
  srv = await startIssuerServer();
});
afterAll(async () => {
  await srv.close();
});

function identity(overrides: Record<string, unknown> = {}): Config['identity'] {
  return identitySchema.parse({
    issuer: srv.issuer.issuer,
    audience: 'phigate',
    jwksUri: srv.issuer.jwksUri,
    ...overrides,
  });
}

function verifier(overrides: Record<string, unknown> = {}, options: TokenVerifierOptions = {}) {
  return createTokenVerifier(identity(overrides), options);
}

/** Asserts a refusal with `code`, and that nothing of the token leaks into what the client sees. */
async function refused(promise: Promise<unknown>, code: string, token?: string): Promise<PhigateError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but the token was accepted`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhigateError);
  const e = error as PhigateError;
  expect(e.code).toBe(code);
  expect(['28000', '28P01']).toContain(e.sqlstate);
  const visible = `${e.message} ${e.detail ?? ''} ${e.hint ?? ''} ${String(e.cause ?? '')}`;
  expect(visible).not.toContain(AGENT);
  if (token) {
    for (const part of token.split('.').filter((p) => p.length > 8)) expect(visible).not.toContain(part);
  }
  return e;
}

const b64json = (value: unknown) => base64url.encode(JSON.stringify(value));
const nowSeconds = () => Math.floor(Date.now() / 1000);
const claimsFor = (extra: Record<string, unknown> = {}) => ({
  iss: srv.issuer.issuer,
  aud: 'phigate',
  sub: AGENT,
  azp: AGENT,
  exp: nowSeconds() + 600,
  iat: nowSeconds(),
  ...extra,
});

/** A token signed by a key the issuer does not publish. */
async function foreignToken(kid: string | undefined): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claimsFor())
    .setProtectedHeader(kid === undefined ? { alg: 'RS256' } : { alg: 'RS256', kid })
    .sign(privateKey);
}

describe('valid tokens', () => {
  it('turns a dev issuer token into a Principal', async () => {
    const v = verifier();
    const token = await srv.issuer.mint({ agent: AGENT, groups: ['phi-readers', 'oncall'] });
    const p = await v.verify(token);
    expect(p).toMatchObject({
      agentId: AGENT,
      subject: AGENT,
      appId: AGENT,
      tenantId: 'dev',
      displayName: AGENT,
      groups: ['phi-readers', 'oncall'],
      issuer: srv.issuer.issuer,
      objectId: undefined,
    });
    expect(p.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(p.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.groups)).toBe(true);
  });

  it('maps Entra claims: oid, appid, uti, app_displayname, roles joined with groups', async () => {
    const v = verifier({ agentIdClaims: ['appid', 'sub'] });
    const token = await srv.issuer.mint({
      agent: 'svc',
      claims: {
        azp: undefined,
        name: undefined,
        jti: undefined,
        appid: 'app-123',
        oid: 'oid-456',
        uti: 'uti-789',
        app_displayname: 'Claims Agent',
        groups: ['g1', 'g2'],
        roles: ['PHI.Read', 'g1'],
      },
    });
    const p = await v.verify(token);
    expect(p).toMatchObject({
      agentId: 'app-123',
      appId: 'app-123',
      objectId: 'oid-456',
      tokenId: 'uti-789',
      displayName: 'Claims Agent',
      groups: ['g1', 'g2', 'PHI.Read'],
    });
  });

  it('accepts several audiences and the configured clock tolerance', async () => {
    const v = verifier({ audience: ['api://phigate', 'phigate'] });
    await expect(v.verify(await srv.issuer.mint({ agent: AGENT, ttlSeconds: -30 }))).resolves.toMatchObject({
      agentId: AGENT,
    });
    const strict = verifier({ clockToleranceSeconds: 0 });
    await refused(strict.verify(await srv.issuer.mint({ agent: AGENT, ttlSeconds: -30 })), 'TOKEN_EXPIRED');
  });
});

describe('refusals', () => {
  it('no token', async () => {
    const v = verifier();
    for (const t of ['', '   ']) expect((await refused(v.verify(t), 'TOKEN_MISSING')).sqlstate).toBe('28P01');
    await refused(v.verify(undefined as unknown as string), 'TOKEN_MISSING');
  });

  it('malformed tokens', async () => {
    const v = verifier();
    const good = await srv.issuer.mint({ agent: AGENT });
    const cases = [
      'not-a-token',
      'a.b',
      'a.b.c.d',
      `${b64json({ alg: 'RS256' })}.not json!.sig`,
      `${base64url.encode('not json')}.${b64json(claimsFor())}.c2ln`,
      `${b64json({ alg: 'RS256' })}.${base64url.encode('[1,2]')}.c2ln`,
      `${b64json({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`,
      `${good}x`.replace('.', '..'),
      'x'.repeat(40_000),
    ];
    for (const t of cases) await refused(v.verify(t), 'TOKEN_MALFORMED', t);
    const jwe = await refused(v.verify(`${b64json({ alg: 'RSA-OAEP' })}.a.b.c.d`), 'TOKEN_MALFORMED');
    expect(jwe.message).toMatch(/encrypted/);
  });

  it('bad signature: a tampered signature, a tampered payload, a foreign key under a published kid', async () => {
    const v = verifier();
    const token = await srv.issuer.mint({ agent: AGENT });
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    expect((await refused(v.verify(flipped), 'TOKEN_BAD_SIGNATURE', flipped)).sqlstate).toBe('28P01');
    const forged = `${h}.${b64json({ ...claimsFor(), groups: ['admins'] })}.${s}`;
    await refused(v.verify(forged), 'TOKEN_BAD_SIGNATURE', forged);
    const impostor = await foreignToken(srv.issuer.kid);
    await refused(v.verify(impostor), 'TOKEN_BAD_SIGNATURE', impostor);
  });

  it('expired and not yet valid', async () => {
    const v = verifier();
    const expired = await srv.issuer.mint({ agent: AGENT, ttlSeconds: -120 });
    expect((await refused(v.verify(expired), 'TOKEN_EXPIRED', expired)).status).toBe(401);
    const early = await srv.issuer.mint({ agent: AGENT, claims: { nbf: nowSeconds() + 600 } });
    await refused(v.verify(early), 'TOKEN_NOT_YET_VALID', early);
  });

  it('wrong audience and wrong issuer', async () => {
    const v = verifier();
    const aud = await srv.issuer.mint({ agent: AGENT, audience: 'https://graph.microsoft.com' });
    expect((await refused(v.verify(aud), 'TOKEN_WRONG_AUDIENCE', aud)).sqlstate).toBe('28000');
    const iss = await srv.issuer.mint({
      agent: AGENT,
      issuer: 'https://login.microsoftonline.com/other/v2.0',
    });
    expect((await refused(v.verify(iss), 'TOKEN_WRONG_ISSUER', iss)).sqlstate).toBe('28000');
  });

  it('missing or ill-typed claims', async () => {
    const v = verifier();
    const noSub = await srv.issuer.mint({ agent: AGENT, claims: { sub: undefined } });
    expect((await refused(v.verify(noSub), 'TOKEN_CLAIM_MISSING', noSub)).message).toContain('"sub"');
    const noExp = await srv.issuer.mint({ agent: AGENT, claims: { exp: undefined } });
    expect((await refused(v.verify(noExp), 'TOKEN_CLAIM_MISSING', noExp)).message).toContain('"exp"');
    const noAgent = await srv.issuer.mint({ agent: AGENT });
    const sOnly = verifier({ agentIdClaims: ['oid'] });
    await refused(sOnly.verify(noAgent), 'TOKEN_CLAIM_MISSING', noAgent);
    const badGroups = await srv.issuer.mint({ agent: AGENT, claims: { groups: 'admins' } });
    expect((await refused(v.verify(badGroups), 'TOKEN_CLAIM_INVALID', badGroups)).message).toContain(
      '"groups"',
    );
    const overage = await srv.issuer.mint({
      agent: AGENT,
      claims: { groups: undefined, _claim_names: { groups: 'src1' } },
    });
    await refused(v.verify(overage), 'TOKEN_GROUPS_OVERAGE', overage);
  });

  it('alg none is refused before any key is fetched', async () => {
    const fresh = await startIssuerServer(srv.dataDir);
    try {
      const v = createTokenVerifier(
        identitySchema.parse({
          issuer: fresh.issuer.issuer,
          audience: 'phigate',
          jwksUri: fresh.issuer.jwksUri,
        }),
      );
      const none = `${b64json({ alg: 'none', typ: 'JWT' })}.${b64json({ ...claimsFor(), iss: fresh.issuer.issuer })}.`;
      const e = await refused(v.verify(none), 'TOKEN_ALG_NOT_ALLOWED', none);
      expect(e.message).toContain('(none)');
      const noneSigned = `${none}c2lnbmF0dXJl`;
      await refused(v.verify(noneSigned), 'TOKEN_ALG_NOT_ALLOWED', noneSigned);
      expect(fresh.count('jwks')).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('HS256 signed with the RSA public key (PEM and JWK n) is refused', async () => {
    const v = verifier();
    const jwk = srv.issuer.jwks().keys[0] as JWK;
    const pem = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const secrets = [
      new TextEncoder().encode(pem),
      new TextEncoder().encode(jwk.n as string),
      base64url.decode(jwk.n as string),
    ];
    for (const secret of secrets) {
      const token = await new SignJWT(claimsFor())
        .setProtectedHeader({ alg: 'HS256', kid: srv.issuer.kid, typ: 'JWT' })
        .sign(secret);
      const e = await refused(v.verify(token), 'TOKEN_ALG_NOT_ALLOWED', token);
      expect(e.message).toContain('HS256');
      expect(e.detail).toBe('allowed: RS256');
    }
  });

  it('a configuration that allows HMAC or none is rejected at start-up', () => {
    for (const alg of ['HS256', 'none']) {
      const config = { ...identity(), algorithms: [alg] } as unknown as Config['identity'];
      expect(() => createTokenVerifier(config)).toThrow(/never accepted/);
    }
    expect(() => verifier({ issuer: 'http://login.example.com/tenant/v2.0', jwksUri: undefined })).toThrow(
      /must use https/,
    );
    expect(() => verifier({ jwksUri: 'http://keys.example.com/jwks' })).toThrow(/must use https/);
  });

  it('unknown kid', async () => {
    const v = verifier();
    await v.verify(await srv.issuer.mint({ agent: AGENT }));
    const token = await foreignToken(`kid-${randomUUID()}`);
    expect((await refused(v.verify(token), 'TOKEN_UNKNOWN_KEY', token)).sqlstate).toBe('28P01');
  });
});

describe('JWKS cache, rotation and rate limit', () => {
  it('concurrent first verifications share one JWKS fetch; later ones use the cache', async () => {
    const s = await startIssuerServer();
    try {
      const v = createTokenVerifier(
        identitySchema.parse({ issuer: s.issuer.issuer, audience: 'phigate', jwksUri: s.issuer.jwksUri }),
      );
      const tokens = await Promise.all(
        Array.from({ length: 40 }, (_, i) => s.issuer.mint({ agent: `a${i}` })),
      );
      const principals = await Promise.all(tokens.map((t) => v.verify(t)));
      expect(principals.map((p) => p.agentId)).toEqual(tokens.map((_, i) => `a${i}`));
      for (const t of tokens) await v.verify(t);
      expect(s.count('jwks')).toBe(1);
      expect(v.stats()).toMatchObject({ fetches: 1, failures: 0, keys: 1 });
    } finally {
      await s.close();
    }
  });

  it('key rotation: a new kid is fetched once, after the cooldown; old tokens keep working', async () => {
    const s = await startIssuerServer();
    let clock = Date.now();
    try {
      const v = createTokenVerifier(
        identitySchema.parse({
          issuer: s.issuer.issuer,
          audience: 'phigate',
          jwksUri: s.issuer.jwksUri,
          jwksCooldownSeconds: 30,
        }),
        { now: () => clock },
      );
      const old = await s.issuer.mint({ agent: 'before-rotation' });
      await v.verify(old);
      const oldKid = s.issuer.kid;
      const newKid = await s.issuer.rotateKey();
      expect(newKid).not.toBe(oldKid);
      expect(s.issuer.jwks().keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
      const rotated = await s.issuer.mint({ agent: 'after-rotation' });
      // Within the cooldown of the first fetch the unknown kid is refused without a fetch.
      await refused(v.verify(rotated), 'TOKEN_UNKNOWN_KEY');
      expect(s.count('jwks')).toBe(1);
      clock += 31_000;
      const results = await Promise.all([v.verify(rotated), v.verify(rotated), v.verify(old)]);
      expect(results.map((p) => p.agentId)).toEqual(['after-rotation', 'after-rotation', 'before-rotation']);
      expect(s.count('jwks')).toBe(2);
      await v.verify(rotated);
      expect(s.count('jwks')).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('a flood of random kids causes at most one JWKS fetch per cooldown', async () => {
    const s = await startIssuerServer();
    let clock = Date.now();
    try {
      const v = createTokenVerifier(
        identitySchema.parse({
          issuer: s.issuer.issuer,
          audience: 'phigate',
          jwksUri: s.issuer.jwksUri,
          jwksCooldownSeconds: 30,
        }),
        { now: () => clock },
      );
      const { privateKey } = await generateKeyPair('RS256');
      const flood = () =>
        Promise.all(
          Array.from({ length: 100 }, async () => {
            const token = await new SignJWT({ ...claimsFor(), iss: s.issuer.issuer })
              .setProtectedHeader({ alg: 'RS256', kid: randomUUID() })
              .sign(privateKey);
            return v.verify(token).then(
              () => 'accepted',
              (e: PhigateError) => e.code,
            );
          }),
        );
      const first = await flood();
      expect(new Set(first)).toEqual(new Set(['TOKEN_UNKNOWN_KEY']));
      expect(s.count('jwks')).toBe(1);
      for (let i = 0; i < 5; i++) await flood();
      expect(s.count('jwks')).toBe(1);
      clock += 30_000;
      await flood();
      expect(s.count('jwks')).toBe(2);
      await flood();
      expect(s.count('jwks')).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('a stale key set is refetched after its max age', async () => {
    const s = await startIssuerServer();
    let clock = Date.now();
    try {
      const v = createTokenVerifier(
        identitySchema.parse({
          issuer: s.issuer.issuer,
          audience: 'phigate',
          jwksUri: s.issuer.jwksUri,
          jwksCacheMaxAgeSeconds: 600,
        }),
        { now: () => clock },
      );
      const token = await s.issuer.mint({ agent: AGENT });
      await v.verify(token);
      clock += 599_000;
      await v.verify(token);
      expect(s.count('jwks')).toBe(1);
      clock += 2_000;
      await v.verify(token);
      expect(s.count('jwks')).toBe(2);
    } finally {
      await s.close();
    }
  });
});
