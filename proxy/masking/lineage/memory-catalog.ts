/**
 * A LineageCatalog over a snapshot of the upstream catalog, resolving names as the upstream
 * session does: a qualified name in its schema; an unqualified relation in the first schema of
 * the effective path that has it (pg_catalog first unless the path places it, `$user` as the
 * login, schemas the login cannot use skipped); a function over every schema of the path, since
 * overload resolution may pick any of them. Temporary schemas are not in the snapshot.
 */
import type {
  CatalogFunction,
  CatalogRelation,
  FunctionResult,
  LineageCatalog,
  QualifiedName,
} from './catalog-types.js';

export interface FunctionEntry {
  readonly schema: string;
  readonly name: string;
  readonly result: FunctionResult;
}

export interface CatalogSnapshot {
  /** The upstream login that `$user` in a search path stands for. */
  readonly currentUser: string;
  /** Schemas the login has USAGE on (others are skipped in search paths); undefined: all. */
  readonly usableSchemas?: readonly string[] | undefined;
  readonly relations: readonly CatalogRelation[];
  readonly functions: readonly FunctionEntry[];
}

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

export function createLineageCatalog(snapshot: CatalogSnapshot): LineageCatalog {
  const relations = new Map<string, CatalogRelation>();
  for (const r of snapshot.relations) relations.set(key(r.schema, r.name), r);
  const functions = new Map<string, FunctionEntry[]>();
  for (const f of snapshot.functions) {
    const list = functions.get(f.name) ?? [];
    list.push(f);
    functions.set(f.name, list);
  }
  const usable = snapshot.usableSchemas ? new Set(snapshot.usableSchemas) : undefined;
  const resolvedFunctions = new Map<string, CatalogFunction | null>();

  const effectivePath = (path: readonly string[]): string[] => {
    const named = path.map((s) => (s === '$user' ? snapshot.currentUser : s));
    const withCatalog = named.includes('pg_catalog') ? named : ['pg_catalog', ...named];
    return withCatalog.filter(
      (s) => s !== 'pg_temp' && !s.startsWith('pg_temp_') && (!usable || usable.has(s)),
    );
  };

  return {
    relation(name: QualifiedName, searchPath: readonly string[]): CatalogRelation | undefined {
      if (name.schema !== undefined) return relations.get(key(name.schema, name.name));
      for (const schema of effectivePath(searchPath)) {
        const hit = relations.get(key(schema, name.name));
        if (hit) return hit;
      }
      return undefined;
    },
    func(name: QualifiedName, searchPath: readonly string[]): CatalogFunction | undefined {
      const cacheKey = `${name.schema ?? ''}\u0000${name.name}\u0000${searchPath.join('\u0000')}`;
      const cached = resolvedFunctions.get(cacheKey);
      if (cached !== undefined) return cached ?? undefined;
      const all = functions.get(name.name) ?? [];
      const schemas = name.schema !== undefined ? [name.schema] : effectivePath(searchPath);
      const visible = all.filter((f) => schemas.includes(f.schema));
      let resolved: CatalogFunction | null = null;
      if (visible.length > 0) {
        const shapes = new Set(visible.map((f) => JSON.stringify(f.result)));
        const result: FunctionResult = shapes.size === 1 ? visible[0]!.result : { type: 'unknown' };
        resolved = Object.freeze({ builtin: visible.every((f) => SYSTEM_SCHEMAS.has(f.schema)), result });
      }
      if (resolvedFunctions.size < 10_000) resolvedFunctions.set(cacheKey, resolved);
      return resolved ?? undefined;
    },
  };
}

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}
