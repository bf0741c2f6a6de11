import { describe, expect, it } from 'vitest';
import { PhigateError } from '../../../../core/errors.js';
import { discoveryUrl, isLoopbackHost, secureEndpoint } from '../../../../proxy/identity/endpoint-url.js';
import { principalFromClaims } from '../../../../proxy/identity/principal-from-claims.js';

const base = { iss: 'https://login.microsoftonline.com/t/v2.0', sub: 'sub-1', exp: 2_000_000_000 };
const AGENT_CLAIMS = ['azp', 'appid', 'sub'];

function refusal(claims: Record<string, unknown>, agentClaims = AGENT_CLAIMS): PhigateError {
  try {
    principalFromClaims(claims, agentClaims);
  } catch (e) {
    expect(e).toBeInstanceOf(PhigateError);
    return e as PhigateError;
  }
  throw new Error('expected a refusal');
}

describe('principalFromClaims', () => {
  it('takes the agent id from the first present agent id claim', () => {
    expect(principalFromClaims({ ...base, appid: 'app', azp: 'azp' }, AGENT_CLAIMS).agentId).toBe('azp');
    expect(principalFromClaims({ ...base, appid: 'app' }, AGENT_CLAIMS).agentId).toBe('app');
    expect(principalFromClaims({ ...base, azp: '' }, AGENT_CLAIMS).agentId).toBe('sub-1');
    expect(principalFromClaims({ ...base, oid: 'o' }, ['oid']).agentId).toBe('o');
  });

  it('fills every field from Entra v2 access token claims', () => {
    const p = principalFromClaims(
      {
        ...base,
        azp: 'client-id',
        oid: 'object-id',
        tid: 'tenant-id',
        preferred_username: 'agent@contoso.com',
        groups: ['g-1'],
        roles: ['PHI.Read'],
        uti: 'uti-1',
      },
      AGENT_CLAIMS,
    );
    expect(p).toEqual({
      agentId: 'client-id',
      subject: 'sub-1',
      objectId: 'object-id',
      appId: 'client-id',
      tenantId: 'tenant-id',
      displayName: 'agent@contoso.com',
      groups: ['g-1', 'PHI.Read'],
      tokenId: 'uti-1',
      issuer: base.iss,
      expiresAt: 2_000_000_000_000,
    });
  });

  it('refuses missing and ill-typed claims, naming the claim only', () => {
    expect(refusal({ ...base, sub: undefined }).code).toBe('TOKEN_CLAIM_MISSING');
    expect(refusal({ ...base, sub: 42 }).message).toBe('access token claim "sub" must be a string');
    expect(refusal({ ...base }, ['azp']).message).toMatch(/none of the agent id claims \(azp\)/);
    expect(refusal({ ...base, azp: { x: 'leak-me' } }).message).not.toContain('leak-me');
    expect(refusal({ ...base, roles: ['ok', 7] }).code).toBe('TOKEN_CLAIM_INVALID');
    expect(refusal({ ...base, groups: Array.from({ length: 1001 }, (_, i) => `g${i}`) }).code).toBe(
      'TOKEN_CLAIM_INVALID',
    );
    expect(refusal({ ...base, name: ['a'] }).code).toBe('TOKEN_CLAIM_INVALID');
  });

  it('refuses an Entra groups overage (the token does not list every group)', () => {
    expect(refusal({ ...base, _claim_names: { groups: 'src1' }, _claim_sources: {} }).code).toBe(
      'TOKEN_GROUPS_OVERAGE',
    );
    expect(refusal({ ...base, hasgroups: true }).code).toBe('TOKEN_GROUPS_OVERAGE');
    expect(principalFromClaims({ ...base, _claim_names: { other: 'x' } }, AGENT_CLAIMS).groups).toEqual([]);
  });
});

describe('endpoint URLs', () => {
  it('accepts https anywhere and http on loopback only', () => {
    expect(secureEndpoint('https://login.microsoftonline.com/t/v2.0', 'x').host).toBe(
      'login.microsoftonline.com',
    );
    for (const ok of [
      'http://127.0.0.1:7071/dev-issuer',
      'http://localhost/x',
      'http://[::1]:1/x',
      'http://127.1.2.3/',
    ]) {
      expect(() => secureEndpoint(ok, 'x')).not.toThrow();
    }
    for (const bad of ['http://10.0.0.1/x', 'http://127.0.0.1.evil.com/x', 'ftp://127.0.0.1/x', 'nope']) {
      expect(() => secureEndpoint(bad, 'identity.jwksUri')).toThrow(/identity\.jwksUri/);
    }
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('builds the discovery URL under the issuer', () => {
    expect(discoveryUrl('https://login.microsoftonline.com/t/v2.0').href).toBe(
      'https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration',
    );
    expect(discoveryUrl('http://127.0.0.1:7071/dev-issuer/').pathname).toBe(
      '/dev-issuer/.well-known/openid-configuration',
    );
  });
});
