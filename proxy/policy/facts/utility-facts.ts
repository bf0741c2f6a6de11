/**
 * Facts of the statements that wrap, store or run other statements (EXPLAIN, PREPARE, EXECUTE,
 * CREATE TABLE AS, CREATE VIEW, DECLARE, COPY) and of session settings (SET, RESET, DISCARD).
 */
import { type AstObject, asArray, asObject, asString, constantString, unwrapNode } from '../../sql/ast.js';
import { FactsCollector, UNFILTERED } from './collector.js';
import type { DeriveContext } from './derive-context.js';
import { queryFacts, resolveRel, type WalkEnv, walkExpr } from './query-walker.js';
import { statementKind } from './statement-kind.js';
import type { StatementFacts } from './types.js';

/** Derives the facts of an inner statement node (provided by derive-statement, depth-checked). */
export type DeriveInner = (node: unknown) => StatementFacts;

export function explainFacts(body: AstObject, env: WalkEnv, derive: DeriveInner): StatementFacts {
  const inner = derive(body.query);
  env.c.addInner(explainAnalyzes(body.options) ? 'executes' : 'explains', inner);
  return env.c.toFacts({ kind: 'utility', statementType: 'ExplainStmt' });
}

/** EXPLAIN runs the statement when ANALYZE is on; anything but an explicit off counts as on. */
function explainAnalyzes(options: unknown): boolean {
  let analyze = false;
  for (const item of asArray(options)) {
    const def = unwrapNode(item);
    if (def?.[0] !== 'DefElem') continue;
    const name = asString(def[1].defname);
    if (name !== 'analyze' && name !== 'analyse') continue;
    analyze = !isExplicitFalse(def[1].arg);
  }
  return analyze;
}

function isExplicitFalse(arg: unknown): boolean {
  if (arg === undefined) return false;
  const node = unwrapNode(arg);
  if (!node) return false;
  const [type, body] = node;
  if (type === 'Integer') return (body.ival ?? 0) === 0;
  if (type === 'Boolean') return body.boolval !== true;
  if (type === 'String')
    return ['false', 'off', '0', 'no', 'n', 'f'].includes((asString(body.sval) ?? '').toLowerCase());
  return false;
}

export function prepareFacts(body: AstObject, env: WalkEnv, derive: DeriveInner): StatementFacts {
  const name = asString(body.name) ?? '';
  const inner = derive(body.query);
  env.c.addInner('prepares', inner);
  env.ctx.effects.push({ type: 'prepare', name, facts: inner });
  return env.c.toFacts({ kind: 'utility', statementType: 'PrepareStmt', prepared: name });
}

export function executeFacts(body: AstObject, env: WalkEnv): StatementFacts {
  const name = asString(body.name) ?? '';
  walkExpr(body.params, env);
  env.ctx.usedState = true;
  const prepared = env.ctx.prepared(name);
  if (prepared) env.c.addInner('executes', prepared);
  else env.c.addOpaque('EXECUTE of a prepared statement this session has not prepared');
  return env.c.toFacts({ kind: 'utility', statementType: 'ExecuteStmt', prepared: name });
}

export function deallocateFacts(body: AstObject, env: WalkEnv): StatementFacts {
  const name = body.isall === true ? null : (asString(body.name) ?? null);
  env.ctx.effects.push({ type: 'deallocate', name });
  return env.c.toFacts({ kind: 'utility', statementType: 'DeallocateStmt', prepared: name });
}

export function createTableAsFacts(body: AstObject, env: WalkEnv, derive: DeriveInner): StatementFacts {
  const rel = asObject(asObject(body.into)?.rel);
  if (rel) env.c.addWritten(resolveRel(rel, env));
  env.c.addInner('executes', derive(body.query));
  return env.c.toFacts({ kind: 'ddl', statementType: 'CreateTableAsStmt' });
}

export function viewFacts(body: AstObject, env: WalkEnv, derive: DeriveInner): StatementFacts {
  const view = asObject(body.view);
  if (view) env.c.addWritten(resolveRel(view, env));
  env.c.addInner('body', derive(body.query));
  return env.c.toFacts({ kind: 'ddl', statementType: 'ViewStmt' });
}

export function declareCursorFacts(body: AstObject, env: WalkEnv): StatementFacts {
  const query = unwrapNode(body.query);
  const cursor = asString(body.portalname) ?? null;
  if (!query) return env.c.toFacts({ kind: 'read', statementType: 'DeclareCursorStmt', cursor });
  const facts = queryFacts(query[0], query[1], env);
  return { ...facts, statementType: 'DeclareCursorStmt', cursor };
}

export function cursorFacts(type: string, body: AstObject, env: WalkEnv): StatementFacts {
  return env.c.toFacts({
    kind: statementKind(type),
    statementType: type,
    cursor: asString(body.portalname) ?? null,
  });
}

export function copyFacts(body: AstObject, env: WalkEnv, derive: DeriveInner): StatementFacts {
  const from = body.is_from === true;
  const target = body.is_program === true ? 'program' : body.filename !== undefined ? 'file' : 'stdio';
  const rel = asObject(body.relation);
  if (rel) {
    const table = resolveRel(rel, env);
    if (from) env.c.addWritten(table);
    else env.c.addScan(table, UNFILTERED);
  }
  walkExpr(body.whereClause, env);
  if (body.query !== undefined) env.c.addInner('executes', derive(body.query));
  return env.c.toFacts({
    kind: 'copy',
    statementType: 'CopyStmt',
    copy: { direction: from ? 'from' : 'to', target },
    where: body.whereClause !== undefined,
  });
}

export function variableSetFacts(body: AstObject, env: WalkEnv): StatementFacts {
  const kind = asString(body.kind) ?? '';
  const name = (asString(body.name) ?? '').toLowerCase();
  const effect = (path: readonly string[] | null | 'initial') =>
    env.ctx.effects.push({ type: 'searchPath', path });
  if (kind === 'VAR_RESET_ALL') {
    env.c.addSetting({ name: 'all', via: 'reset' });
    effect('initial');
  } else if (kind === 'VAR_RESET') {
    env.c.addSetting({ name, via: 'reset' });
    if (name === 'search_path') effect('initial');
  } else {
    env.c.addSetting({ name, via: 'set' });
    if (name === 'search_path') {
      if (kind === 'VAR_SET_DEFAULT') effect('initial');
      else if (kind === 'VAR_SET_VALUE') effect(searchPathArgs(body.args));
      else effect(null);
    }
  }
  return env.c.toFacts({ kind: 'session_setting', statementType: 'VariableSetStmt' });
}

/** SET search_path = a, "B", 'c d': each argument is one schema name, exactly. */
function searchPathArgs(args: unknown): readonly string[] | null {
  const out: string[] = [];
  for (const arg of asArray(args)) {
    const s = constantString(arg);
    if (s === undefined) return null;
    out.push(s);
  }
  return out;
}

export function discardFacts(body: AstObject, env: WalkEnv): StatementFacts {
  if (body.target === 'DISCARD_ALL' || body.target === undefined) {
    env.c.addSetting({ name: 'all', via: 'reset' });
    env.ctx.effects.push({ type: 'discardAll' });
  }
  return env.c.toFacts({ kind: 'session_setting', statementType: 'DiscardStmt' });
}

export function newEnv(ctx: DeriveContext, access: WalkEnv['access'] = 'read'): WalkEnv {
  return { ctx, c: new FactsCollector(), ctes: new Set(), access };
}
