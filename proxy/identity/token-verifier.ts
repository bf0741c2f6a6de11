/**
 * Verifies OIDC access tokens (the password of a PostgreSQL session, the bearer token of
 * HTTP) against the issuer's published keys and turns them into a Principal.
 *
 * Order of checks: shape and size, header `alg` against the allowlist (`none` and HMAC are
 * never in it: an HS256 token "signed" with the RSA public key is refused before any key is
 * looked up), `iss` (so tokens of foreign issuers never cause a key fetch), then jose:
 * key by `kid`, signature, `iss`, `aud`, `exp`/`nbf` with the clock tolerance, required claims.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { Config } from '../../core/config/schema.js';
import type { Principal } from '../../core/identity/principal.js';
import { secureEndpoint } from './endpoint-url.js';
import type { FetchLike } from './fetch-json.js';
import { identityError } from './identity-errors.js';
import { createJwksSource, type JwksStats } from './jwks-source.js';
import { mapJoseError } from './map-jose-error.js';
import { principalFromClaims } from './principal-from-claims.js';

export interface TokenVerifier {
  /** Resolves to the verified caller; rejects with a PhigateError (TOKEN_*, IDENTITY_UNAVAILABLE). */
  verify(token: string): Promise<Principal>;
  /** Key set fetch counters, for metrics and health. */
  stats(): JwksStats;
}

export interface TokenVerifierOptions {
  /** Clock (epoch ms); defaults to Date.now. */
  readonly now?: () => number;
  /** Timeout of one discovery or JWKS request; default 5 s. */
  readonly fetchTimeoutMs?: number;
  /** HTTP client for discovery and JWKS; defaults to the global fetch. */
  readonly fetch?: FetchLike;
}

/** Entra tokens with many groups are a few KiB; a password message is capped at 64 KiB. */
export const MAX_TOKEN_LENGTH = 32 * 1024;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const NEVER_ALLOWED = /^(none|HS\d+)$/i;
/** Registered JWS algorithm names: only these are ever echoed in an error message. */
const KNOWN_ALGS = new Set(
  'none HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 ES256K EdDSA Ed25519 Ed448'.split(
    ' ',
  ),
);
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'sub'];

export function createTokenVerifier(
  config: Config['identity'],
  options: TokenVerifierOptions = {},
): TokenVerifier {
  secureEndpoint(config.issuer, 'identity.issuer');
  const algorithms = [...config.algorithms];
  const bad = algorithms.find((a) => NEVER_ALLOWED.test(a));
  if (bad) {
    throw identityError('IDENTITY_CONFIG_INVALID', {
      message: `identity.algorithms must not contain ${bad}: none and HMAC algorithms are never accepted`,
    });
  }
  const allowed: ReadonlySet<string> = new Set(algorithms);
  const now = options.now ?? Date.now;
  const audience = typeof config.audience === 'string' ? config.audience : [...config.audience];
  const jwks = createJwksSource({
    issuer: config.issuer,
    jwksUri: config.jwksUri,
    cacheMaxAgeMs: config.jwksCacheMaxAgeSeconds * 1000,
    cooldownMs: config.jwksCooldownSeconds * 1000,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 5_000,
    now,
    fetch: options.fetch,
  });
  const agentIdClaims = [...config.agentIdClaims];

  function precheck(token: string): void {
    if (typeof token !== 'string' || token.trim() === '') throw identityError('TOKEN_MISSING');
    if (token.length > MAX_TOKEN_LENGTH) {
      throw identityError('TOKEN_MALFORMED', {
        message: `access token is longer than ${MAX_TOKEN_LENGTH} characters`,
      });
    }
    if (!COMPACT_JWS.test(token)) {
      const parts = token.split('.').length;
      throw identityError('TOKEN_MALFORMED', {
        message:
          parts === 5
            ? 'access token is encrypted (JWE): phigate needs a signed access token (JWS)'
            : 'access token is malformed: expected a signed JWT (three base64url parts)',
      });
    }
    let alg: unknown;
    let iss: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
      iss = decodeJwt(token).iss;
    } catch {
      throw identityError('TOKEN_MALFORMED', {
        message: 'access token is malformed: its header or payload is not base64url-encoded JSON',
      });
    }
    if (typeof alg !== 'string' || alg === '') {
      throw identityError('TOKEN_MALFORMED', { message: 'access token header has no "alg"' });
    }
    if (!allowed.has(alg)) {
      const named = KNOWN_ALGS.has(alg) ? ` (${alg})` : '';
      throw identityError('TOKEN_ALG_NOT_ALLOWED', {
        message: `access token signing algorithm${named} is not allowed`,
        detail: `allowed: ${algorithms.join(', ')}`,
      });
    }
    if (iss === undefined) {
      throw identityError('TOKEN_CLAIM_MISSING', { message: 'access token lacks the required claim "iss"' });
    }
    if (iss !== config.issuer) throw identityError('TOKEN_WRONG_ISSUER');
  }

  return {
    async verify(token: string): Promise<Principal> {
      precheck(token);
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, jwks.getKey, {
          algorithms,
          issuer: config.issuer,
          audience,
          clockTolerance: config.clockToleranceSeconds,
          requiredClaims: REQUIRED_CLAIMS,
          currentDate: options.now ? new Date(now()) : undefined,
        }));
      } catch (error) {
        throw mapJoseError(error);
      }
      return principalFromClaims(payload, agentIdClaims);
    },
    stats: () => jwks.stats(),
  };
}
