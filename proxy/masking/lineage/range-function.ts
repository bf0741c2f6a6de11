/**
 * Functions in FROM (incl. ROWS FROM and WITH ORDINALITY), XMLTABLE and JSON_TABLE: every
 * column carries the arguments' lineage. The column list comes from a column definition list,
 * the catalog's result shape (OUT parameters, composite type, scalar), or is unknown.
 */
import { type AstObject, asArray, asObject, asString, unwrapNode } from '../../sql/ast.js';
import type { AnalysisState } from './analysis-state.js';
import { figureColname } from './column-name.js';
import { CONSTANT, combine, type ExprLineage } from './expr-lineage.js';
import { exprLineage } from './expression.js';
import { aliasNames } from './from-clause.js';
import { functionName } from './function-call.js';
import { type ColumnSet, type RangeColumn, renameColumns, type Scope, type UnknownShape } from './scope.js';
import { unknownShape } from './target-list.js';

export function rangeFunction(
  body: AstObject,
  scope: Scope,
  state: AnalysisState,
): { refname: string | undefined; set: ColumnSet } {
  const alias = asObject(body.alias);
  const functions = asArray(body.functions).map((f) => asArray(unwrapNode(f)?.[1].items));
  const single = functions.length === 1 && body.is_rowsfrom !== true;
  const columns: RangeColumn[] = [];
  let unknown: UnknownShape | undefined;
  let firstName: string | undefined;
  for (const [call, coldef] of functions) {
    const lineage = combine([exprLineage(call, scope, state)]);
    const defs = asArray(coldef).length > 0 ? asArray(coldef) : single ? asArray(body.coldeflist) : [];
    const fn = unwrapNode(call);
    const fname = fn?.[0] === 'FuncCall' ? functionName(fn[1]).name : figureColname(call, () => undefined);
    firstName ??= fname;
    const names =
      defs.length > 0
        ? defs.map((d) => asString(unwrapNode(d)?.[1].colname) ?? '?column?')
        : resultNames(fn, fname, single ? asString(alias?.aliasname) : undefined, state);
    if (names) columns.push(...names.map((name) => ({ name, lineage })));
    else {
      const shape = unknownShape(lineage, state, `result of ${fname}`).unknown!;
      unknown = unknown
        ? { reason: unknown.reason, lineage: combine([unknown.lineage, shape.lineage]) }
        : shape;
    }
  }
  if (body.ordinality === true) columns.push({ name: 'ordinality', lineage: CONSTANT });
  const set = renameColumns({ columns, unknown }, aliasNames(alias));
  return { refname: asString(alias?.aliasname) ?? (single ? firstName : undefined), set };
}

/** Column names of a function's result; undefined when not known. */
function resultNames(
  fn: [string, AstObject] | undefined,
  fname: string,
  aliasName: string | undefined,
  state: AnalysisState,
): string[] | undefined {
  const scalarName = aliasName ?? fname;
  if (fn?.[0] !== 'FuncCall') return [scalarName];
  const args = asArray(fn[1].args).length;
  // unnest(a, b, ...) in FROM is ROWS FROM (unnest(a), unnest(b), ...).
  if (fname === 'unnest' && args > 1) return Array.from({ length: args }, () => 'unnest');
  if (fname === 'unnest') return [scalarName];
  const { schema, name } = functionName(fn[1]);
  const result = state.catalog.func({ schema, name }, state.searchPath)?.result;
  if (result?.type === 'scalar') return [scalarName];
  if (result?.type === 'columns') return [...result.names];
  return undefined;
}

/** XMLTABLE and JSON_TABLE: each column is derived from the document and the column's own expressions. */
export function tableFunction(type: string, body: AstObject, scope: Scope, state: AnalysisState): ColumnSet {
  const sub = (v: unknown) => exprLineage(v, scope, state);
  const columns: RangeColumn[] = [];
  if (type === 'RangeTableFunc') {
    const doc = combine([sub(body.docexpr), sub(body.rowexpr), sub(body.namespaces)]);
    for (const c of asArray(body.columns)) {
      const col = unwrapNode(c)?.[1];
      if (!col) continue;
      const lineage =
        col.for_ordinality === true ? CONSTANT : combine([doc, sub(col.colexpr), sub(col.coldefexpr)]);
      columns.push({ name: asString(col.colname) ?? '?column?', lineage });
    }
  } else {
    const doc = combine([sub(body.context_item), sub(body.passing)]);
    jsonTableColumns(asArray(body.columns), doc, columns);
  }
  return renameColumns({ columns, unknown: undefined }, aliasNames(asObject(body.alias)));
}

function jsonTableColumns(list: readonly unknown[], doc: ExprLineage, out: RangeColumn[]): void {
  for (const c of list) {
    const col = unwrapNode(c)?.[1];
    if (!col) continue;
    if (col.coltype === 'JTC_NESTED') {
      jsonTableColumns(asArray(col.columns), doc, out);
      continue;
    }
    const lineage = col.coltype === 'JTC_FOR_ORDINALITY' ? CONSTANT : combine([doc]);
    out.push({ name: asString(col.name) ?? '?column?', lineage });
  }
}
