/**
 * A query block: WITH, then FROM, then the select list (with `*` expansion), VALUES and set
 * operations (each output the union of its branches); WHERE, GROUP BY, HAVING, WINDOW, ORDER BY,
 * DISTINCT ON and LIMIT go to the inference facts.
 */
import { type AstObject, asArray, asObject, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, nested, noteUnknown } from './analysis-state.js';
import { analyzeDml } from './dml.js';
import { combine, type ExprLineage, unknownLineage } from './expr-lineage.js';
import { exprLineage } from './expression.js';
import { fromClause } from './from-clause.js';
import { recordWindow } from './function-call.js';
import { recordOrdering, recordPredicates } from './predicates.js';
import { type ColumnSet, knownSet, type RangeColumn, type Scope } from './scope.js';
import { targetList } from './target-list.js';
import { withClause } from './with-clause.js';

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** A query in any position (subquery, CTE, COPY, view): its output columns. */
export function analyzeQueryNode(
  type: string,
  body: AstObject,
  outer: Scope,
  state: AnalysisState,
): ColumnSet {
  const result = nested(state, () => {
    if (type === 'SelectStmt') return analyzeSelect(body, outer, state);
    if (DML.has(type)) return analyzeDml(type, body, outer, state).returning ?? knownSet([]);
    return undefined;
  });
  if (result) return result;
  const lineage = unknownLineage(noteUnknown(state, { kind: 'unsupported', node: type }));
  return { columns: [], unknown: { reason: lineage.unknown[0]!, lineage } };
}

export function analyzeSelect(s: AstObject, outer: Scope, state: AnalysisState): ColumnSet {
  const scope = withClause(asObject(s.withClause), outer, state);
  if (s.op !== undefined && s.op !== 'SETOP_NONE') return setOperation(s, scope, state);
  if (s.valuesLists !== undefined) return values(s, scope, state);
  const level: Scope = {
    items: fromClause(asArray(s.fromClause), scope, state),
    parent: scope,
    ctes: scope.ctes,
  };
  const out = targetList(asArray(s.targetList), level, state);
  recordPredicates(s.whereClause, 'where', level, state);
  for (const g of asArray(s.groupClause)) groupItem(g, level, out, state);
  recordPredicates(s.havingClause, 'having', level, state);
  for (const w of asArray(s.windowClause)) {
    const def = unwrapNode(w);
    if (def) recordWindow(def[1], level, state);
  }
  for (const d of asArray(s.distinctClause)) if (unwrapNode(d)) sortItem(d, 'distinct_on', level, out, state);
  for (const o of asArray(s.sortClause)) sortItem(unwrapNode(o)?.[1].node, 'order_by', level, out, state);
  recordPredicates([s.limitCount, s.limitOffset], 'limit', level, state);
  return out;
}

function setOperation(s: AstObject, scope: Scope, state: AnalysisState): ColumnSet {
  const left = analyzeSelect(asObject(s.larg) ?? {}, scope, state);
  const right = analyzeSelect(asObject(s.rarg) ?? {}, scope, state);
  const columns: RangeColumn[] = left.columns.map((c, i) => {
    const r = right.columns[i];
    return { name: c.name, lineage: combine(r ? [c.lineage, r.lineage] : [c.lineage], true) };
  });
  let unknown = left.unknown ?? right.unknown;
  if (!unknown && right.columns.length !== left.columns.length) {
    const lineage = unknownLineage(
      noteUnknown(state, { kind: 'unknown-shape', what: 'set operation branches' }),
    );
    unknown = { reason: lineage.unknown[0]!, lineage };
  }
  if (unknown) unknown = { reason: unknown.reason, lineage: combine([...all(left), ...all(right)]) };
  const out: ColumnSet = { columns, unknown };
  const level: Scope = { items: [outputItem(out)], parent: scope, ctes: scope.ctes };
  for (const o of asArray(s.sortClause)) sortItem(unwrapNode(o)?.[1].node, 'order_by', level, out, state);
  recordPredicates([s.limitCount, s.limitOffset], 'limit', level, state);
  return out;
}

function values(s: AstObject, scope: Scope, state: AnalysisState): ColumnSet {
  const perColumn: ExprLineage[][] = [];
  for (const row of asArray(s.valuesLists)) {
    const items = asArray(unwrapNode(row)?.[1].items);
    items.forEach((item, i) => {
      (perColumn[i] ??= []).push(exprLineage(item, scope, state));
    });
  }
  const out = knownSet(perColumn.map((ls, i) => ({ name: `column${i + 1}`, lineage: combine(ls, true) })));
  const level: Scope = { items: [outputItem(out)], parent: scope, ctes: scope.ctes };
  for (const o of asArray(s.sortClause)) sortItem(unwrapNode(o)?.[1].node, 'order_by', level, out, state);
  return out;
}

const all = (set: ColumnSet) => [
  ...set.columns.map((c) => c.lineage),
  ...(set.unknown ? [set.unknown.lineage] : []),
];

function outputItem(set: ColumnSet) {
  return { refname: undefined, schema: undefined, set, relVisible: false, colsVisible: true };
}

/** ORDER BY / DISTINCT ON: a bare name is an output column first, an integer constant its ordinal. */
function sortItem(
  expr: unknown,
  clause: 'order_by' | 'distinct_on',
  level: Scope,
  out: ColumnSet,
  state: AnalysisState,
) {
  const resolved = outputByName(expr, out) ?? outputByOrdinal(expr, out);
  recordOrdering(expr, clause, level, state, resolved);
}

/** GROUP BY: a bare name is an input column first, then an output column; integers are ordinals. */
function groupItem(expr: unknown, level: Scope, out: ColumnSet, state: AnalysisState): void {
  const node = unwrapNode(expr);
  if (node?.[0] === 'GroupingSet') {
    for (const c of asArray(node[1].content)) groupItem(c, level, out, state);
    return;
  }
  if (node?.[0] === 'List') {
    for (const c of asArray(node[1].items)) groupItem(c, level, out, state);
    return;
  }
  const byOrdinal = outputByOrdinal(expr, out);
  if (byOrdinal) return recordOrdering(expr, 'group_by', level, state, byOrdinal);
  const name = bareName(expr);
  const isInput = name !== undefined && hasInputColumn(name, level);
  const byName = isInput ? undefined : outputByName(expr, out);
  recordOrdering(expr, 'group_by', level, state, byName);
}

function hasInputColumn(name: string, level: Scope): boolean {
  for (let s: Scope | undefined = level; s; s = s.parent)
    for (const item of s.items)
      if (item.colsVisible && item.set.columns.some((c) => c.name === name)) return true;
  return false;
}

function bareName(expr: unknown): string | undefined {
  const node = unwrapNode(expr);
  if (node?.[0] !== 'ColumnRef') return undefined;
  const fields = asArray(node[1].fields);
  if (fields.length !== 1) return undefined;
  const f = unwrapNode(fields[0]);
  return f?.[0] === 'String' ? (f[1].sval as string | undefined) : undefined;
}

function outputByName(expr: unknown, out: ColumnSet): ExprLineage | undefined {
  const name = bareName(expr);
  if (name === undefined) return undefined;
  const hits = out.columns.filter((c) => c.name === name);
  return hits.length === 1 ? hits[0]!.lineage : undefined;
}

function outputByOrdinal(expr: unknown, out: ColumnSet): ExprLineage | undefined {
  const node = unwrapNode(expr);
  if (node?.[0] !== 'A_Const') return undefined;
  const ival = asObject(node[1].ival);
  if (!ival) return undefined;
  const n = typeof ival.ival === 'number' ? ival.ival : 0;
  return out.columns[n - 1]?.lineage;
}
