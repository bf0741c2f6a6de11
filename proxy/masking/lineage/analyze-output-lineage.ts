/**
 * Output lineage of one SQL statement from the real PostgreSQL parse tree: for every output
 * column, the stored columns it is derived from and how to mask it; plus inference-guard facts
 * and PHI flows. Pure and synchronous once the parser is loaded (`loadSqlParser()`); the
 * result depends on the text, the search path, the catalog and the classifier (and, for
 * EXECUTE / FETCH, the lookups): cache it by those. Anything that cannot be analyzed yields a
 * fail-closed result (every column masked), never an exception with statement text in it.
 */
import type { AstObject } from '../../sql/ast.js';
import { parseSql } from '../../sql/parser.js';
import { newState } from './analysis-state.js';
import type { ColumnClass, LineageCatalog } from './catalog-types.js';
import { unknownLineage } from './expr-lineage.js';
import { finish } from './finish.js';
import type { LineageLookups, StatementLineage, UnknownReason } from './lineage-types.js';
import { statementLineage } from './statement.js';

export interface LineageContext extends LineageLookups {
  readonly catalog: LineageCatalog;
  readonly classify: ColumnClass;
  /** The session's search_path as schema names (`$user` kept as is; the catalog resolves it). */
  readonly searchPath: readonly string[];
}

/** Analyzes a text holding exactly one statement (else: fail closed). */
export function analyzeOutputLineage(sql: string, ctx: LineageContext): StatementLineage {
  let stmts: readonly { stmt?: unknown }[];
  try {
    stmts = parseSql(sql).stmts ?? [];
  } catch (error) {
    if (isParserNotLoaded(error)) throw error;
    return failClosed(ctx, { kind: 'unparsable' });
  }
  const node = stmts.length === 1 ? stmts[0]?.stmt : undefined;
  if (!node || typeof node !== 'object') return failClosed(ctx, { kind: 'not-one-statement' });
  return analyzeStatementLineage(node as AstObject, ctx);
}

/** Analyzes one parsed statement node (e.g. `ParsedStatement.node` from the shared parse cache). */
export function analyzeStatementLineage(node: AstObject, ctx: LineageContext): StatementLineage {
  try {
    return statementLineage(node, newState(ctx.catalog, ctx.classify, ctx.searchPath, ctx));
  } catch (error) {
    if (isParserNotLoaded(error)) throw error;
    return failClosed(ctx, { kind: 'analysis-failed' });
  }
}

function failClosed(ctx: LineageContext, reason: UnknownReason): StatementLineage {
  const state = newState(ctx.catalog, ctx.classify, ctx.searchPath, ctx);
  state.unknown.set(reason.kind, reason);
  state.touchesPhi = true;
  const lineage = unknownLineage(reason);
  return finish('Unknown', 'result', { columns: [], unknown: { reason, lineage } }, state);
}

function isParserNotLoaded(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQL_PARSER_NOT_LOADED';
}
