import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { APPROVAL_ACTION, type ApprovalAction } from './decision.js';

/** Which approve button a token belongs to: this statement once, or a window the approver sets. */
export const TOKEN_SCOPE = { once: 'once', window: 'window' } as const;
export type TokenScope = (typeof TOKEN_SCOPE)[keyof typeof TOKEN_SCOPE];

/**
 * Decision tokens: a signed, single-use permission to post one decision. Bound to the approval
 * id, the action (and for approve, the scope kind of the button), the approver who was shown the
 * page, and an expiry. A `once` token cannot carry a window; a `window` token needs one. HMAC-SHA256 with a key
 * from the app settings; the token carries no secret and no PHI. Single use is enforced by the
 * consumer (orchestration state / local workflow), keyed by `jti`.
 */
export interface DecisionTokenClaims {
  readonly approvalId: string;
  readonly action: ApprovalAction;
  /** With `approve`: which kind of grant the token may make; undefined with `deny`. */
  readonly scope: TokenScope | undefined;
  /** The approver id the token was minted for (the signed-in user who saw the review page). */
  readonly approverId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly jti: string;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: DecisionTokenClaims }
  | {
      readonly ok: false;
      readonly code: 'token_malformed' | 'token_forged' | 'token_expired';
      readonly reason: string;
    };

export const MIN_SIGNING_KEY_BYTES = 32;
const PREFIX = 'v1';

export function assertSigningKey(key: Uint8Array): void {
  if (key.byteLength < MIN_SIGNING_KEY_BYTES) {
    throw new Error(`decision signing key must be at least ${MIN_SIGNING_KEY_BYTES} bytes`);
  }
}

export function signDecisionToken(
  key: Uint8Array,
  claims: Omit<DecisionTokenClaims, 'jti' | 'scope'> & { jti?: string; scope?: TokenScope },
): string {
  assertSigningKey(key);
  if (claims.action === 'deny' && claims.scope) throw new Error('a deny token has no scope');
  const body = {
    v: 1,
    aid: claims.approvalId,
    act: claims.action,
    ...(claims.action === 'approve' ? { scp: claims.scope ?? TOKEN_SCOPE.once } : {}),
    sub: claims.approverId,
    exp: claims.expiresAt,
    jti: claims.jti ?? randomBytes(16).toString('base64url'),
  };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${PREFIX}.${payload}.${mac(key, payload)}`;
}

export function verifyDecisionToken(key: Uint8Array, token: unknown, now: number): TokenCheck {
  assertSigningKey(key);
  if (typeof token !== 'string' || token.length > 2_048) return malformed();
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return malformed();
  const [, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(key, payload), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'token_forged', reason: 'the decision token signature does not verify' };
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return malformed();
  }
  const claims = claimsOf(body);
  if (!claims) return malformed();
  if (now >= claims.expiresAt)
    return { ok: false, code: 'token_expired', reason: 'the decision token has expired' };
  return { ok: true, claims };
}

function mac(key: Uint8Array, payload: string): string {
  return createHmac('sha256', key).update(`phigate-decision.${payload}`).digest('base64url');
}

function malformed(): TokenCheck {
  return { ok: false, code: 'token_malformed', reason: 'the decision token is not a phigate decision token' };
}

function claimsOf(body: unknown): DecisionTokenClaims | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const actions: readonly unknown[] = Object.values(APPROVAL_ACTION);
  if (
    b.v !== 1 ||
    typeof b.aid !== 'string' ||
    !actions.includes(b.act) ||
    typeof b.sub !== 'string' ||
    typeof b.exp !== 'number' ||
    !Number.isFinite(b.exp) ||
    typeof b.jti !== 'string'
  ) {
    return undefined;
  }
  const scopes: readonly unknown[] = Object.values(TOKEN_SCOPE);
  // Tokens of the first format carry no scope: they approve once, the narrowest grant.
  const scope = b.act === 'approve' ? (b.scp ?? TOKEN_SCOPE.once) : b.scp;
  if (b.act === 'approve' ? !scopes.includes(scope) : scope !== undefined) return undefined;
  return {
    approvalId: b.aid,
    action: b.act as ApprovalAction,
    scope: scope as TokenScope | undefined,
    approverId: b.sub,
    expiresAt: b.exp,
    jti: b.jti,
  };
}

/** Decodes a base64 key from an app setting; refuses short keys. */
export function signingKeyFromBase64(value: string | undefined): Uint8Array {
  if (!value) throw new Error('decision signing key is not set');
  const key = Buffer.from(value, 'base64');
  assertSigningKey(key);
  return key;
}
