/**
 * Name scopes as PostgreSQL's parser keeps them: each query level has namespace items (a
 * relation, subquery, function, CTE reference or join), each visible by its name, by its
 * columns, or both; levels chain outward for correlated references. CTEs are scoped separately.
 */
import type { ExprLineage } from './expr-lineage.js';
import type { UnknownReason } from './lineage-types.js';

export interface RangeColumn {
  readonly name: string;
  readonly lineage: ExprLineage;
}

/** The columns of a query or FROM item; `unknown` when some columns are not known (then `columns` is partial). */
export interface ColumnSet {
  readonly columns: readonly RangeColumn[];
  readonly unknown: UnknownShape | undefined;
}

/** Columns that cannot be listed: any of them has `lineage`, which carries the reason. */
export interface UnknownShape {
  readonly reason: UnknownReason;
  readonly lineage: ExprLineage;
}

export interface RangeItem {
  /** Alias, or the relation / CTE / function name; undefined for a join without alias. */
  readonly refname: string | undefined;
  /** The relation's schema when the item is an unaliased relation (for `schema.table.column`). */
  readonly schema: string | undefined;
  readonly set: ColumnSet;
  /** Reachable by name (`p.ssn`, `p.*`, whole-row `p`). */
  readonly relVisible: boolean;
  /** Reachable by unqualified column names and `*`. */
  readonly colsVisible: boolean;
  /** The catalog relation, when the item is one (a whole-row reference reports it with attnum 0). */
  readonly relOid?: number | undefined;
}

export interface CteDef {
  readonly name: string;
  /** Undefined while a non-recursive CTE's own query is analyzed (it cannot see itself). */
  set: ColumnSet | undefined;
}

export interface Scope {
  readonly items: readonly RangeItem[];
  readonly parent: Scope | undefined;
  readonly ctes: ReadonlyMap<string, CteDef>;
}

export const ROOT_SCOPE: Scope = Object.freeze({ items: [], parent: undefined, ctes: new Map() });

export function childScope(parent: Scope, items: readonly RangeItem[] = []): Scope {
  return { items, parent, ctes: parent.ctes };
}

export function withItems(scope: Scope, items: readonly RangeItem[]): Scope {
  return { ...scope, items };
}

export function findCte(scope: Scope, name: string): CteDef | undefined {
  return scope.ctes.get(name);
}

/** Applies `alias (a, b, ...)` column aliases to the first columns. */
export function renameColumns(set: ColumnSet, names: readonly string[]): ColumnSet {
  if (names.length === 0) return set;
  return {
    ...set,
    columns: set.columns.map((c, i) => (i < names.length ? { ...c, name: names[i]! } : c)),
  };
}

export function knownSet(columns: readonly RangeColumn[]): ColumnSet {
  return { columns, unknown: undefined };
}
