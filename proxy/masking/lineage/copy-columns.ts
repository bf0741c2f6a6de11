/**
 * The columns COPY ... TO writes: a query's output, or a table's columns (the listed ones in
 * list order; without a list every column except generated ones, as PostgreSQL does).
 */
import { type AstObject, asArray, asObject, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { unknownLineage } from './expr-lineage.js';
import { relationSet } from './relation-columns.js';
import { type ColumnSet, knownSet, type RangeColumn, ROOT_SCOPE } from './scope.js';
import { analyzeQueryNode } from './select.js';

export function copyColumns(copy: AstObject, state: AnalysisState): ColumnSet {
  const query = unwrapNode(copy.query);
  if (query) return analyzeQueryNode(query[0], query[1], ROOT_SCOPE, state);
  const rv = asObject(copy.relation);
  if (!rv || copy.is_from === true) return knownSet([]);
  const name = asString(rv.relname) ?? '';
  const schema = asString(rv.schemaname);
  const rel = state.catalog.relation({ schema, name }, state.searchPath);
  if (!rel) {
    const reason = noteUnknown(state, {
      kind: 'unknown-relation',
      name: schema ? `${schema}.${name}` : name,
    });
    return { columns: [], unknown: { reason, lineage: unknownLineage(reason) } };
  }
  const all = relationSet(rel, state).columns;
  const listed = asArray(copy.attlist).map((n) => asString(unwrapNode(n)?.[1].sval) ?? '');
  if (listed.length === 0) return knownSet(all.filter((_, i) => !rel.columns[i]?.generated));
  const columns: RangeColumn[] = [];
  for (const n of listed) {
    const hit = all.find((c) => c.name === n);
    columns.push(
      hit ?? { name: n, lineage: unknownLineage(noteUnknown(state, { kind: 'unknown-column', name: n })) },
    );
  }
  return knownSet(columns);
}
