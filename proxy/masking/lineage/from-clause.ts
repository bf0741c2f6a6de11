/**
 * FROM items as namespace items: relations (tables and views through the catalog, CTEs by
 * name), subqueries (LATERAL ones see the items before them), functions, XMLTABLE and
 * JSON_TABLE, and joins. A join's columns are the merged USING / NATURAL columns, then the left
 * side's others, then the right side's; without an alias its sides stay reachable by name only.
 */
import { type AstObject, asArray, asObject, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { combine, type ExprLineage, unknownLineage } from './expr-lineage.js';
import { recordLineage, recordPredicates } from './predicates.js';
import { rangeFunction, tableFunction } from './range-function.js';
import { relationSet } from './relation-columns.js';
import {
  type ColumnSet,
  knownSet,
  type RangeColumn,
  type RangeItem,
  renameColumns,
  type Scope,
} from './scope.js';
import { analyzeQueryNode } from './select.js';

interface FromResult {
  readonly items: readonly RangeItem[];
  readonly set: ColumnSet;
}

/** The namespace items of a FROM list, in order. `scope` is the enclosing level (with CTEs). */
export function fromClause(list: readonly unknown[], scope: Scope, state: AnalysisState): RangeItem[] {
  const items: RangeItem[] = [];
  for (const entry of list) items.push(...fromItem(entry, scope, items, state).items);
  return items;
}

export function aliasNames(alias: AstObject | undefined): string[] {
  return asArray(alias?.colnames).map((n) => asString(unwrapNode(n)?.[1].sval) ?? '');
}

function single(refname: string | undefined, set: ColumnSet, schema?: string, relOid?: number): FromResult {
  const item: RangeItem = {
    refname,
    schema,
    set,
    relVisible: refname !== undefined,
    colsVisible: true,
    relOid,
  };
  return { items: [item], set };
}

function fromItem(
  value: unknown,
  outer: Scope,
  preceding: readonly RangeItem[],
  state: AnalysisState,
): FromResult {
  const node = unwrapNode(value);
  const lateral: Scope = { items: preceding, parent: outer, ctes: outer.ctes };
  if (!node) return single(undefined, unknownSet(state, 'FROM item'));
  const [type, body] = node;
  const alias = asObject(body.alias);
  switch (type) {
    case 'RangeVar':
      return relation(body, outer, state);
    case 'RangeSubselect': {
      const q = unwrapNode(body.subquery);
      const scope = body.lateral === true ? lateral : { items: [], parent: outer, ctes: outer.ctes };
      const set = q ? analyzeQueryNode(q[0], q[1], scope, state) : unknownSet(state, 'subquery');
      return single(asString(alias?.aliasname), renameColumns(set, aliasNames(alias)));
    }
    case 'RangeFunction': {
      const fn = rangeFunction(body, lateral, state);
      return single(fn.refname, fn.set);
    }
    case 'RangeTableFunc':
    case 'JsonTable':
      return single(asString(alias?.aliasname), tableFunction(type, body, lateral, state));
    case 'RangeTableSample':
      return fromItem(body.relation, outer, preceding, state);
    case 'JoinExpr':
      return join(body, outer, preceding, state);
    default:
      return single(undefined, unknownSet(state, type));
  }
}

function relation(rv: AstObject, scope: Scope, state: AnalysisState): FromResult {
  const name = asString(rv.relname) ?? '';
  const schema = asString(rv.schemaname);
  const alias = asObject(rv.alias);
  const refname = asString(alias?.aliasname) ?? name;
  const cte = schema === undefined ? scope.ctes.get(name) : undefined;
  if (cte?.set) return single(refname, renameColumns(cte.set, aliasNames(alias)));
  const rel = state.catalog.relation({ schema, name }, state.searchPath);
  if (!rel) {
    const reason = noteUnknown(state, {
      kind: 'unknown-relation',
      name: schema ? `${schema}.${name}` : name,
    });
    return single(refname, { columns: [], unknown: { reason, lineage: unknownLineage(reason) } });
  }
  const set = renameColumns(relationSet(rel, state), aliasNames(alias));
  return single(refname, set, alias ? undefined : rel.schema, rel.oid);
}

function join(j: AstObject, outer: Scope, preceding: readonly RangeItem[], state: AnalysisState): FromResult {
  const left = fromItem(j.larg, outer, preceding, state);
  const right = fromItem(j.rarg, outer, [...preceding, ...left.items], state);
  const both: Scope = { items: [...left.items, ...right.items], parent: outer, ctes: outer.ctes };
  recordPredicates(j.quals, 'join', both, state);
  const using = j.isNatural === true ? commonNames(left.set, right.set) : names(j.usingClause);
  const merged: RangeColumn[] = using.map((name) => {
    const l = side(left.set, name, state);
    const r = side(right.set, name, state);
    for (const x of [l, r])
      recordLineage(x, x.form === 'column' ? 'eq' : 'function', 'column', 'join', state);
    return { name, lineage: mergedColumn(j.jointype, l, r) };
  });
  const usingSet = new Set(using);
  const rest = (set: ColumnSet) => set.columns.filter((c) => !usingSet.has(c.name));
  const unknown = left.set.unknown ?? right.set.unknown;
  const set: ColumnSet = {
    columns: [...merged, ...rest(left.set), ...rest(right.set)],
    unknown: unknown && {
      reason: unknown.reason,
      lineage: combine(
        [left.set.unknown?.lineage, right.set.unknown?.lineage].filter((l) => l !== undefined),
      ),
    },
  };
  const alias = asObject(j.alias);
  if (alias) return single(asString(alias.aliasname), renameColumns(set, aliasNames(alias)));
  const items: RangeItem[] = [...left.items, ...right.items].map((i) => ({ ...i, colsVisible: false }));
  items.push({ refname: undefined, schema: undefined, set, relVisible: false, colsVisible: true });
  const usingAlias = asString(asObject(j.join_using_alias)?.aliasname);
  if (usingAlias)
    items.push({
      refname: usingAlias,
      schema: undefined,
      set: knownSet(merged),
      relVisible: true,
      colsVisible: false,
    });
  return { items, set };
}

/** A merged column is the left value (RIGHT JOIN: the right one; FULL JOIN: COALESCE of both) and carries both. */
function mergedColumn(jointype: unknown, l: ExprLineage, r: ExprLineage): ExprLineage {
  if (jointype === 'JOIN_FULL') return combine([l, r], true);
  const base = jointype === 'JOIN_RIGHT' ? r : l;
  const both = combine([l, r], true);
  if (base.form === 'column') return { ...both, form: 'column', exact: true, origin: base.origin };
  return { ...both, origin: base.origin };
}

function side(set: ColumnSet, name: string, state: AnalysisState): ExprLineage {
  const hit = set.columns.find((c) => c.name === name);
  if (hit) return hit.lineage;
  if (set.unknown) return set.unknown.lineage;
  return unknownLineage(noteUnknown(state, { kind: 'unknown-column', name }));
}

function commonNames(l: ColumnSet, r: ColumnSet): string[] {
  const right = new Set(r.columns.map((c) => c.name));
  return l.columns.map((c) => c.name).filter((n) => right.has(n));
}

function names(list: unknown): string[] {
  return asArray(list).map((n) => asString(unwrapNode(n)?.[1].sval) ?? '');
}

function unknownSet(state: AnalysisState, node: string): ColumnSet {
  const reason = noteUnknown(state, { kind: 'unsupported', node });
  return { columns: [], unknown: { reason, lineage: unknownLineage(reason) } };
}
