/**
 * Facts of one parsed statement: dispatch on the statement node. Inner statements (EXPLAIN,
 * PREPARE, COPY (query), CREATE TABLE AS, bodies) are derived recursively, depth-limited.
 */
import { type AstObject, asObject, unwrapNode } from '../../sql/ast.js';
import { FactsCollector } from './collector.js';
import { type DeriveContext, MAX_NESTING } from './derive-context.js';
import { recordFunctionCall } from './function-call.js';
import { createFunctionFacts, doFacts } from './procedural.js';
import { queryFacts, walkExpr } from './query-walker.js';
import { statementKind } from './statement-kind.js';
import type { StatementFacts } from './types.js';
import {
  copyFacts,
  createTableAsFacts,
  cursorFacts,
  deallocateFacts,
  declareCursorFacts,
  discardFacts,
  executeFacts,
  explainFacts,
  newEnv,
  prepareFacts,
  variableSetFacts,
  viewFacts,
} from './utility-facts.js';

/** Statements whose relation references count as written (DDL, DCL, LOCK, TRUNCATE, REFRESH). */
const WRITE_ACCESS = new Set(['ddl', 'dcl', 'write']);
/** Maintenance commands name tables without reading rows out. */
const TOUCH = new Set(['VacuumStmt', 'ClusterStmt', 'ReindexStmt']);

/** Facts of a top-level statement (or one parsed out of a body) with its own text. */
export function deriveFacts(node: AstObject, text: string, ctx: DeriveContext): StatementFacts {
  const saved = ctx.statementText;
  ctx.statementText = text;
  try {
    return deriveNode(node, ctx);
  } finally {
    ctx.statementText = saved;
  }
}

function deriveNode(value: unknown, ctx: DeriveContext): StatementFacts {
  const node = unwrapNode(value);
  if (!node) {
    const c = new FactsCollector();
    c.addOpaque('statement node not recognized');
    return c.toFacts({ kind: 'ddl', statementType: 'Unknown' });
  }
  const [type, body] = node;
  if (ctx.depth > MAX_NESTING) {
    const c = new FactsCollector();
    c.addOpaque('statement nested too deeply to analyze');
    return c.toFacts({ kind: statementKind(type), statementType: type });
  }
  ctx.depth++;
  try {
    return deriveTyped(type, body, ctx);
  } finally {
    ctx.depth--;
  }
}

function deriveTyped(type: string, body: AstObject, ctx: DeriveContext): StatementFacts {
  const inner = (n: unknown) => deriveNode(n, ctx);
  const env = newEnv(ctx);
  switch (type) {
    case 'SelectStmt':
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      return queryFacts(type, body, env);
    case 'ExplainStmt':
      return explainFacts(body, env, inner);
    case 'PrepareStmt':
      return prepareFacts(body, env, inner);
    case 'ExecuteStmt':
      return executeFacts(body, env);
    case 'DeallocateStmt':
      return deallocateFacts(body, env);
    case 'CreateTableAsStmt':
      return createTableAsFacts(body, newEnv(ctx, 'write'), inner);
    case 'ViewStmt':
      return viewFacts(body, newEnv(ctx, 'write'), inner);
    case 'DeclareCursorStmt':
      return declareCursorFacts(body, env);
    case 'FetchStmt':
    case 'ClosePortalStmt':
      return cursorFacts(type, body, env);
    case 'CopyStmt':
      return copyFacts(body, env, inner);
    case 'VariableSetStmt':
      return variableSetFacts(body, env);
    case 'DiscardStmt':
      return discardFacts(body, env);
    case 'DoStmt':
      return doFacts(body, env, deriveFacts);
    case 'CreateFunctionStmt':
      return createFunctionFacts(body, newEnv(ctx, 'write'), deriveFacts, inner);
    case 'CallStmt': {
      const call = asObject(body.funccall);
      if (call) {
        recordFunctionCall(call, env.c, ctx);
        walkExpr([call.args, call.agg_order, call.agg_filter], env);
      }
      return env.c.toFacts({ kind: 'procedural', statementType: type });
    }
    default: {
      const kind = statementKind(type);
      const access = TOUCH.has(type)
        ? 'touch'
        : WRITE_ACCESS.has(kind) || type === 'LockStmt'
          ? 'write'
          : 'read';
      const generic = newEnv(ctx, access);
      walkExpr(body, generic);
      return generic.c.toFacts({ kind, statementType: type });
    }
  }
}
