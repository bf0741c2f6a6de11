/**
 * The columns of a catalog relation with their lineage. A stored column is its own source
 * (classified); a generated column also carries the columns its expression reads; a view's or
 * materialized view's column carries what its definition's output carries (analyzed with
 * search_path = pg_catalog, depth-limited), and reports the view column as its origin, as
 * PostgreSQL's RowDescription does.
 */
import type { AstObject } from '../../sql/ast.js';
import { parseSql } from '../../sql/parser.js';
import { type AnalysisState, MAX_VIEW_DEPTH, noteRelation, noteUnknown, sourceOf } from './analysis-state.js';
import type { CatalogRelation } from './catalog-types.js';
import { combine, hasPhi, storedColumn, unknownLineage, withOrigin } from './expr-lineage.js';
import { exprLineage } from './expression.js';
import { type ColumnSet, knownSet, type RangeColumn, ROOT_SCOPE, type Scope } from './scope.js';
import { analyzeSelect } from './select.js';

const VIEW_SEARCH_PATH: readonly string[] = Object.freeze(['pg_catalog']);
/** Parsed view definitions and generation expressions, per catalog relation object. */
const parsed = new WeakMap<CatalogRelation, Map<string, AstObject | null>>();

export function relationSet(rel: CatalogRelation, state: AnalysisState): ColumnSet {
  const known = state.relationColumns.get(rel.oid);
  if (known) {
    noteRelation(state, rel, state.relations.get(rel.oid)?.hasPhi ?? false);
    return knownSet(known);
  }
  const columns =
    rel.kind === 'view' || rel.kind === 'matview' ? viewColumns(rel, state) : storedColumns(rel, state);
  state.relationColumns.set(rel.oid, columns);
  return knownSet(columns);
}

function storedColumns(rel: CatalogRelation, state: AnalysisState): RangeColumn[] {
  const plain = rel.columns.map((col) => ({
    name: col.name,
    lineage: storedColumn(sourceOf(state, rel, col), { tableOid: rel.oid, attnum: col.attnum }),
  }));
  noteRelation(
    state,
    rel,
    plain.some((c) => hasPhi(c.lineage.sources)),
  );
  const scope: Scope = {
    items: [
      { refname: rel.name, schema: rel.schema, set: knownSet(plain), relVisible: true, colsVisible: true },
    ],
    parent: undefined,
    ctes: ROOT_SCOPE.ctes,
  };
  return rel.columns.map((col, i) => {
    const own = plain[i]!;
    if (!col.generation) return own;
    const expr = parseExpression(rel, col.generation);
    const gen = expr ? inPath(state, VIEW_SEARCH_PATH, () => exprLineage(expr, scope, state)) : undefined;
    const from =
      gen ?? unknownLineage(noteUnknown(state, { kind: 'view-unreadable', name: `${rel.name}.${col.name}` }));
    const both = combine([own.lineage, from]);
    return {
      name: col.name,
      lineage: { ...both, form: 'column', exact: !hasPhi(from.sources), origin: own.lineage.origin },
    };
  });
}

function viewColumns(rel: CatalogRelation, state: AnalysisState): RangeColumn[] {
  noteRelation(state, rel, false);
  const unknown = (reason: Parameters<typeof noteUnknown>[1]) => {
    const lineage = unknownLineage(noteUnknown(state, reason));
    return rel.columns.map((c) => ({ name: c.name, lineage }));
  };
  if (state.viewDepth >= MAX_VIEW_DEPTH) return unknown({ kind: 'view-too-deep', name: rel.name });
  const query = rel.viewQuery ? parseView(rel, rel.viewQuery) : undefined;
  if (!query) return unknown({ kind: 'view-unreadable', name: rel.name });
  state.viewDepth++;
  let set: ColumnSet;
  try {
    set = inPath(state, VIEW_SEARCH_PATH, () => analyzeSelect(query, ROOT_SCOPE, state));
  } finally {
    state.viewDepth--;
  }
  if (set.unknown || set.columns.length !== rel.columns.length)
    return unknown({ kind: 'view-unreadable', name: rel.name });
  return rel.columns.map((col, i) => ({
    name: col.name,
    lineage: withOrigin(set.columns[i]!.lineage, { tableOid: rel.oid, attnum: col.attnum }),
  }));
}

function inPath<T>(state: AnalysisState, path: readonly string[], fn: () => T): T {
  const saved = state.searchPath;
  state.searchPath = path;
  try {
    return fn();
  } finally {
    state.searchPath = saved;
  }
}

function cached(rel: CatalogRelation, key: string, parse: () => AstObject | null): AstObject | undefined {
  let map = parsed.get(rel);
  if (!map) parsed.set(rel, (map = new Map()));
  if (!map.has(key)) map.set(key, parse());
  return map.get(key) ?? undefined;
}

function parseView(rel: CatalogRelation, text: string): AstObject | undefined {
  return cached(rel, 'view', () => {
    const stmt = parseOne(text);
    return stmt && 'SelectStmt' in stmt ? (stmt.SelectStmt as AstObject) : null;
  });
}

/** A generation expression, parsed as the select list of `SELECT (expr)`. */
function parseExpression(rel: CatalogRelation, text: string): unknown {
  return cached(rel, `gen:${text}`, () => {
    const stmt = parseOne(`SELECT (${text})`);
    const select = stmt && 'SelectStmt' in stmt ? (stmt.SelectStmt as AstObject) : undefined;
    const target = (select?.targetList as { ResTarget?: { val?: AstObject } }[] | undefined)?.[0];
    return target?.ResTarget?.val ?? null;
  });
}

function parseOne(text: string): Record<string, unknown> | undefined {
  try {
    const stmts = parseSql(text).stmts ?? [];
    return stmts.length === 1 ? (stmts[0]?.stmt as Record<string, unknown> | undefined) : undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQL_PARSER_NOT_LOADED') throw error;
    return undefined;
  }
}
