/**
 * The stable error codes of token verification. Messages name what is wrong (a claim, the
 * algorithm, the key id) and never carry the token or any claim value. Token problems are
 * refused as SQLSTATE 28P01 (the password, i.e. the token, is not acceptable) or 28000 (a valid
 * token that is not for this gateway); HTTP front ends use the status (401, or 503 when the
 * issuer's keys cannot be fetched: fail closed).
 */
import { PhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';

export const IDENTITY_ERROR = {
  tokenMissing: 'TOKEN_MISSING',
  tokenMalformed: 'TOKEN_MALFORMED',
  tokenExpired: 'TOKEN_EXPIRED',
  tokenNotYetValid: 'TOKEN_NOT_YET_VALID',
  tokenBadSignature: 'TOKEN_BAD_SIGNATURE',
  tokenAlgNotAllowed: 'TOKEN_ALG_NOT_ALLOWED',
  tokenWrongIssuer: 'TOKEN_WRONG_ISSUER',
  tokenWrongAudience: 'TOKEN_WRONG_AUDIENCE',
  tokenUnknownKey: 'TOKEN_UNKNOWN_KEY',
  tokenClaimMissing: 'TOKEN_CLAIM_MISSING',
  tokenClaimInvalid: 'TOKEN_CLAIM_INVALID',
  tokenGroupsOverage: 'TOKEN_GROUPS_OVERAGE',
  identityUnavailable: 'IDENTITY_UNAVAILABLE',
  identityConfigInvalid: 'IDENTITY_CONFIG_INVALID',
} as const;

export type IdentityErrorCode = (typeof IDENTITY_ERROR)[keyof typeof IDENTITY_ERROR];

interface ErrorShape {
  readonly sqlstate: string;
  readonly status: number;
  readonly message: string;
  readonly hint?: string;
}

const NEW_TOKEN = 'request a new access token from the identity provider and use it as the password';

const SHAPES: Record<IdentityErrorCode, ErrorShape> = {
  TOKEN_MISSING: {
    sqlstate: SQLSTATE.invalidPassword,
    status: 401,
    message: 'no access token: phigate expects an OIDC access token as the password',
    hint: NEW_TOKEN,
  },
  TOKEN_MALFORMED: {
    sqlstate: SQLSTATE.invalidPassword,
    status: 401,
    message: 'access token is malformed: expected a signed JWT (three base64url parts)',
    hint: NEW_TOKEN,
  },
  TOKEN_EXPIRED: {
    sqlstate: SQLSTATE.invalidPassword,
    status: 401,
    message: 'access token has expired (claim exp)',
    hint: NEW_TOKEN,
  },
  TOKEN_NOT_YET_VALID: {
    sqlstate: SQLSTATE.invalidPassword,
    status: 401,
    message: 'access token is not valid yet (claim nbf is in the future)',
    hint: 'check the clock of the machine that issued or uses the token',
  },
  TOKEN_BAD_SIGNATURE: {
    sqlstate: SQLSTATE.invalidPassword,
    status: 401,
    message: 'access token signature is invalid',
    hint: NEW_TOKEN,
  },
  TOKEN_ALG_NOT_ALLOWED: {
    sqlstate: SQLSTATE.invalidPassword,
    status: 401,
    message: 'access token signing algorithm is not allowed',
  },
  TOKEN_WRONG_ISSUER: {
    sqlstate: SQLSTATE.invalidAuthorizationSpecification,
    status: 401,
    message: 'access token was issued by an issuer this gateway does not trust (claim iss)',
    hint: 'request the token from the tenant and issuer configured for phigate',
  },
  TOKEN_WRONG_AUDIENCE: {
    sqlstate: SQLSTATE.invalidAuthorizationSpecification,
    status: 401,
    message: 'access token is not intended for this gateway (claim aud)',
    hint: "request the token for phigate's application id URI (the configured audience)",
  },
  TOKEN_UNKNOWN_KEY: {
    sqlstate: SQLSTATE.invalidPassword,
    status: 401,
    message: 'access token is signed with a key the issuer does not publish (unknown kid)',
    hint: NEW_TOKEN,
  },
  TOKEN_CLAIM_MISSING: {
    sqlstate: SQLSTATE.invalidAuthorizationSpecification,
    status: 401,
    message: 'access token lacks a required claim',
  },
  TOKEN_CLAIM_INVALID: {
    sqlstate: SQLSTATE.invalidAuthorizationSpecification,
    status: 401,
    message: 'access token has a claim of the wrong type',
  },
  TOKEN_GROUPS_OVERAGE: {
    sqlstate: SQLSTATE.invalidAuthorizationSpecification,
    status: 401,
    message: 'access token does not list all groups of the caller (Entra groups overage)',
    hint: 'assign app roles, or emit only "groups assigned to the application" in the token configuration',
  },
  IDENTITY_UNAVAILABLE: {
    sqlstate: SQLSTATE.invalidAuthorizationSpecification,
    status: 503,
    message: 'identity provider signing keys are unavailable: cannot verify access tokens, refusing',
    hint: 'retry later; operators: check that phigate can reach the issuer (discovery document and JWKS)',
  },
  IDENTITY_CONFIG_INVALID: {
    sqlstate: SQLSTATE.internalError,
    status: 500,
    message: 'identity configuration is invalid',
  },
};

/**
 * Builds the PhigateError for `code`. `detail` must only name things (claims, algorithms,
 * endpoints from the configuration), never values taken from the token.
 */
export function identityError(
  code: IdentityErrorCode,
  options: { message?: string; detail?: string; cause?: unknown } = {},
): PhigateError {
  const shape = SHAPES[code];
  return new PhigateError(code, options.message ?? shape.message, {
    sqlstate: shape.sqlstate,
    status: shape.status,
    detail: options.detail,
    hint: shape.hint,
    cause: options.cause,
  });
}
