/**
 * Procedural code: `DO` blocks and `CREATE FUNCTION/PROCEDURE` bodies. PL/pgSQL is parsed with
 * libpg-query's PL/pgSQL parser and every embedded SQL statement and expression becomes an inner
 * `body` statement; dynamic `EXECUTE` is opaque. SQL-language bodies are parsed as SQL. Other
 * languages (plpython, C …) cannot be analyzed: opaque.
 */
import { type AstObject, asArray, asString, isObject, unwrapNode } from '../../sql/ast.js';
import { parsePlpgsql, parseSql } from '../../sql/parser.js';
import { splitStatements } from '../../sql/split-statements.js';
import type { DeriveContext } from './derive-context.js';
import type { WalkEnv } from './query-walker.js';
import type { StatementFacts } from './types.js';

/** Derives an inner statement from its own text (for statements parsed out of a body). */
export type DeriveText = (node: AstObject, text: string, ctx: DeriveContext) => StatementFacts;
export type DeriveNode = (node: unknown) => StatementFacts;

export function doFacts(body: AstObject, env: WalkEnv, deriveText: DeriveText): StatementFacts {
  const language = (defElemString(body.args, 'language') ?? 'plpgsql').toLowerCase();
  if (language === 'plpgsql') plpgsqlBody(env.ctx.statementText, env, deriveText);
  else env.c.addOpaque(`DO block in language ${safeName(language)} cannot be analyzed`);
  return env.c.toFacts({ kind: 'procedural', statementType: 'DoStmt' });
}

export function createFunctionFacts(
  body: AstObject,
  env: WalkEnv,
  deriveText: DeriveText,
  deriveNode: DeriveNode,
): StatementFacts {
  const language = (defElemString(body.options, 'language') ?? 'sql').toLowerCase();
  if (body.sql_body !== undefined) {
    sqlBodyNodes(body.sql_body, (node) => env.c.addInner('body', deriveNode(node)));
  } else if (language === 'plpgsql') {
    plpgsqlBody(env.ctx.statementText, env, deriveText);
  } else if (language === 'sql') {
    const source = functionSource(body.options);
    if (source === undefined) env.c.addOpaque('function body cannot be read');
    else sqlText(source, env, deriveText, false);
  } else {
    env.c.addOpaque(`function body in language ${safeName(language)} cannot be analyzed`);
  }
  // Parameter defaults are expressions too.
  for (const p of asArray(body.parameters)) {
    const param = unwrapNode(p);
    if (param?.[0] === 'FunctionParameter' && param[1].defexpr !== undefined) {
      deriveExpressionDefaults(param[1].defexpr, env, deriveNode);
    }
  }
  return env.c.toFacts({ kind: 'ddl', statementType: 'CreateFunctionStmt' });
}

function deriveExpressionDefaults(expr: unknown, env: WalkEnv, deriveNode: DeriveNode): void {
  const facts = deriveNode({ SelectStmt: { targetList: [{ ResTarget: { val: expr } }], op: 'SETOP_NONE' } });
  env.c.addInner('body', facts);
}

function plpgsqlBody(statementText: string, env: WalkEnv, deriveText: DeriveText): void {
  let tree: unknown;
  try {
    tree = parsePlpgsql(statementText);
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'SQL_PARSER_NOT_LOADED') throw error;
    env.c.addOpaque('PL/pgSQL body cannot be parsed');
    return;
  }
  walkPlpgsql(tree, env, deriveText);
}

function walkPlpgsql(value: unknown, env: WalkEnv, deriveText: DeriveText): void {
  if (Array.isArray(value)) {
    for (const v of value) walkPlpgsql(v, env, deriveText);
    return;
  }
  if (!isObject(value)) return;
  const node = unwrapNode(value);
  if (node) {
    const [type, body] = node;
    if (type === 'PLpgSQL_stmt_dynexecute' || type === 'PLpgSQL_stmt_dynfors') {
      env.c.addOpaque('dynamic EXECUTE in PL/pgSQL');
    } else if (type === 'PLpgSQL_expr') {
      return plpgsqlExpression(body, env, deriveText);
    }
    return walkPlpgsql(body, env, deriveText);
  }
  for (const key in value) {
    if (key === 'dynquery') env.c.addOpaque('dynamic EXECUTE in PL/pgSQL');
    walkPlpgsql(value[key], env, deriveText);
  }
}

/** Assignment target of PL/pgSQL `target := expr` (names, fields, subscripts). */
const ASSIGN_TARGET =
  /^\s*(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*))*(?:\s*\[[^\]]*\])*\s*:?=/u;

function plpgsqlExpression(expr: AstObject, env: WalkEnv, deriveText: DeriveText): void {
  const query = asString(expr.query) ?? '';
  const mode = typeof expr.parseMode === 'number' ? expr.parseMode : 0;
  if (mode === 0) return sqlText(query, env, deriveText, false);
  let expression = query;
  if (mode >= 3) {
    const m = ASSIGN_TARGET.exec(query);
    if (!m) {
      env.c.addOpaque('PL/pgSQL assignment cannot be parsed');
      return;
    }
    expression = query.slice(m[0].length);
  }
  sqlText(`SELECT ${expression}`, env, deriveText, true);
}

/** Parses SQL text from a body; each statement becomes an inner `body` statement. */
function sqlText(text: string, env: WalkEnv, deriveText: DeriveText, expression: boolean): void {
  if (text.trim() === '') return;
  let stmts: ReturnType<typeof parseSql>['stmts'];
  try {
    stmts = parseSql(text).stmts ?? [];
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'SQL_PARSER_NOT_LOADED') throw error;
    env.c.addOpaque(expression ? 'PL/pgSQL expression cannot be parsed' : 'SQL in a body cannot be parsed');
    return;
  }
  // Statements in a body run later (function) or inside the block (DO): their session effects
  // are not tracked one by one; a search_path change makes the path unknown.
  const ctx: DeriveContext = { ...env.ctx, effects: [], statementText: text };
  for (const slice of splitStatements(text, stmts)) {
    const facts = deriveText(slice.node, slice.text, ctx);
    if (!expression || !isTrivial(facts)) env.c.addInner('body', facts);
  }
  if (ctx.effects.some((e) => e.type === 'searchPath'))
    env.ctx.effects.push({ type: 'searchPath', path: null });
  if (ctx.usedState) env.ctx.usedState = true;
}

function isTrivial(f: StatementFacts): boolean {
  return (
    f.tablesRead.length === 0 &&
    f.tablesWritten.length === 0 &&
    f.functions.length === 0 &&
    f.opaque.length === 0 &&
    f.settings.length === 0 &&
    f.inner.length === 0
  );
}

function sqlBodyNodes(value: unknown, visit: (node: AstObject) => void): void {
  for (const item of asArray(value)) sqlBodyNodes(item, visit);
  const node = unwrapNode(value);
  if (!node) return;
  if (node[0] === 'List') return sqlBodyNodes(node[1].items, visit);
  if (node[0] === 'ReturnStmt') {
    visit({ SelectStmt: { targetList: [{ ResTarget: { val: node[1].returnval } }], op: 'SETOP_NONE' } });
    return;
  }
  visit(value as AstObject);
}

function defElemString(list: unknown, name: string): string | undefined {
  for (const item of asArray(list)) {
    const def = unwrapNode(item);
    if (def?.[0] !== 'DefElem' || def[1].defname !== name) continue;
    const arg = unwrapNode(def[1].arg);
    if (arg?.[0] === 'String') return asString(arg[1].sval);
  }
  return undefined;
}

/** `AS 'body'` of CREATE FUNCTION: a List of one String (two for C: file and symbol). */
function functionSource(options: unknown): string | undefined {
  for (const item of asArray(options)) {
    const def = unwrapNode(item);
    if (def?.[0] !== 'DefElem' || def[1].defname !== 'as') continue;
    const list = unwrapNode(def[1].arg);
    const items = list?.[0] === 'List' ? asArray(list[1].items) : [def[1].arg];
    const first = unwrapNode(items[0]);
    if (items.length === 1 && first?.[0] === 'String') return asString(first[1].sval) ?? '';
  }
  return undefined;
}

/** Language names come from the statement: keep only identifier characters in reasons. */
function safeName(name: string): string {
  return /^[a-z0-9_]{1,32}$/.test(name) ? name : '(unnamed)';
}
