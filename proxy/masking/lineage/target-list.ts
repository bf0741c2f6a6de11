/**
 * A select list (or RETURNING list): each entry is one output column, except `*`, `t.*` and
 * `(composite).*`, which expand in catalog column order. An expansion whose columns are not
 * known makes the shape unknown (the caller then masks every column by the fallback).
 */
import { type AstObject, asArray, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { figureColname } from './column-name.js';
import { resolveColumnRef } from './column-ref.js';
import { combine, type ExprLineage, unknownLineage } from './expr-lineage.js';
import { exprLineage } from './expression.js';
import { functionName, isTraceableBuiltin } from './function-call.js';
import type { ColumnSet, RangeColumn, Scope, UnknownShape } from './scope.js';

export function targetList(list: readonly unknown[], level: Scope, state: AnalysisState): ColumnSet {
  const columns: RangeColumn[] = [];
  let unknown: UnknownShape | undefined;
  const addSet = (set: ColumnSet) => {
    columns.push(...set.columns);
    if (set.unknown)
      unknown = unknown
        ? { reason: unknown.reason, lineage: combine([unknown.lineage, set.unknown.lineage]) }
        : set.unknown;
  };
  for (const item of list) {
    const target = unwrapNode(item);
    if (target?.[0] !== 'ResTarget') continue;
    const res = target[1];
    const val = unwrapNode(res.val);
    if (val?.[0] === 'ColumnRef' && isStar(asArray(val[1].fields))) {
      const ref = resolveColumnRef(val[1], level, state);
      if (ref.type === 'star') addSet(ref.set);
      continue;
    }
    if (val?.[0] === 'A_Indirection' && isStar(asArray(val[1].indirection))) {
      addSet(expandComposite(val[1], level, state));
      continue;
    }
    const name = asString(res.name) ?? figureColname(res.val, subqueryColumnName);
    columns.push({ name, lineage: exprLineage(res.val, level, state) });
  }
  return { columns, unknown };
}

function isStar(list: readonly unknown[]): boolean {
  return unwrapNode(list[list.length - 1])?.[0] === 'A_Star';
}

/** `(p).*`, `(f(x)).*`: the columns of a row value. */
function expandComposite(ind: AstObject, level: Scope, state: AnalysisState): ColumnSet {
  const parts = asArray(ind.indirection);
  const arg = unwrapNode(ind.arg);
  if (parts.length === 1 && arg?.[0] === 'ColumnRef') {
    const ref = resolveColumnRef({ fields: [...asArray(arg[1].fields), { A_Star: {} }] }, level, state);
    if (ref.type === 'star') return ref.set;
  }
  const lineage = exprLineage(ind.arg, level, state);
  if (parts.length === 1 && arg?.[0] === 'FuncCall' && isTraceableBuiltin(arg[1], state)) {
    const { schema, name } = functionName(arg[1]);
    const result = state.catalog.func({ schema, name }, state.searchPath)?.result;
    if (result?.type === 'columns')
      return { columns: result.names.map((n) => ({ name: n, lineage })), unknown: undefined };
  }
  return unknownShape(lineage, state, 'row value expansion');
}

export function unknownShape(lineage: ExprLineage, state: AnalysisState, what: string): ColumnSet {
  const reason = noteUnknown(state, { kind: 'unknown-shape', what });
  return { columns: [], unknown: { reason, lineage: combine([lineage, unknownLineage(reason)]) } };
}

/** The name of a scalar subquery's column, read from its first select-list entry. */
function subqueryColumnName(select: AstObject): string | undefined {
  if (select.op !== undefined && select.op !== 'SETOP_NONE') {
    const larg = select.larg;
    return larg && typeof larg === 'object' ? subqueryColumnName(larg as AstObject) : undefined;
  }
  const first = unwrapNode(asArray(select.targetList)[0]);
  if (first?.[0] !== 'ResTarget') return undefined;
  const name = asString(first[1].name);
  if (name) return name;
  const val = unwrapNode(first[1].val);
  if (val?.[0] === 'ColumnRef' && isStar(asArray(val[1].fields))) return undefined;
  const figured = figureColname(first[1].val, subqueryColumnName);
  return figured === '?column?' ? undefined : figured;
}
