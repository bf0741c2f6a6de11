/**
 * Inference-guard facts: PHI (and free-text) columns used in WHERE, JOIN, HAVING, GROUP BY,
 * ORDER BY, window and DISTINCT ON clauses, with the comparison they are a direct operand of
 * (`function` when they sit inside an expression) and what they are compared to. Subqueries in
 * these clauses are analyzed on the way, so their own clauses are recorded too.
 */
import { type AstObject, asArray, asString, unwrapNode } from '../../sql/ast.js';
import type { AnalysisState } from './analysis-state.js';
import { type ExprLineage, sourceKey } from './expr-lineage.js';
import { exprLineage } from './expression.js';
import type { PredicateClause, PredicateOperator, PredicateUse } from './lineage-types.js';
import type { Scope } from './scope.js';

type ComparedTo = PredicateUse['comparedTo'];

const OPERATORS: Readonly<Record<string, PredicateOperator>> = {
  '=': 'eq',
  '<>': 'neq',
  '!=': 'neq',
  '<': 'range',
  '>': 'range',
  '<=': 'range',
  '>=': 'range',
  '~~': 'like',
  '~~*': 'like',
  '!~~': 'like',
  '!~~*': 'like',
  '~': 'like',
  '~*': 'like',
  '!~': 'like',
  '!~*': 'like',
};

/** Walks a boolean condition (WHERE, ON, HAVING, FILTER-free predicates). */
export function recordPredicates(
  value: unknown,
  clause: PredicateClause,
  scope: Scope,
  state: AnalysisState,
): void {
  if (Array.isArray(value)) {
    for (const v of value) recordPredicates(v, clause, scope, state);
    return;
  }
  const node = unwrapNode(value);
  if (!node) return;
  const [type, body] = node;
  const use = (operand: unknown, op: PredicateOperator, other: unknown) =>
    recordOperand(operand, op, comparedTo(other), clause, scope, state);
  switch (type) {
    case 'BoolExpr':
      return recordPredicates(body.args, clause, scope, state);
    case 'A_Expr': {
      const op = operatorOf(body);
      use(body.lexpr, op, body.rexpr);
      use(body.rexpr, op, body.lexpr);
      return;
    }
    case 'NullTest':
      return use(body.arg, 'is_null', undefined);
    case 'SubLink': {
      const kind = body.subLinkType;
      if (kind === 'ANY_SUBLINK' || kind === 'ALL_SUBLINK' || kind === 'ROWCOMPARE_SUBLINK') {
        const names = asArray(body.operName).map((n) => asString(unwrapNode(n)?.[1].sval) ?? '');
        const opName = names[names.length - 1] ?? '=';
        const op =
          opName === '=' || (opName === '<>' && kind === 'ALL_SUBLINK')
            ? 'in'
            : (OPERATORS[opName] ?? 'other');
        // The subquery is analyzed once, as the compared value of the test expression.
        recordOperand(body.testexpr, op, 'subquery', clause, scope, state);
        recordOperand(
          { SubLink: { ...body, subLinkType: 'ARRAY_SUBLINK' } },
          op,
          'column',
          clause,
          scope,
          state,
        );
        return;
      }
      return use(value, 'other', undefined);
    }
    default:
      return use(value, 'other', undefined);
  }
}

/** An ORDER BY / GROUP BY / PARTITION BY / DISTINCT ON item; `resolved` when it names an output column. */
export function recordOrdering(
  value: unknown,
  clause: PredicateClause,
  scope: Scope,
  state: AnalysisState,
  resolved?: ExprLineage,
): void {
  if (resolved)
    return recordLineage(resolved, resolved.form === 'column' ? 'other' : 'function', 'none', clause, state);
  recordOperand(value, 'other', 'none', clause, scope, state);
}

function recordOperand(
  operand: unknown,
  op: PredicateOperator,
  other: ComparedTo,
  clause: PredicateClause,
  scope: Scope,
  state: AnalysisState,
): void {
  if (operand === undefined) return;
  const lineage = exprLineage(operand, scope, state);
  recordLineage(
    lineage,
    isDirect(operand) && lineage.form === 'column' ? op : 'function',
    other,
    clause,
    state,
  );
}

export function recordLineage(
  lineage: ExprLineage,
  operator: PredicateOperator,
  comparedTo: ComparedTo,
  clause: PredicateClause,
  state: AnalysisState,
): void {
  const inView = state.viewDepth > 0;
  for (const column of lineage.sources) {
    if (column.entity === undefined && column.freeText !== true) continue;
    const use: PredicateUse = {
      column,
      clause,
      operator,
      comparedTo,
      comparedToParam: comparedTo === 'param',
      inView,
    };
    state.predicates.set(`${sourceKey(column)}|${clause}|${operator}|${comparedTo}|${inView}`, use);
  }
}

function operatorOf(body: AstObject): PredicateOperator {
  const names = asArray(body.name).map((n) => asString(unwrapNode(n)?.[1].sval) ?? '');
  const name = names[names.length - 1] ?? '';
  switch (body.kind) {
    case 'AEXPR_IN':
      return 'in';
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL':
      return name === '=' || name === '<>' ? 'in' : (OPERATORS[name] ?? 'other');
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
    case 'AEXPR_SIMILAR':
      return 'like';
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM':
      return 'range';
    case 'AEXPR_DISTINCT':
      return 'neq';
    case 'AEXPR_NOT_DISTINCT':
      return 'eq';
    case 'AEXPR_OP':
      return OPERATORS[name] ?? 'other';
    default:
      return 'other';
  }
}

function stripCasts(value: unknown): [string, AstObject] | undefined {
  let node = unwrapNode(value);
  while (node && (node[0] === 'TypeCast' || node[0] === 'CollateClause')) node = unwrapNode(node[1].arg);
  return node;
}

function isDirect(value: unknown): boolean {
  return stripCasts(value)?.[0] === 'ColumnRef';
}

function comparedTo(value: unknown): ComparedTo {
  if (value === undefined) return 'none';
  const node = stripCasts(value);
  if (!node) return 'expression';
  switch (node[0]) {
    case 'ParamRef':
      return 'param';
    case 'A_Const':
      return 'constant';
    case 'ColumnRef':
      return 'column';
    case 'SubLink':
      return 'subquery';
    case 'List':
    case 'A_ArrayExpr': {
      const items = asArray(node[0] === 'List' ? node[1].items : node[1].elements).map(comparedTo);
      if (items.length > 0 && items.every((i) => i === 'param')) return 'param';
      if (items.every((i) => i === 'param' || i === 'constant')) return 'constant';
      return 'expression';
    }
    default:
      return 'expression';
  }
}
