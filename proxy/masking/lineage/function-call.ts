/**
 * Function calls: built-ins carry their arguments (and FILTER); `count` of a plain column or
 * `*` carries nothing (aggregate-safe) unless its FILTER reads PHI; `min`/`max` and other
 * value-preserving aggregates keep the source's value; `pg_typeof` only reads the type. User
 * functions and the built-ins that read by query text are opaque. ORDER BY inside an ordinary
 * aggregate and window PARTITION BY / ORDER BY are inference facts, not output lineage; inside
 * WITHIN GROUP the ordering is the aggregated input.
 */
import { type AstObject, asArray, asObject, nameList, unwrapNode } from '../../sql/ast.js';
import { quoteIdent } from '../../sql/identifiers.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import {
  CONSTANT,
  combine,
  counted,
  type ExprLineage,
  hasPhi,
  typeOnly,
  withUnknown,
} from './expr-lineage.js';
import { exprLineage } from './expression.js';
import { OPAQUE_BUILTINS, SIDE_CHANNELS, TYPE_ONLY, VALUE_PRESERVING } from './function-rules.js';
import { recordOrdering } from './predicates.js';
import type { Scope } from './scope.js';
import { analyzeQueryNode } from './select.js';

export function functionName(call: AstObject): { schema: string | undefined; name: string; display: string } {
  const parts = nameList(call.funcname);
  const name = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return { schema, name, display: parts.map(quoteIdent).join('.') };
}

/** Whether a call resolves to a built-in that phigate can trace (not opaque). */
export function isTraceableBuiltin(call: AstObject, state: AnalysisState): boolean {
  const { schema, name } = functionName(call);
  const info = state.catalog.func({ schema, name }, state.searchPath);
  return info?.builtin === true && !OPAQUE_BUILTINS.has(name);
}

export function funcCallLineage(call: AstObject, scope: Scope, state: AnalysisState): ExprLineage {
  const { name, display } = functionName(call);
  const sub = (v: unknown) => exprLineage(v, scope, state);
  const args = asArray(call.args).map(sub);
  const order = asArray(call.agg_order).map((s) => unwrapNode(s)?.[1].node);
  if (call.agg_within_group === true) args.push(...order.map(sub));
  else for (const e of order) recordOrdering(e, 'order_by', scope, state);
  const filter = call.agg_filter === undefined ? CONSTANT : sub(call.agg_filter);
  const over = asObject(call.over);
  if (over) recordWindow(over, scope, state);

  if (!isTraceableBuiltin(call, state)) {
    return withUnknown(
      combine([...args, filter]),
      noteUnknown(state, { kind: 'opaque-function', name: display }),
    );
  }
  const channel = SIDE_CHANNELS.get(name);
  if (channel !== undefined) noteFlow(state, display, args[channel]);
  if (name === 'count' && !hasPhi(filter.sources) && countsPlainInput(call))
    return counted([...args, filter]);
  if (TYPE_ONLY.has(name)) return typeOnly(args);
  if (VALUE_PRESERVING.has(name)) {
    const value = combine(args, true);
    const all = combine([value, filter]);
    return { ...all, exact: all.form === 'derived' && value.exact && !hasPhi(filter.sources) };
  }
  return combine([...args, filter]);
}

/** `count(*)`, `count(x)`, `count(DISTINCT x)` over a plain column (or cast of one): counts rows, not values. */
function countsPlainInput(call: AstObject): boolean {
  if (call.agg_star === true) return true;
  const args = asArray(call.args);
  if (args.length !== 1) return false;
  let node = unwrapNode(args[0]);
  while (node && (node[0] === 'TypeCast' || node[0] === 'CollateClause')) node = unwrapNode(node[1].arg);
  return node?.[0] === 'ColumnRef';
}

/** PARTITION BY and ORDER BY of a window: inference facts. */
export function recordWindow(def: AstObject, scope: Scope, state: AnalysisState): void {
  for (const p of asArray(def.partitionClause)) recordOrdering(p, 'window', scope, state);
  for (const o of asArray(def.orderClause)) recordOrdering(unwrapNode(o)?.[1].node, 'window', scope, state);
}

/** SQL/JSON aggregates and JSON_ARRAY(query): like their function forms. */
export function jsonAggLineage(
  type: string,
  body: AstObject,
  scope: Scope,
  state: AnalysisState,
): ExprLineage {
  if (type === 'JsonArrayQueryConstructor') {
    const q = unwrapNode(body.query);
    if (!q) return CONSTANT;
    const set = analyzeQueryNode(q[0], q[1], scope, state);
    return combine([...set.columns.map((c) => c.lineage), ...(set.unknown ? [set.unknown.lineage] : [])]);
  }
  const ctor = (Object.hasOwn(body, 'constructor') ? asObject(body.constructor) : undefined) ?? {};
  for (const o of asArray(ctor.agg_order)) recordOrdering(unwrapNode(o)?.[1].node, 'order_by', scope, state);
  const over = asObject(ctor.over);
  if (over) recordWindow(over, scope, state);
  return combine([exprLineage(body.arg, scope, state), exprLineage(ctor.agg_filter, scope, state)]);
}

function noteFlow(state: AnalysisState, name: string, arg: ExprLineage | undefined): void {
  if (!arg) return;
  const sources = arg.sources.filter((s) => s.entity !== undefined || s.freeText === true);
  if (sources.length > 0 || arg.unknown.length > 0)
    state.flows.push({ target: { type: 'function', name }, sources });
}
