/**
 * The lineage of a value expression: column references resolve through the scope; operators,
 * casts, CASE, COALESCE, arrays, rows, JSON and XML constructors carry the union of their
 * parts; subqueries carry their output. A node type not listed here is walked for its parts and
 * marked unknown (fail closed).
 */
import { type AstObject, asArray, isObject, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, nested, noteUnknown } from './analysis-state.js';
import { resolveColumnRef, setAsValue } from './column-ref.js';
import {
  CONSTANT,
  combine,
  counted,
  type ExprLineage,
  hasPhi,
  paramLineage,
  typeOnly,
  unknownLineage,
  withUnknown,
} from './expr-lineage.js';
import { funcCallLineage, jsonAggLineage } from './function-call.js';
import type { Scope } from './scope.js';
import { analyzeQueryNode } from './select.js';

/** Constructors whose value is built from all their parts. */
const CONSTRUCTORS = new Set([
  'A_ArrayExpr',
  'RowExpr',
  'BoolExpr',
  'NullTest',
  'BooleanTest',
  'XmlExpr',
  'XmlSerialize',
  'JsonObjectConstructor',
  'JsonArrayConstructor',
  'JsonFuncExpr',
  'JsonIsPredicate',
  'JsonParseExpr',
  'JsonScalarExpr',
  'JsonSerializeExpr',
  'JsonValueExpr',
  'JsonKeyValue',
  'JsonOutput',
  'JsonFormat',
  'JsonBehavior',
  'JsonArgument',
  'List',
  'A_Indices',
  'MultiAssignRef',
  'SortBy',
]);
/** Nodes with no column source. */
const LEAVES = new Set([
  'A_Const',
  'String',
  'Integer',
  'Float',
  'Boolean',
  'BitString',
  'TypeName',
  'SQLValueFunction',
  'SetToDefault',
  'CurrentOfExpr',
  'MergeSupportFunc',
  'A_Star',
]);

export function exprLineage(value: unknown, scope: Scope, state: AnalysisState): ExprLineage {
  if (Array.isArray(value)) return combine(value.map((v) => exprLineage(v, scope, state)));
  const node = unwrapNode(value);
  if (!node) return isObject(value) ? combine(parts(value, scope, state)) : CONSTANT;
  const result = nested(state, () => typed(node[0], node[1], scope, state));
  return result ?? unknownLineage(noteUnknown(state, { kind: 'unsupported', node: 'nesting too deep' }));
}

function typed(type: string, body: AstObject, scope: Scope, state: AnalysisState): ExprLineage {
  if (LEAVES.has(type)) return CONSTANT;
  const sub = (v: unknown) => exprLineage(v, scope, state);
  switch (type) {
    case 'ParamRef':
      return paramLineage(typeof body.number === 'number' ? body.number : 0);
    case 'ColumnRef': {
      const ref = resolveColumnRef(body, scope, state);
      return ref.type === 'value' ? ref.lineage : setAsValue(ref.set);
    }
    case 'TypeCast':
    case 'CollateClause':
    case 'NamedArgExpr':
      return combine([sub(body.arg)], true);
    case 'A_Expr':
      return combine([sub(body.lexpr), sub(body.rexpr)], body.kind === 'AEXPR_NULLIF');
    case 'CoalesceExpr':
    case 'MinMaxExpr':
      return combine(asArray(body.args).map(sub), true);
    case 'CaseExpr':
      return caseLineage(body, sub);
    case 'A_Indirection':
      return indirectionLineage(body, scope, state);
    case 'SubLink':
      return subLinkLineage(body, scope, state);
    case 'SelectStmt':
      return setAsValue(analyzeQueryNode(type, body, scope, state));
    case 'FuncCall':
      return funcCallLineage(body, scope, state);
    case 'JsonObjectAgg':
    case 'JsonArrayAgg':
    case 'JsonArrayQueryConstructor':
      return jsonAggLineage(type, body, scope, state);
    case 'GroupingFunc':
      return typeOnly(asArray(body.args).map(sub));
    default:
      if (CONSTRUCTORS.has(type)) return combine(parts(body, scope, state));
      return withUnknown(
        combine(parts(body, scope, state)),
        noteUnknown(state, { kind: 'unsupported', node: type }),
      );
  }
}

/** Every expression under a node body (wrapped nodes, lists, and unwrapped typed fields). */
function parts(body: AstObject, scope: Scope, state: AnalysisState): ExprLineage[] {
  const out: ExprLineage[] = [];
  for (const key in body) {
    const v = body[key];
    if (isObject(v) || Array.isArray(v)) out.push(exprLineage(v, scope, state));
  }
  return out;
}

/** CASE is a source value unchanged only when its conditions carry no PHI. */
function caseLineage(body: AstObject, sub: (v: unknown) => ExprLineage): ExprLineage {
  const results: ExprLineage[] = [];
  const conditions: ExprLineage[] = [sub(body.arg)];
  for (const w of asArray(body.args)) {
    const when = unwrapNode(w);
    if (!when) continue;
    conditions.push(sub(when[1].expr));
    results.push(sub(when[1].result));
  }
  results.push(sub(body.defresult));
  const value = combine(results, true);
  const cond = combine(conditions);
  const all = combine([value, cond]);
  return { ...all, exact: all.form === 'derived' && value.exact && !hasPhi(cond.sources) };
}

/** `(p).ssn` is column ssn of p; subscripts and fields of other values are derived from them. */
function indirectionLineage(body: AstObject, scope: Scope, state: AnalysisState): ExprLineage {
  const ind = asArray(body.indirection);
  const first = unwrapNode(ind[0]);
  const arg = unwrapNode(body.arg);
  if (first?.[0] === 'String' && arg?.[0] === 'ColumnRef') {
    const fields = [...asArray(arg[1].fields), ind[0]];
    const ref = resolveColumnRef({ fields }, scope, state);
    if (ref.type === 'value' && ref.lineage.unknown.length === 0) {
      const rest = ind.slice(1).map((i) => exprLineage(i, scope, state));
      return combine([ref.lineage, ...rest], rest.length === 0);
    }
  }
  return combine([exprLineage(body.arg, scope, state), ...ind.map((i) => exprLineage(i, scope, state))]);
}

function subLinkLineage(body: AstObject, scope: Scope, state: AnalysisState): ExprLineage {
  const select = unwrapNode(body.subselect);
  const set = select ? analyzeQueryNode(select[0], select[1], scope, state) : undefined;
  if (!set) return unknownLineage(noteUnknown(state, { kind: 'unsupported', node: 'SubLink' }));
  switch (body.subLinkType) {
    case 'EXISTS_SUBLINK':
      return counted([setAsValue(set)]);
    case 'EXPR_SUBLINK': {
      const first = set.columns[0];
      if (!first || set.unknown) return setAsValue(set);
      return combine([first.lineage], true);
    }
    case 'ARRAY_SUBLINK':
      return combine([setAsValue(set)]);
    default:
      return combine([exprLineage(body.testexpr, scope, state), setAsValue(set)]);
  }
}
