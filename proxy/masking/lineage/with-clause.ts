/**
 * WITH: each CTE's output columns (renamed by its column list) become visible to the CTEs after
 * it and to the statement. A recursive CTE is iterated to a fixed point: the self-reference
 * starts with the non-recursive branch's lineage and grows until no output gains a source.
 * Data-modifying CTEs yield their RETURNING columns. SEARCH and CYCLE add their columns.
 */
import { type AstObject, asArray, asObject, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { combine, unknownLineage } from './expr-lineage.js';
import { type ColumnSet, type CteDef, renameColumns, type Scope } from './scope.js';
import { analyzeQueryNode, analyzeSelect } from './select.js';

const MAX_ITERATIONS = 12;

export function withClause(w: AstObject | undefined, outer: Scope, state: AnalysisState): Scope {
  if (!w) return outer;
  const ctes = new Map(outer.ctes);
  const scope: Scope = { ...outer, ctes };
  const recursive = w.recursive === true;
  for (const item of asArray(w.ctes)) {
    const node = unwrapNode(item);
    if (node?.[0] !== 'CommonTableExpr') continue;
    const cte = node[1];
    const name = asString(cte.ctename) ?? '';
    const names = asArray(cte.aliascolnames).map((n) => asString(unwrapNode(n)?.[1].sval) ?? '');
    const def: CteDef = { name, set: undefined };
    const query = unwrapNode(cte.ctequery);
    const cteScope: Scope = { items: [], parent: scope, ctes };
    if (recursive) ctes.set(name, def);
    let set: ColumnSet;
    if (!query) set = { columns: [], unknown: undefined };
    else if (recursive && query[0] === 'SelectStmt' && isUnion(query[1]))
      set = fixedPoint(def, query[1], names, cteScope, state);
    else set = analyzeQueryNode(query[0], query[1], cteScope, state);
    def.set = withSearchCycle(renameColumns(set, names), cte);
    ctes.set(name, def);
  }
  return scope;
}

function isUnion(s: AstObject): boolean {
  return s.op === 'SETOP_UNION';
}

function fixedPoint(
  def: CteDef,
  union: AstObject,
  names: readonly string[],
  scope: Scope,
  state: AnalysisState,
) {
  const seed = analyzeSelect((union.larg as AstObject | undefined) ?? {}, scope, state);
  let current = renameColumns(seed, names);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    def.set = current;
    const next = renameColumns(analyzeSelect(union, scope, state), names);
    const merged: ColumnSet = {
      columns: next.columns.map((c, j) => {
        const prev = current.columns[j];
        return prev ? { name: c.name, lineage: combine([prev.lineage, c.lineage], true) } : c;
      }),
      unknown: next.unknown ?? current.unknown,
    };
    if (signature(merged) === signature(current)) return merged;
    current = merged;
  }
  const lineage = unknownLineage(noteUnknown(state, { kind: 'unsupported', node: 'recursive CTE' }));
  return { columns: current.columns, unknown: { reason: lineage.unknown[0]!, lineage } };
}

function signature(set: ColumnSet): string {
  return set.columns
    .map(
      (c) =>
        `${c.lineage.sources.length}/${c.lineage.referenced.length}/${c.lineage.unknown.length}/${c.lineage.exact}`,
    )
    .join(',');
}

/** SEARCH adds an ordering column built from the search columns; CYCLE a mark and a path of the cycle columns. */
function withSearchCycle(set: ColumnSet, cte: AstObject): ColumnSet {
  const columns = [...set.columns];
  const pick = (list: unknown) => {
    const wanted = new Set(asArray(list).map((n) => asString(unwrapNode(n)?.[1].sval) ?? ''));
    return combine(set.columns.filter((c) => wanted.has(c.name)).map((c) => c.lineage));
  };
  const search = asObject(cte.search_clause);
  if (search) {
    columns.push({ name: asString(search.search_seq_column) ?? '', lineage: pick(search.search_col_list) });
  }
  const cycle = asObject(cte.cycle_clause);
  if (cycle) {
    columns.push({ name: asString(cycle.cycle_mark_column) ?? '', lineage: combine([]) });
    columns.push({ name: asString(cycle.cycle_path_column) ?? '', lineage: pick(cycle.cycle_col_list) });
  }
  return { columns, unknown: set.unknown };
}
