/**
 * INSERT, UPDATE, DELETE and MERGE: RETURNING rows carry the target's stored columns (plus
 * FROM / USING / source items; `old` and `new` name the target), WHERE, ON and WHEN conditions
 * are inference facts, and PHI written into a column not classified as that entity is a PHI
 * flow (data laundered into a column that later reads would not mask).
 */
import { type AstObject, asArray, asObject, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { CONSTANT, type ExprLineage, unknownLineage } from './expr-lineage.js';
import { exprLineage } from './expression.js';
import { aliasNames, fromClause } from './from-clause.js';
import { recordPredicates } from './predicates.js';
import { relationSet } from './relation-columns.js';
import { type ColumnSet, type RangeItem, renameColumns, type Scope } from './scope.js';
import { analyzeQueryNode } from './select.js';
import { targetList } from './target-list.js';
import { withClause } from './with-clause.js';

interface Target {
  readonly item: RangeItem;
  readonly schema: string;
  readonly table: string;
}

export function analyzeDml(
  type: string,
  s: AstObject,
  outer: Scope,
  state: AnalysisState,
): { returning: ColumnSet | undefined } {
  const scope = withClause(asObject(s.withClause), outer, state);
  const target = targetOf(asObject(s.relation) ?? {}, state);
  const items: RangeItem[] = [target.item];
  if (type === 'UpdateStmt') items.push(...fromClause(asArray(s.fromClause), scope, state));
  if (type === 'DeleteStmt') items.push(...fromClause(asArray(s.usingClause), scope, state));
  if (type === 'MergeStmt') items.push(...fromClause([s.sourceRelation], scope, state));
  const level: Scope = { items, parent: scope, ctes: scope.ctes };
  recordPredicates(s.whereClause, 'where', level, state);
  if (type === 'InsertStmt') insert(s, target, scope, state);
  if (type === 'UpdateStmt') assignments(asArray(s.targetList), target, level, state);
  if (type === 'MergeStmt') merge(s, target, level, state);
  const returning = asObject(s.returningClause);
  const list = returning ? asArray(returning.exprs) : asArray(s.returningList);
  if (!returning && s.returningList === undefined) return { returning: undefined };
  const names = { old: 'old', new: 'new' };
  for (const o of asArray(returning?.options)) {
    const opt = unwrapNode(o)?.[1];
    const value = asString(opt?.value);
    if (opt && value) names[opt.option === 'RETURNING_OPTION_OLD' ? 'old' : 'new'] = value;
  }
  const aliases = [names.old, names.new].map(
    (refname): RangeItem => ({ ...target.item, refname, schema: undefined, colsVisible: false }),
  );
  const retLevel: Scope = { ...level, items: [...items, ...aliases] };
  return { returning: targetList(list, retLevel, state) };
}

function targetOf(rv: AstObject, state: AnalysisState): Target {
  const name = asString(rv.relname) ?? '';
  const schema = asString(rv.schemaname);
  const alias = asObject(rv.alias);
  const refname = asString(alias?.aliasname) ?? name;
  const rel = state.catalog.relation({ schema, name }, state.searchPath);
  let set: ColumnSet;
  if (rel) set = renameColumns(relationSet(rel, state), aliasNames(alias));
  else {
    const reason = noteUnknown(state, {
      kind: 'unknown-relation',
      name: schema ? `${schema}.${name}` : name,
    });
    set = { columns: [], unknown: { reason, lineage: unknownLineage(reason) } };
  }
  const item: RangeItem = {
    refname,
    schema: alias ? undefined : rel?.schema,
    set,
    relVisible: true,
    colsVisible: true,
    relOid: rel?.oid,
  };
  return { item, schema: rel?.schema ?? schema ?? '?', table: rel?.name ?? name };
}

function insert(s: AstObject, target: Target, scope: Scope, state: AnalysisState): void {
  const cols = asArray(s.cols).map((c) => asString(unwrapNode(c)?.[1].name) ?? '');
  const names = cols.length > 0 ? cols : target.item.set.columns.map((c) => c.name);
  const source = unwrapNode(s.selectStmt);
  const values = source ? analyzeQueryNode(source[0], source[1], scope, state) : undefined;
  const written = new Map<string, ExprLineage>();
  names.forEach((name, i) => {
    const value = values?.columns[i]?.lineage ?? values?.unknown?.lineage;
    if (value) written.set(name, value);
  });
  for (const [name, value] of written) noteWrite(target, name, value, state);
  const conflict = asObject(s.onConflictClause);
  if (!conflict) return;
  const excluded: RangeItem = {
    refname: 'excluded',
    schema: undefined,
    set: {
      columns: target.item.set.columns.map((c) => ({
        name: c.name,
        lineage: written.get(c.name) ?? CONSTANT,
      })),
      unknown: target.item.set.unknown,
    },
    relVisible: true,
    colsVisible: false,
  };
  const level: Scope = { items: [target.item, excluded], parent: scope, ctes: scope.ctes };
  recordPredicates(conflict.whereClause, 'where', level, state);
  assignments(asArray(conflict.targetList), target, level, state);
}

/** `SET col = expr`, `SET (a, b) = (subquery | ROW(...))`. */
function assignments(list: readonly unknown[], target: Target, level: Scope, state: AnalysisState): void {
  for (const entry of list) {
    const res = unwrapNode(entry)?.[1];
    if (!res) continue;
    const name = asString(res.name) ?? '';
    noteWrite(target, name, exprLineage(res.val, level, state), state);
  }
}

function merge(s: AstObject, target: Target, level: Scope, state: AnalysisState): void {
  recordPredicates(s.joinCondition, 'join', level, state);
  for (const w of asArray(s.mergeWhenClauses)) {
    const when = unwrapNode(w)?.[1];
    if (!when) continue;
    recordPredicates(when.condition, 'where', level, state);
    if (when.commandType === 'CMD_UPDATE') assignments(asArray(when.targetList), target, level, state);
    if (when.commandType === 'CMD_INSERT') {
      const cols = asArray(when.targetList).map((c) => asString(unwrapNode(c)?.[1].name) ?? '');
      const names = cols.length > 0 ? cols : target.item.set.columns.map((c) => c.name);
      asArray(when.values).forEach((v, i) => {
        noteWrite(target, names[i] ?? '?', exprLineage(v, level, state), state);
      });
    }
  }
}

/** PHI (or unknown lineage) written where the target column does not hold that same entity. */
function noteWrite(target: Target, column: string, value: ExprLineage, state: AnalysisState): void {
  const phi = value.sources.filter((s) => s.entity !== undefined || s.freeText === true);
  if (phi.length === 0 && value.unknown.length === 0) return;
  const own = target.item.set.columns.find((c) => c.name === column)?.lineage.sources ?? [];
  const ownEntities = new Set(own.map((s) => s.entity ?? (s.freeText ? 'FREE_TEXT' : undefined)));
  const fits = value.unknown.length === 0 && phi.every((s) => ownEntities.has(s.entity ?? 'FREE_TEXT'));
  if (fits) return;
  state.flows.push({
    target: { type: 'column', schema: target.schema, table: target.table, column },
    sources: phi,
  });
}
