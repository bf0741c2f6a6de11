/**
 * Upstream credentials: a password from the environment logs in to the real embedded
 * PostgreSQL; Entra tokens are tested at their boundary (an injected TokenCredential, since
 * Entra cannot be reached here) for caching, refresh ahead of expiry and fail-closed errors,
 * plus the real @azure/identity managed identity credential failing closed without Azure.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PhigateError } from '../../../core/errors.js';
import { createUpstreamCredentials } from '../../../proxy/upstream/credentials.js';
import { ENTRA_POSTGRES_SCOPE } from '../../../proxy/upstream/credentials-entra.js';
import { upstreamServer } from '../../helpers/upstream.js';

describe('password credentials', () => {
  it('reads the named environment variable and logs in to the real upstream', async () => {
    const server = upstreamServer();
    const creds = createUpstreamCredentials(
      { type: 'password', user: server.user, passwordEnv: 'PHIGATE_TEST_UPSTREAM_PW' },
      { env: { PHIGATE_TEST_UPSTREAM_PW: server.password } },
    );
    expect(creds.user).toBe(server.user);
    const client = new pg.Client({
      host: server.host,
      port: server.port,
      database: 'postgres',
      user: creds.user,
      password: creds.password,
    });
    await client.connect();
    try {
      expect((await client.query('select current_user as u')).rows[0].u).toBe(server.user);
    } finally {
      await client.end();
    }
  });

  it('takes a literal password', async () => {
    const creds = createUpstreamCredentials({ type: 'password', user: 'app', password: 'dev-secret' });
    expect(await creds.password()).toBe('dev-secret');
  });

  it('start-up errors name the variable or the setting, never a value', () => {
    const secret = 'S3cret-value-never-shown';
    const cases: [Parameters<typeof createUpstreamCredentials>[0], RegExp][] = [
      [{ type: 'password', user: 'app', passwordEnv: 'PG_PW_MISSING' }, /environment variable PG_PW_MISSING/],
      [{ type: 'password', user: 'app', passwordEnv: 'PG_PW_EMPTY' }, /PG_PW_EMPTY .* is not set/],
      [
        { type: 'password', user: 'app', password: secret, passwordEnv: 'X' },
        /both password and passwordEnv/,
      ],
      [{ type: 'password', user: 'app' }, /needs password or passwordEnv/],
    ];
    for (const [auth, message] of cases) {
      let error: unknown;
      try {
        createUpstreamCredentials(auth, { env: { PG_PW_EMPTY: '', X: secret }, resource: 'ehr' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PhigateError);
      expect((error as PhigateError).code).toBe('UPSTREAM_CREDENTIALS_INVALID');
      expect((error as PhigateError).message).toMatch(message);
      expect((error as PhigateError).message).toMatch(/^resource "ehr": /);
      expect((error as PhigateError).message).not.toContain(secret);
    }
  });
});

/** A TokenCredential at the Entra boundary: hands out scripted tokens and records the calls. */
class ScriptedCredential implements TokenCredential {
  readonly scopes: (string | string[])[] = [];
  constructor(private readonly next: () => Promise<AccessToken | null>) {}
  async getToken(scopes: string | string[]): Promise<AccessToken | null> {
    this.scopes.push(scopes);
    return this.next();
  }
}

describe('entra credentials (injected TokenCredential)', () => {
  it('asks for the Azure Database for PostgreSQL scope, caches, and shares one request', async () => {
    let clock = 1_000_000_000_000;
    let n = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const cred = new ScriptedCredential(async () => {
      await gate;
      n++;
      return { token: `entra-token-${n}`, expiresOnTimestamp: clock + 3600_000 };
    });
    const creds = createUpstreamCredentials(
      { type: 'entra', user: 'phigate-mi' },
      { credential: cred, now: () => clock },
    );
    expect(creds.user).toBe('phigate-mi');
    const pending = Promise.all([creds.password(), creds.password(), creds.password()]);
    release();
    expect(await pending).toEqual(['entra-token-1', 'entra-token-1', 'entra-token-1']);
    expect(cred.scopes).toEqual([ENTRA_POSTGRES_SCOPE]);
    expect(ENTRA_POSTGRES_SCOPE).toBe('https://ossrdbms-aad.database.windows.net/.default');
    clock += 50 * 60_000;
    expect(await creds.password()).toBe('entra-token-1');
    expect(cred.scopes).toHaveLength(1);
  });

  it('refreshes ahead of expiry in the background, and honours refreshAfterTimestamp', async () => {
    let clock = 1_000_000_000_000;
    let n = 0;
    const cred = new ScriptedCredential(async () => {
      n++;
      return n === 1
        ? { token: 't1', expiresOnTimestamp: clock + 3600_000, refreshAfterTimestamp: clock + 1800_000 }
        : { token: `t${n}`, expiresOnTimestamp: clock + 3600_000 };
    });
    const creds = createUpstreamCredentials(
      { type: 'entra', user: 'mi' },
      { credential: cred, now: () => clock },
    );
    expect(await creds.password()).toBe('t1');
    clock += 1800_000 + 1;
    // Due for refresh but still valid: the cached token is used while the refresh runs.
    expect(await creds.password()).toBe('t1');
    await new Promise((r) => setImmediate(r));
    expect(await creds.password()).toBe('t2');
    clock += 3600_000 - 5 * 60_000 + 1;
    expect(await creds.password()).toBe('t2');
    await new Promise((r) => setImmediate(r));
    expect(await creds.password()).toBe('t3');
    expect(cred.scopes).toHaveLength(3);
  });

  it('fails closed once the token expires and no new one comes; pauses, then recovers', async () => {
    let clock = 1_000_000_000_000;
    let mode: 'ok' | 'throw' | 'null' | 'stale' = 'ok';
    const cred = new ScriptedCredential(async () => {
      if (mode === 'throw')
        throw Object.assign(new Error('IMDS said no: secret-ish detail'), { name: 'AuthenticationError' });
      if (mode === 'null') return null;
      if (mode === 'stale') return { token: 'old', expiresOnTimestamp: clock + 1_000 };
      return { token: 'good', expiresOnTimestamp: clock + 3600_000 };
    });
    const creds = createUpstreamCredentials(
      { type: 'entra', user: 'mi' },
      { credential: cred, now: () => clock, resource: 'ehr' },
    );
    expect(await creds.password()).toBe('good');
    clock += 3600_000 - 10_000;
    mode = 'throw';
    const e = await creds.password().catch((x: unknown) => x as PhigateError);
    expect(e).toBeInstanceOf(PhigateError);
    expect(e).toMatchObject({ code: 'UPSTREAM_CREDENTIALS_UNAVAILABLE', sqlstate: '08001', status: 503 });
    expect((e as PhigateError).message).toMatch(/^resource "ehr": cannot obtain an Entra token/);
    expect((e as PhigateError).detail).toBe('credential error: AuthenticationError');
    expect((e as PhigateError).message).not.toContain('good');
    const calls = cred.scopes.length;
    await expect(creds.password()).rejects.toMatchObject({ code: 'UPSTREAM_CREDENTIALS_UNAVAILABLE' });
    expect(cred.scopes.length).toBe(calls);
    clock += 2_000;
    mode = 'null';
    await expect(creds.password()).rejects.toMatchObject({ detail: 'the credential returned no token' });
    clock += 2_000;
    mode = 'stale';
    await expect(creds.password()).rejects.toMatchObject({ detail: /expired or about to expire/ });
    clock += 2_000;
    mode = 'ok';
    expect(await creds.password()).toBe('good');
  });

  it.skipIf(process.env.IDENTITY_ENDPOINT || process.env.MSI_ENDPOINT)(
    'the real ManagedIdentityCredential without Azure fails closed with a stable code',
    async () => {
      const creds = createUpstreamCredentials({
        type: 'entra',
        user: 'mi',
        clientId: '00000000-0000-0000-0000-000000000001',
      });
      await expect(creds.password()).rejects.toMatchObject({
        code: 'UPSTREAM_CREDENTIALS_UNAVAILABLE',
        sqlstate: '08001',
      });
    },
  );
});
