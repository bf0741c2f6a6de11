/**
 * The issuer's signing keys: fetched from `jwksUri` (or the `jwks_uri` of the issuer's
 * discovery document), cached for `cacheMaxAgeMs`, refetched on an unknown `kid` at most
 * once per `cooldownMs`. Concurrent refreshes share one request, and after a failed fetch
 * no new fetch starts for a short backoff, so a flood of tokens (random kids, or an issuer
 * that is down) never becomes a flood of requests to the issuer.
 *
 * Fail closed: when no fresh key set can be obtained the caller gets IDENTITY_UNAVAILABLE;
 * a key set older than `cacheMaxAgeMs` is never used (a revoked key must stop working).
 */
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { discoveryUrl, secureEndpoint } from './endpoint-url.js';
import { type FetchLike, fetchJson } from './fetch-json.js';
import { identityError } from './identity-errors.js';

export interface JwksSourceOptions {
  readonly issuer: string;
  readonly jwksUri: string | undefined;
  readonly cacheMaxAgeMs: number;
  readonly cooldownMs: number;
  readonly fetchTimeoutMs: number;
  readonly now: () => number;
  readonly fetch?: FetchLike | undefined;
}

export interface JwksStats {
  /** Fetch attempts of the key set (discovery included in the same attempt). */
  readonly fetches: number;
  readonly failures: number;
  /** Keys in the current set. */
  readonly keys: number;
  /** When the current set was fetched (epoch ms), if any. */
  readonly fetchedAt: number | undefined;
}

export interface JwksSource {
  readonly getKey: JWTVerifyGetKey;
  stats(): JwksStats;
}

/** Longest pause after a failed fetch before the next attempt. */
const MAX_FAILURE_BACKOFF_MS = 5_000;

type LocalSet = ReturnType<typeof createLocalJWKSet>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function createJwksSource(options: JwksSourceOptions): JwksSource {
  const { now } = options;
  const configured = options.jwksUri ? secureEndpoint(options.jwksUri, 'identity.jwksUri') : undefined;
  const discovery = discoveryUrl(options.issuer);
  const failureBackoffMs = Math.min(options.cooldownMs, MAX_FAILURE_BACKOFF_MS);
  let jwksUrl = configured;
  let local: LocalSet | undefined;
  let keyCount = 0;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | undefined;
  let fetches = 0;
  let failures = 0;

  const get = (url: URL) => fetchJson(url, options.fetchTimeoutMs, options.fetch);

  async function resolveJwksUrl(): Promise<URL> {
    if (jwksUrl) return jwksUrl;
    let doc: unknown;
    try {
      doc = await get(discovery);
    } catch (error) {
      throw new Error(`discovery document ${discovery.href}: ${(error as Error).message}`);
    }
    if (!isRecord(doc) || typeof doc.jwks_uri !== 'string') {
      throw new Error(`discovery document ${discovery.href} has no jwks_uri`);
    }
    if (doc.issuer !== options.issuer) {
      throw new Error(`discovery document ${discovery.href} names a different issuer than identity.issuer`);
    }
    try {
      jwksUrl = secureEndpoint(doc.jwks_uri, 'jwks_uri');
    } catch (error) {
      throw new Error(`discovery document ${discovery.href}: ${(error as Error).message}`);
    }
    return jwksUrl;
  }

  async function load(): Promise<void> {
    try {
      const url = await resolveJwksUrl();
      let json: unknown;
      try {
        json = await get(url);
      } catch (error) {
        throw new Error(`JWKS ${url.href}: ${(error as Error).message}`);
      }
      let next: LocalSet;
      try {
        next = createLocalJWKSet(json as JSONWebKeySet);
      } catch {
        throw new Error(`JWKS ${url.href} is not a valid JSON Web Key Set`);
      }
      local = next;
      keyCount = (json as JSONWebKeySet).keys.length;
      fetchedAt = now();
    } catch (error) {
      failures++;
      failedAt = now();
      // A stale discovery result may be the cause: resolve it again next time.
      if (!configured) jwksUrl = undefined;
      throw identityError('IDENTITY_UNAVAILABLE', { detail: (error as Error).message });
    }
  }

  function refresh(): Promise<void> {
    if (pending) return pending;
    if (now() - failedAt < failureBackoffMs) {
      return Promise.reject(
        identityError('IDENTITY_UNAVAILABLE', {
          detail: 'the last key set fetch failed; retrying after a pause',
        }),
      );
    }
    attemptedAt = now();
    fetches++;
    pending = load().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (!local || now() - fetchedAt >= options.cacheMaxAgeMs) await refresh();
    try {
      return await (local as LocalSet)(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // Unknown kid: maybe the issuer rotated keys. Join a refresh in flight, or start one
      // unless one was attempted within the cooldown.
      if (pending) await pending;
      else if (now() - attemptedAt >= options.cooldownMs) await refresh();
      else throw error;
      return (local as LocalSet)(header, token);
    }
  };

  return {
    getKey,
    stats: () => ({
      fetches,
      failures,
      keys: keyCount,
      fetchedAt: Number.isFinite(fetchedAt) ? fetchedAt : undefined,
    }),
  };
}
