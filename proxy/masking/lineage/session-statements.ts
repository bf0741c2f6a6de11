/**
 * Statements resolved through session state or wrapping another statement: EXECUTE (the
 * PREPAREd statement's lineage, with the lineage of the EXECUTE arguments substituted for its
 * parameters), FETCH (the DECLAREd cursor's), and EXPLAIN (plan text).
 */
import { type AstObject, asArray, asObject, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { CONSTANT, combine, type ExprLineage, hasPhi, unknownLineage } from './expr-lineage.js';
import { exprLineage } from './expression.js';
import { finish, noRows } from './finish.js';
import type { MaskDecision, StatementLineage } from './lineage-types.js';
import { columnLineage } from './mask-decision.js';
import { type ColumnSet, knownSet, ROOT_SCOPE } from './scope.js';
import { unknownShape } from './target-list.js';

export function executeLineage(body: AstObject, state: AnalysisState): StatementLineage {
  const name = asString(body.name) ?? '';
  const args = executeArgs(body, state);
  const prepared = state.lookups.prepared?.(name);
  if (!prepared) {
    const reason = noteUnknown(state, { kind: 'unknown-prepared', name });
    const set = unknownShape(unknownLineage(reason), state, 'EXECUTE of an unknown prepared statement');
    return { ...finish('ExecuteStmt', 'result', set, state), dependsOnSession: true };
  }
  const set = replay(prepared, state, (l) => {
    const carried = l.params.map((n) => args[n - 1]).filter((a): a is ExprLineage => a !== undefined);
    return carried.some((a) => a.sources.length > 0 || a.unknown.length > 0) ? combine([l, ...carried]) : l;
  });
  const rows = prepared.columns.length > 0 || prepared.shape === 'unknown' ? 'result' : 'none';
  return { ...finish('ExecuteStmt', rows, set, state), prepared: name, dependsOnSession: true };
}

export function fetchLineage(body: AstObject, state: AnalysisState): StatementLineage {
  const name = asString(body.portalname) ?? '';
  if (body.ismove === true) return { ...noRows('FetchStmt', state), cursor: name };
  const cursor = state.lookups.cursor?.(name);
  if (!cursor) {
    const reason = noteUnknown(state, { kind: 'unknown-cursor', name });
    const set = unknownShape(unknownLineage(reason), state, 'FETCH from an unknown cursor');
    return { ...finish('FetchStmt', 'result', set, state), cursor: name, dependsOnSession: true };
  }
  const set = replay(cursor, state, (l) => l);
  return { ...finish('FetchStmt', 'result', set, state), cursor: name, dependsOnSession: true };
}

export function explainLineage(
  body: AstObject,
  state: AnalysisState,
  statement: (node: AstObject, state: AnalysisState) => StatementLineage,
): StatementLineage {
  const query = asObject(body.query) ?? {};
  const inner = statement(query, state);
  // EXPLAIN EXECUTE plans with the argument values as constants: arguments computed from PHI show in the plan.
  const exec = unwrapNode(query);
  const argsCarryPhi =
    exec?.[0] === 'ExecuteStmt' &&
    executeArgs(exec[1], state).some((a) => hasPhi(a.sources) || (a.unknown.length > 0 && state.touchesPhi));
  const plan = finish('ExplainStmt', 'result', knownSet([{ name: 'QUERY PLAN', lineage: CONSTANT }]), state);
  const decision: MaskDecision = argsCarryPhi
    ? { mask: true, entity: 'OTHER_ID', method: 'redact', detect: false }
    : { mask: false, detect: inner.touchesPhi };
  return {
    ...plan,
    columns: plan.columns.map((c) => ({ ...c, ...decision })),
    explain: { analyze: explainAnalyzes(body.options), inner },
  };
}

function executeArgs(body: AstObject, state: AnalysisState): ExprLineage[] {
  return asArray(body.params).map((p) => exprLineage(p, ROOT_SCOPE, state));
}

/** Merges an earlier statement's facts into this one and returns its columns as lineage. */
function replay(l: StatementLineage, state: AnalysisState, map: (l: ExprLineage) => ExprLineage): ColumnSet {
  if (l.touchesPhi) state.touchesPhi = true;
  for (const r of l.unknownLineage) state.unknown.set(JSON.stringify(r), r);
  for (const p of l.predicateUses) state.predicates.set(JSON.stringify(p), p);
  for (const r of l.relations) if (!state.relations.has(r.oid)) state.relations.set(r.oid, r);
  state.flows.push(...l.phiFlows);
  const columns = l.columns.map((c) => ({ name: c.name, lineage: map(columnLineage(c)) }));
  if (l.shape === 'known') return knownSet(columns);
  const reason = l.unknownLineage[0] ?? { kind: 'unknown-shape' as const, what: 'earlier statement' };
  const lineage = combine([...columns.map((c) => c.lineage), unknownLineage(reason)]);
  return { columns, unknown: { reason, lineage } };
}

/** EXPLAIN runs the statement when ANALYZE is on (anything but an explicit false). */
function explainAnalyzes(options: unknown): boolean {
  let analyze = false;
  for (const item of asArray(options)) {
    const def = unwrapNode(item);
    if (def?.[0] !== 'DefElem') continue;
    const name = asString(def[1].defname);
    if (name !== 'analyze' && name !== 'analyse') continue;
    const arg = unwrapNode(def[1].arg);
    const text = arg ? String(arg[1].sval ?? arg[1].boolval ?? arg[1].ival ?? '').toLowerCase() : '';
    analyze = !(arg && ['false', 'off', '0', 'no', 'n', 'f', ''].includes(text));
  }
  return analyze;
}
