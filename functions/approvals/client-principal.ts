import type { ApproverIdentity } from '../../core/approvals/decision.js';

/**
 * Reads the signed-in user from App Service authentication's `x-ms-client-principal` header
 * (base64 JSON `{ auth_typ, name_typ, role_typ, claims: [{ typ, val }] }`). The platform sets it
 * after validating the user's session and strips any copy a client sends; it is trusted only
 * because App Service authentication is enabled on the app (see docs/approvers.md).
 */
const OID = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const SUB = ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier', 'sub'];
const UPN = [
  'preferred_username',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
  'upn',
  'email',
];
const NAME = ['name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'];
const GROUPS = ['groups', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'];

export type PrincipalResult =
  | { readonly ok: true; readonly identity: ApproverIdentity }
  | {
      readonly ok: false;
      readonly code: 'not_signed_in' | 'principal_malformed' | 'groups_overage';
      readonly reason: string;
    };

export function readClientPrincipal(header: string | null | undefined): PrincipalResult {
  if (!header)
    return { ok: false, code: 'not_signed_in', reason: 'no signed-in user (App Service authentication)' };
  if (header.length > 64_000) return malformed();
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    return malformed();
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as { claims?: unknown }).claims))
    return malformed();
  const d = doc as { claims: unknown[]; name_typ?: unknown };
  const claims = d.claims.filter(
    (c): c is { typ: string; val: string } =>
      !!c &&
      typeof c === 'object' &&
      typeof (c as { typ?: unknown }).typ === 'string' &&
      typeof (c as { val?: unknown }).val === 'string',
  );
  const first = (types: readonly string[]) => claims.find((c) => types.includes(c.typ))?.val;
  const all = (types: readonly string[]) => claims.filter((c) => types.includes(c.typ)).map((c) => c.val);
  if (claims.some((c) => c.typ === '_claim_names' || c.typ === 'hasgroups')) {
    return {
      ok: false,
      code: 'groups_overage',
      reason:
        'the sign-in token lists no groups (group overage); assign the approvers group to the app registration',
    };
  }
  const oid = first(OID);
  const sub = first(SUB);
  const id = oid ?? sub;
  if (!id) return malformed();
  const nameTyp = typeof d.name_typ === 'string' ? d.name_typ : undefined;
  const name = first(NAME) ?? (nameTyp ? first([nameTyp]) : undefined) ?? first(UPN) ?? id;
  const aliases = [sub, first(UPN), oid].filter((v): v is string => !!v && v !== id);
  return {
    ok: true,
    identity: {
      id,
      name: name.slice(0, 256),
      aliases: [...new Set(aliases)].slice(0, 20),
      groups: all(GROUPS).slice(0, 500),
      source: 'app-service',
    },
  };
}

function malformed(): PrincipalResult {
  return { ok: false, code: 'principal_malformed', reason: 'the client principal header is not valid' };
}
