/**
 * Answers "does this table reference hold PHI?" for one set of PHI tables (canonical
 * `schema.table` names). Conservative: a reference is PHI when any name it may resolve to is a
 * PHI table, and, when its schema may be any (unknown search_path or `$user`), when any PHI
 * table has its table name.
 */
import { parseQualifiedName, quoteIdent } from '../../sql/identifiers.js';
import type { TableRef } from '../facts/types.js';

export interface PhiIndex {
  readonly size: number;
  isPhi(table: TableRef): boolean;
}

const indexes = new WeakMap<ReadonlySet<string>, PhiIndex>();

export function phiIndex(tables: ReadonlySet<string>): PhiIndex {
  let index = indexes.get(tables);
  if (!index) {
    index = buildIndex(tables);
    indexes.set(tables, index);
  }
  return index;
}

function buildIndex(tables: ReadonlySet<string>): PhiIndex {
  const tableNames = new Set<string>();
  for (const t of tables) {
    const parts = parseQualifiedName(t);
    const last = parts?.[parts.length - 1];
    if (last) tableNames.add(quoteIdent(last.name));
  }
  return {
    size: tables.size,
    isPhi(ref) {
      if (tables.size === 0) return false;
      for (const c of ref.candidates) if (tables.has(c)) return true;
      if (tables.has(ref.name)) return true;
      if (ref.anySchema) {
        const parts = parseQualifiedName(ref.name);
        const last = parts?.[parts.length - 1];
        return last !== undefined && tableNames.has(quoteIdent(last.name));
      }
      return false;
    },
  };
}
