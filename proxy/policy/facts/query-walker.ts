/**
 * Walks queries (SELECT, INSERT, UPDATE, DELETE, MERGE) and every expression in them: tables
 * in FROM / USING / targets, CTE scopes (a CTE name hides a table of that name in its scope),
 * subqueries anywhere, function calls anywhere (target list, WHERE, JOIN, ORDER BY, VALUES,
 * DEFAULT, RETURNING, functions in FROM, function-syntax casts). Unknown node types are walked
 * generically, so nothing nested is skipped.
 */
import {
  type AstObject,
  asArray,
  asObject,
  asString,
  isObject,
  nameList,
  unwrapNode,
} from '../../sql/ast.js';
import { type Block, FactsCollector, UNFILTERED } from './collector.js';
import type { DeriveContext } from './derive-context.js';
import { recordFunctionCall } from './function-call.js';
import { limitOf } from './limit.js';
import { resolveTable } from './name-resolver.js';
import type { StatementFacts } from './types.js';

export interface WalkEnv {
  readonly ctx: DeriveContext;
  readonly c: FactsCollector;
  /** CTE names visible here. */
  readonly ctes: ReadonlySet<string>;
  /**
   * How plain relation references count: `read` (queries: a scan), `write` (DDL, DCL, LOCK,
   * TRUNCATE targets) or `touch` (maintenance such as VACUUM: named, no rows read out).
   */
  readonly access: 'read' | 'write' | 'touch';
}

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const LEAVES = new Set([
  'A_Const',
  'ColumnRef',
  'ParamRef',
  'String',
  'Integer',
  'Float',
  'Boolean',
  'A_Star',
]);

/** Facts of a SELECT or DML statement (top level or a data-modifying CTE). */
export function queryFacts(type: string, body: AstObject, env: WalkEnv): StatementFacts {
  if (type === 'SelectStmt') {
    const block = walkSelect(body, env, null);
    const kind = env.c.selectInto ? 'ddl' : env.c.dataModifyingCte ? 'write' : 'read';
    return env.c.toFacts({ kind, statementType: type, where: block.where, limit: block.limit });
  }
  const where = walkDml(type, body, env);
  return env.c.toFacts({ kind: 'write', statementType: type, where, limit: null });
}

/** Walks a SELECT (or VALUES / set operation); returns its own WHERE and LIMIT. */
export function walkSelect(s: AstObject, env: WalkEnv, outerLimit: Block['limit']): Block {
  const scoped = withScope(s, env);
  if (s.op !== undefined && s.op !== 'SETOP_NONE') {
    const limit = limitOf(s);
    // A set operation's LIMIT bounds every branch that has none of its own.
    const inherited = limit ?? outerLimit;
    const l = walkSelect(asObject(s.larg) ?? {}, scoped, inherited);
    const r = walkSelect(asObject(s.rarg) ?? {}, scoped, inherited);
    walkExpr([s.sortClause, s.limitCount, s.limitOffset, s.lockingClause], scoped);
    return { where: l.where && r.where, limit };
  }
  const own = limitOf(s);
  const block: Block = {
    where: s.whereClause !== undefined,
    limit: own ?? outerLimit,
    countOnly: countOnlyBlock(s),
  };
  for (const item of asArray(s.fromClause)) walkFrom(item, scoped, block);
  walkExpr(
    [
      s.targetList,
      s.whereClause,
      s.groupClause,
      s.havingClause,
      s.windowClause,
      s.sortClause,
      s.valuesLists,
      s.distinctClause,
      s.limitCount,
      s.limitOffset,
      s.lockingClause,
    ],
    scoped,
  );
  const into = asObject(s.intoClause);
  if (into) {
    env.c.selectInto = true;
    const rel = asObject(into.rel);
    if (rel) env.c.addWritten(resolveRel(rel, env));
  }
  return { where: block.where, limit: own };
}

/** INSERT / UPDATE / DELETE / MERGE; returns whether the statement has its own WHERE. */
function walkDml(type: string, s: AstObject, env: WalkEnv): boolean {
  const scoped = withScope(s, env);
  const target = asObject(s.relation);
  const table = target ? resolveRel(target, env) : undefined;
  if (table) env.c.addWritten(table);
  const where = s.whereClause !== undefined;
  const block: Block = { where, limit: null };
  if (type === 'UpdateStmt') for (const item of asArray(s.fromClause)) walkFrom(item, scoped, block);
  if (type === 'DeleteStmt') for (const item of asArray(s.usingClause)) walkFrom(item, scoped, block);
  if (type === 'MergeStmt' && s.sourceRelation !== undefined) walkFrom(s.sourceRelation, scoped, UNFILTERED);
  if (type === 'InsertStmt') {
    const source = unwrapNode(s.selectStmt);
    if (source) walkNode(source[0], source[1], scoped);
  }
  walkExpr(
    [s.cols, s.targetList, s.whereClause, s.onConflictClause, s.joinCondition, s.mergeWhenClauses],
    scoped,
  );
  const returning = asObject(s.returningClause);
  const returningList = returning ? returning.exprs : s.returningList;
  if (returningList !== undefined) {
    walkExpr(returningList, scoped);
    if (table) env.c.addRead(table);
  }
  return where;
}

/** Applies a WITH clause: returns the environment its statement body sees. */
function withScope(s: AstObject, env: WalkEnv): WalkEnv {
  const withClause = asObject(s.withClause);
  if (!withClause) return env;
  const scope = new Set(env.ctes);
  const ctes = asArray(withClause.ctes)
    .map((n) => unwrapNode(n))
    .filter((n) => n?.[0] === 'CommonTableExpr')
    .map((n) => n![1]);
  if (withClause.recursive === true) for (const cte of ctes) scope.add(asString(cte.ctename) ?? '');
  for (const cte of ctes) {
    const query = unwrapNode(cte.ctequery);
    const cteEnv: WalkEnv = { ...env, ctes: new Set(scope) };
    if (query && DML.has(query[0])) {
      env.c.dataModifyingCte = true;
      env.c.addInner('cte', nestedQueryFacts(query[0], query[1], cteEnv));
    } else if (query) {
      walkNode(query[0], query[1], cteEnv);
    }
    walkExpr([cte.search_clause, cte.cycle_clause], cteEnv);
    scope.add(asString(cte.ctename) ?? '');
  }
  return { ...env, ctes: scope };
}

function nestedQueryFacts(type: string, body: AstObject, env: WalkEnv): StatementFacts {
  const ctx = env.ctx;
  if (ctx.depth >= 64) {
    env.c.addOpaque('statement nested too deeply to analyze');
    return new FactsCollector().toFacts({ kind: 'write', statementType: type });
  }
  ctx.depth++;
  try {
    return queryFacts(type, body, { ...env, c: new FactsCollector() });
  } finally {
    ctx.depth--;
  }
}

/** One FROM item with the WHERE/LIMIT of the block reading it. */
export function walkFrom(item: unknown, env: WalkEnv, block: Block): void {
  const node = unwrapNode(item);
  if (!node) return walkExpr(item, env);
  const [type, body] = node;
  switch (type) {
    case 'RangeVar':
      return relationRef(body, env, block);
    case 'JoinExpr':
      walkFrom(body.larg, env, block);
      walkFrom(body.rarg, env, block);
      return walkExpr(body.quals, env);
    case 'RangeTableSample':
      walkFrom(body.relation, env, block);
      return walkExpr([body.method, body.args, body.repeatable], env);
    default:
      return walkNode(type, body, env);
  }
}

function relationRef(rv: AstObject, env: WalkEnv, block: Block): void {
  const schema = asString(rv.schemaname);
  const name = asString(rv.relname) ?? '';
  if (schema === undefined && env.ctes.has(name)) return; // a CTE, not a table
  const table = resolveRel(rv, env);
  if (env.access === 'write') env.c.addWritten(table);
  else if (env.access === 'touch') env.c.addRead(table);
  else env.c.addScan(table, block);
}

export function resolveRel(rv: AstObject, env: WalkEnv) {
  return resolveTable(env.ctx.searchPath, asString(rv.schemaname), asString(rv.relname) ?? '');
}

/** Any subtree: function calls, subqueries, relation references. */
export function walkExpr(value: unknown, env: WalkEnv): void {
  if (value === undefined || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) walkExpr(v, env);
    return;
  }
  const node = unwrapNode(value);
  if (node) return walkNode(node[0], node[1], env);
  const obj = value as AstObject;
  if (typeof obj.relname === 'string') return relationRef(obj, env, UNFILTERED);
  for (const key in obj) {
    const v = obj[key];
    if (isObject(v) || Array.isArray(v)) walkExpr(v, env);
  }
}

function walkNode(type: string, body: AstObject, env: WalkEnv): void {
  if (LEAVES.has(type)) return;
  switch (type) {
    case 'FuncCall':
      recordFunctionCall(body, env.c, env.ctx);
      return walkExpr([body.args, body.agg_order, body.agg_filter, body.over], env);
    case 'SubLink':
      walkExpr(body.testexpr, env);
      return walkExpr(body.subselect, env);
    case 'SelectStmt':
      walkSelect(body, env, null);
      return;
    case 'RangeVar':
      return relationRef(body, env, UNFILTERED);
    case 'RangeSubselect':
      return walkExpr(body.subquery, env);
    case 'JoinExpr':
    case 'RangeTableSample':
      return walkFrom({ [type]: body }, env, UNFILTERED);
    default:
      if (DML.has(type)) {
        env.c.dataModifyingCte = true;
        env.c.addInner('cte', nestedQueryFacts(type, body, env));
        return;
      }
      for (const key in body) {
        const v = body[key];
        if (isObject(v) || Array.isArray(v)) walkExpr(v, env);
      }
  }
}

/**
 * A block whose whole output is row counts: every target is `count(*)` / `count([DISTINCT] x)`
 * without FILTER or OVER, and there is no GROUP BY, HAVING, DISTINCT or window clause (those
 * would tie counts to values). Such a block returns one number, none of the table's values.
 */
function countOnlyBlock(s: AstObject): boolean {
  if (s.groupClause !== undefined || s.havingClause !== undefined || s.distinctClause !== undefined)
    return false;
  if (s.windowClause !== undefined) return false;
  const targets = asArray(s.targetList);
  if (targets.length === 0) return false;
  return targets.every((t) => {
    const res = unwrapNode(t);
    const val = res?.[0] === 'ResTarget' ? unwrapNode(res[1].val) : undefined;
    if (val?.[0] !== 'FuncCall') return false;
    const call = val[1];
    const name = nameList(call.funcname);
    const fn = name[name.length - 1];
    const schemaOk = name.length === 1 || (name.length === 2 && name[0] === 'pg_catalog');
    return schemaOk && fn === 'count' && call.agg_filter === undefined && call.over === undefined;
  });
}
