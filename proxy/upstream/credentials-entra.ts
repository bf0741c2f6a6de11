/**
 * Entra access tokens for Azure Database for PostgreSQL (scope ossrdbms-aad), used as the
 * upstream password. Cached; refreshed from `refreshAfterTimestamp` or 5 minutes before
 * expiry. While the cached token is still valid a refresh runs in the background and the
 * cached token is used; once it is about to expire a failed refresh fails the login closed
 * (UPSTREAM_CREDENTIALS_UNAVAILABLE). One request at a time, with a short pause after a
 * failure so an outage of the identity endpoint is not hammered by every new session.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { PhigateError } from '../../core/errors.js';

export const ENTRA_POSTGRES_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

const REFRESH_MARGIN_MS = 5 * 60_000;
/** A token closer than this to expiry is not handed out (the login itself takes time). */
const MIN_VALIDITY_MS = 30_000;
const FAILURE_PAUSE_MS = 2_000;

export interface EntraTokenSource {
  token(): Promise<string>;
}

export interface EntraTokenSourceOptions {
  readonly clientId: string | undefined;
  readonly credential: TokenCredential | undefined;
  readonly now: () => number;
  /** Message prefix naming the resource. */
  readonly where: string;
}

async function defaultCredential(clientId: string | undefined): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  return clientId
    ? new identity.ManagedIdentityCredential({ clientId })
    : new identity.DefaultAzureCredential();
}

export function createEntraTokenSource(options: EntraTokenSourceOptions): EntraTokenSource {
  const { now, where } = options;
  let credential: Promise<TokenCredential> | undefined;
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastFailure: PhigateError | undefined;

  const unavailable = (detail: string, cause?: unknown) =>
    new PhigateError(
      'UPSTREAM_CREDENTIALS_UNAVAILABLE',
      `${where}cannot obtain an Entra token for the upstream database`,
      {
        sqlstate: '08001',
        status: 503,
        detail,
        hint: 'check the managed identity assignment and that it is an Entra admin or role of the server',
        cause,
      },
    );

  async function fetchToken(): Promise<AccessToken> {
    try {
      credential ??= options.credential
        ? Promise.resolve(options.credential)
        : defaultCredential(options.clientId);
      const token = await (await credential).getToken(ENTRA_POSTGRES_SCOPE);
      if (!token || typeof token.token !== 'string' || token.token === '') {
        throw unavailable('the credential returned no token');
      }
      if (!(token.expiresOnTimestamp > now() + MIN_VALIDITY_MS)) {
        throw unavailable('the credential returned a token that is expired or about to expire');
      }
      cached = token;
      lastFailure = undefined;
      return token;
    } catch (error) {
      failedAt = now();
      const failure =
        error instanceof PhigateError
          ? error
          : unavailable(`credential error: ${(error as Error)?.name ?? 'unknown'}`, error);
      lastFailure = failure;
      throw failure;
    }
  }

  function refresh(): Promise<AccessToken> {
    if (pending) return pending;
    if (now() - failedAt < FAILURE_PAUSE_MS && lastFailure) return Promise.reject(lastFailure);
    pending = fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    async token() {
      const t = now();
      if (cached) {
        const refreshAt = cached.refreshAfterTimestamp ?? cached.expiresOnTimestamp - REFRESH_MARGIN_MS;
        if (t < refreshAt) return cached.token;
        if (t < cached.expiresOnTimestamp - MIN_VALIDITY_MS) {
          // Still usable: refresh in the background; a failure here is retried next time.
          refresh().catch(() => undefined);
          return cached.token;
        }
      }
      return (await refresh()).token;
    },
  };
}
