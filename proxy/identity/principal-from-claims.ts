/**
 * Turns the claims of a verified access token into the session's Principal.
 *
 * Groups: the union of `groups` (Entra group object ids) and `roles` (app role values), so a
 * policy can match either; with app-only tokens (client credentials, the usual case for
 * agents) app roles are the only way to carry group-like membership. When Entra signals a
 * groups overage (`_claim_names.groups` or `hasgroups`), the list in the token is incomplete
 * and the token is refused: a policy that denies by group must not be bypassed by it.
 */
import type { Principal } from '../../core/identity/principal.js';
import { identityError } from './identity-errors.js';

export type Claims = Readonly<Record<string, unknown>>;

const MAX_GROUPS = 1_000;

function optionalString(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw identityError('TOKEN_CLAIM_INVALID', { message: `access token claim "${name}" must be a string` });
  }
  return value === '' ? undefined : value;
}

function firstString(claims: Claims, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = optionalString(claims, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function stringList(claims: Claims, name: string): string[] {
  const value = claims[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_GROUPS || !value.every((v) => typeof v === 'string')) {
    throw identityError('TOKEN_CLAIM_INVALID', {
      message: `access token claim "${name}" must be an array of at most ${MAX_GROUPS} strings`,
    });
  }
  return value as string[];
}

function hasGroupsOverage(claims: Claims): boolean {
  const names = claims._claim_names;
  const namesGroups = typeof names === 'object' && names !== null && 'groups' in names;
  return namesGroups || claims.hasgroups === true || claims.hasgroups === 'true';
}

export function principalFromClaims(claims: Claims, agentIdClaims: readonly string[]): Principal {
  const subject = optionalString(claims, 'sub');
  if (subject === undefined) {
    throw identityError('TOKEN_CLAIM_MISSING', { message: 'access token lacks the required claim "sub"' });
  }
  const issuer = optionalString(claims, 'iss');
  const exp = claims.exp;
  if (issuer === undefined || typeof exp !== 'number' || !Number.isFinite(exp)) {
    // jose has checked both already; this keeps the Principal total.
    throw identityError('TOKEN_CLAIM_MISSING', {
      message: 'access token lacks the required claims "iss" and "exp"',
    });
  }
  const agentId = firstString(claims, agentIdClaims);
  if (agentId === undefined) {
    throw identityError('TOKEN_CLAIM_MISSING', {
      message: `access token has none of the agent id claims (${agentIdClaims.join(', ')})`,
    });
  }
  if (hasGroupsOverage(claims)) throw identityError('TOKEN_GROUPS_OVERAGE');
  const groups = Object.freeze([
    ...new Set([...stringList(claims, 'groups'), ...stringList(claims, 'roles')]),
  ]);
  return Object.freeze({
    agentId,
    subject,
    objectId: optionalString(claims, 'oid'),
    appId: firstString(claims, ['azp', 'appid']),
    tenantId: optionalString(claims, 'tid'),
    displayName: firstString(claims, ['name', 'app_displayname', 'preferred_username']),
    groups,
    tokenId: firstString(claims, ['jti', 'uti']),
    issuer,
    expiresAt: Math.floor(exp * 1000),
  });
}
