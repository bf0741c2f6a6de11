/**
 * Resolves a relation name as the upstream session would: a qualified name is itself; an
 * unqualified one goes through pg_catalog first (unless the search_path places pg_catalog
 * explicitly), then the search_path in order, `$user` standing for the upstream login.
 * Without the catalog of user tables the engine cannot know which schema holds the name,
 * so it keeps every schema it may resolve to, over every search_path the session has had.
 */
import { qualifiedName } from '../../sql/identifiers.js';
import { PG_CATALOG_RELATIONS } from './catalog-relations.js';
import type { TableRef } from './types.js';

export interface SearchPathView {
  /** Current search_path (null: unknown). */
  readonly current: readonly string[] | null;
  /** Every search_path the session may have now (current included). */
  readonly possible: readonly (readonly string[] | null)[];
  /** The upstream login name that `$user` stands for, when known. */
  readonly upstreamUser: string | undefined;
}

export function resolveTable(view: SearchPathView, schema: string | undefined, table: string): TableRef {
  if (schema !== undefined) {
    const name = qualifiedName(schema, table);
    return { name, qualified: true, candidates: [name], anySchema: false };
  }
  const current = view.current ? resolveIn(view.current, table, view.upstreamUser) : undefined;
  const candidates = new Set<string>();
  let anySchema = false;
  for (const path of view.possible) {
    if (path === null) {
      anySchema = true;
      continue;
    }
    const r = resolveIn(path, table, view.upstreamUser);
    anySchema ||= r.unknownUser || r.names.length === 0;
    for (const n of r.names) candidates.add(n);
  }
  const name = current?.preferred ?? [...candidates][0] ?? qualifiedName('?', table);
  return { name, qualified: false, candidates: [...candidates], anySchema };
}

interface Resolution {
  /** Names in search order (the upstream takes the first that exists). */
  readonly names: string[];
  /** The first name from an explicitly listed schema (the display name). */
  readonly preferred: string | undefined;
  /** `$user` is in the path but the upstream user is unknown. */
  readonly unknownUser: boolean;
}

function resolveIn(path: readonly string[], table: string, user: string | undefined): Resolution {
  const effective = path.includes('pg_catalog') ? path : ['pg_catalog', ...path];
  const names: string[] = [];
  let preferred: string | undefined;
  let unknownUser = false;
  for (const schema of effective) {
    if (schema === 'pg_catalog') {
      if (PG_CATALOG_RELATIONS.has(table)) {
        const n = qualifiedName('pg_catalog', table);
        names.push(n);
        preferred ??= n;
        break;
      }
      continue;
    }
    if (schema === '$user') {
      if (user === undefined) unknownUser = true;
      else names.push(qualifiedName(user, table));
      continue;
    }
    const n = qualifiedName(schema, table);
    names.push(n);
    preferred ??= n;
  }
  return { names, preferred: preferred ?? names[0], unknownUser };
}
