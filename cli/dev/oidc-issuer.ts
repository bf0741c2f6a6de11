/**
 * The dev OIDC issuer of `phigate dev`: RS256 keys under `<dataDir>/dev/issuer/`, the
 * discovery document and JWKS served by the gateway's HTTP server, and a `mint` that signs
 * access tokens shaped like Entra's (iss, aud, sub = azp = agent, name, groups, jti, tid).
 * The gateway verifies them with the same code as Entra tokens (proxy/identity).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type JWK, SignJWT } from 'jose';
import { DEV_KEY_ALG, type DevKeyRing, loadOrCreateDevKeys, readDevKeys, rotateDevKey } from './dev-keys.js';
import { readIssuerState, writeIssuerState } from './oidc-issuer-state.js';

export const DEV_AUDIENCE = 'phigate';
export const DEV_TENANT = 'dev';
const DEFAULT_TTL_SECONDS = 3600;
/** Dev tokens live at most 30 days (either direction: a negative ttl mints an expired token). */
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

export interface MintOptions {
  agent: string;
  groups?: string[];
  /** Seconds until expiry (default 3600); negative mints an already expired token. */
  ttlSeconds?: number;
  audience?: string;
  issuer?: string;
  /** Extra claims, applied last (they may override the defaults, e.g. `nbf`). */
  claims?: Record<string, unknown>;
}

export interface DevIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
  /** Key id of the key that signs new tokens. */
  readonly kid: string;
  /** Serves `<issuer>/.well-known/openid-configuration` and `<issuer>/jwks`; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  mint(options: MintOptions): Promise<string>;
  /** Adds a new signing key (it signs from now on); the old ones stay in the JWKS. Returns its kid. */
  rotateKey(): Promise<string>;
  /** The published key set (public keys only). */
  jwks(): { readonly keys: readonly JWK[] };
}

function normalizeIssuerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('dev issuer URL is not a valid URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new Error('dev issuer URL must be http(s) without query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}

function checkMintOptions(o: MintOptions): void {
  if (typeof o.agent !== 'string' || o.agent.trim() === '')
    throw new Error('mint: agent must be a non-empty string');
  const ttl = o.ttlSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl === 0 || Math.abs(ttl) > MAX_TTL_SECONDS)) {
    throw new Error(`mint: ttlSeconds must be a non-zero integer within ±${MAX_TTL_SECONDS}`);
  }
  if (o.groups !== undefined && !o.groups.every((g) => typeof g === 'string' && g !== '')) {
    throw new Error('mint: groups must be non-empty strings');
  }
}

function sendJson(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'public, max-age=60',
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

function build(issuer: string, audience: string, dataDir: string, initial: DevKeyRing): DevIssuer {
  let keys = initial;
  const jwksUri = `${issuer}/jwks`;
  const base = new URL(issuer).pathname.replace(/\/+$/, '');
  const discoveryPath = `${base}/.well-known/openid-configuration`;
  const jwksPath = `${base}/jwks`;
  const discovery = Object.freeze({
    issuer,
    jwks_uri: jwksUri,
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [DEV_KEY_ALG],
    claims_supported: ['iss', 'aud', 'sub', 'azp', 'name', 'groups', 'jti', 'tid', 'iat', 'nbf', 'exp'],
  });

  return {
    issuer,
    jwksUri,
    audience,
    get kid() {
      return keys.active.kid;
    },
    handle(req, res) {
      let path: string;
      try {
        path = new URL(req.url ?? '/', 'http://localhost').pathname;
      } catch {
        return false;
      }
      if (path !== discoveryPath && path !== jwksPath) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'Method Not Allowed', status: 405 }));
        return true;
      }
      sendJson(req, res, path === jwksPath ? keys.jwks : discovery);
      return true;
    },
    async mint(options) {
      checkMintOptions(options);
      const now = Math.floor(Date.now() / 1000);
      const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
      const exp = now + ttl;
      const iat = ttl > 0 ? now : exp - DEFAULT_TTL_SECONDS;
      const payload = {
        iss: options.issuer ?? issuer,
        aud: options.audience ?? audience,
        sub: options.agent,
        azp: options.agent,
        name: options.agent,
        groups: options.groups ?? [],
        jti: randomUUID(),
        tid: DEV_TENANT,
        iat,
        nbf: iat,
        exp,
        ...options.claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: DEV_KEY_ALG, kid: keys.active.kid, typ: 'JWT' })
        .sign(keys.signingKey);
    },
    async rotateKey() {
      keys = await rotateDevKey(dataDir);
      return keys.active.kid;
    },
    jwks: () => keys.jwks,
  };
}

/**
 * Opens (creating keys on first use) the dev issuer that will be served at `issuerUrl`
 * (e.g. http://127.0.0.1:7071/dev-issuer) and records that URL for `phigate token`.
 */
export async function openDevIssuer(options: { dataDir: string; issuerUrl: string }): Promise<DevIssuer> {
  const issuer = normalizeIssuerUrl(options.issuerUrl);
  const keys = await loadOrCreateDevKeys(options.dataDir);
  const dev = build(issuer, DEV_AUDIENCE, options.dataDir, keys);
  await writeIssuerState(options.dataDir, {
    issuer,
    jwksUri: dev.jwksUri,
    audience: DEV_AUDIENCE,
    updatedAt: new Date().toISOString(),
  });
  return dev;
}

/**
 * The dev issuer as last opened under `dataDir` (for `phigate token` without a running
 * server); undefined when `phigate dev` never ran there.
 */
export async function loadDevIssuer(dataDir: string): Promise<DevIssuer | undefined> {
  const state = await readIssuerState(dataDir);
  if (!state) return undefined;
  const keys = await readDevKeys(dataDir);
  if (!keys) return undefined;
  return build(normalizeIssuerUrl(state.issuer), state.audience, dataDir, keys);
}
