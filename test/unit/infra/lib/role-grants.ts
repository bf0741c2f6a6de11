/**
 * Who is granted what, read from the templates: every object literal with `principalId` and
 * `roleDefinitionId: roles.<key>` (Azure RBAC) or `secretName` (a Key Vault secret read), and the
 * Cosmos DB data-plane principal lists. Principals are traced back through module parameters to
 * where main.bicep names them (a module output such as proxyIdentity, or a main.bicep param).
 * A grant is attributed to the module file that applies it (where its scope is).
 */
import type { Token } from './bicep-lexer.js';
import { type BicepOutline, objectEntries } from './bicep-outline.js';
import { type Files, outlines, resolveFrom } from './infra-files.js';

export interface Grant {
  /** `proxyIdentity`, `controlPlaneIdentity`, or `param:<name of a main.bicep param>`. */
  readonly principal: string;
  /** A key of roles.json, `keyVaultSecretsUser:<secret>`, `cosmos:appender` or `cosmos:dataReader`. */
  readonly role: string;
  /** The module that applies the grant at its resource's scope. */
  readonly appliedIn: string;
}

const MAIN = 'infra/main.bicep';
const COSMOS_MODULE = 'infra/core/cosmos-audit-index.bicep';
const COSMOS_LISTS: Record<string, string> = {
  appenderPrincipalIds: 'cosmos:appender',
  readerPrincipalIds: 'cosmos:dataReader',
};

const significant = (tokens: readonly Token[]) => tokens.filter((t) => t.kind !== 'newline');

export function extractGrants(files: Files): Grant[] {
  const all = outlines(files);
  const grants: Grant[] = [];
  for (const [file, o] of all) {
    for (const m of o.modules) {
      const target = resolveFrom(file, m.path);
      // Object literals passed anywhere in this module call.
      m.body.forEach((t, i) => {
        if (t.text !== '{' || t.kind !== 'punct') return;
        const entries = new Map(objectEntries(m.body, i).map((e) => [e.key, e.value]));
        const principal = entries.get('principalId');
        if (!principal) return;
        const roleTokens = significant(entries.get('roleDefinitionId') ?? []);
        const secret = significant(entries.get('secretName') ?? [])[0];
        let role: string | undefined;
        if (roleTokens[0]?.text === 'roles' && roleTokens[1]?.text === '.' && roleTokens[2])
          role = roleTokens[2].text;
        else if (secret?.kind === 'string' && secret.value) role = `keyVaultSecretsUser:${secret.value}`;
        else if (roleTokens.length || secret) role = `unresolved:${roleTokens.map((x) => x.text).join('')}`;
        if (!role) return;
        for (const p of resolvePrincipal(all, file, principal))
          grants.push({ principal: p, role, appliedIn: target });
      });
      if (target === COSMOS_MODULE) {
        for (const e of m.params) {
          const role = COSMOS_LISTS[e.key];
          if (!role) continue;
          const items = significant(e.value).filter((t) => t.kind === 'ident');
          for (const item of items) {
            for (const p of resolvePrincipal(all, file, [item]))
              grants.push({ principal: p, role, appliedIn: target });
          }
        }
      }
    }
  }
  return grants;
}

/** Traces a principal expression to main.bicep: `X.outputs.principalId` -> X; a param -> its callers. */
export function resolvePrincipal(
  all: ReadonlyMap<string, BicepOutline>,
  file: string,
  value: readonly Token[],
  seen: ReadonlySet<string> = new Set(),
): string[] {
  const t = significant(value);
  if (t.length === 5 && t[1]?.text === '.' && t[2]?.text === 'outputs' && t[4]?.text === 'principalId') {
    return [file === MAIN ? t[0]!.text : `${file}#${t[0]!.text}`];
  }
  if (t.length === 1 && t[0]!.kind === 'ident') {
    const name = t[0]!.text;
    const o = all.get(file);
    if (o?.params.some((p) => p.name === name)) {
      if (file === MAIN) return [`param:${name}`];
      const key = `${file}#${name}`;
      if (seen.has(key)) return [`cycle:${key}`];
      const callers: string[] = [];
      for (const [callerFile, caller] of all) {
        for (const m of caller.modules) {
          if (resolveFrom(callerFile, m.path) !== file) continue;
          const arg = m.params.find((e) => e.key === name);
          if (!arg) continue;
          callers.push(...resolvePrincipal(all, callerFile, arg.value, new Set([...seen, key])));
        }
      }
      return callers.length ? callers : [`uncalled:${key}`];
    }
  }
  return [`unresolved:${file}:${t.map((x) => x.text).join('')}`];
}

export const grantKey = (g: Grant) => `${g.principal} -> ${g.role} @ ${g.appliedIn}`;
