/**
 * System catalog columns that hold values copied out of user tables: planner statistics keep
 * most-common values and histogram bounds of every analyzed column, and large objects hold
 * arbitrary data. Views over them (pg_stats, pg_stats_ext, pg_stats_ext_exprs) are traced to
 * these columns through their definitions, so the list names only the stored columns. Other
 * system columns are not PHI; the operator's classifier is never asked about system schemas.
 */
import type { SourceClass } from './catalog-types.js';

const VALUE_BEARING: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    'pg_catalog.pg_statistic',
    new Set(['stavalues1', 'stavalues2', 'stavalues3', 'stavalues4', 'stavalues5']),
  ],
  ['pg_catalog.pg_statistic_ext_data', new Set(['stxdmcv', 'stxdexpr'])],
  ['pg_catalog.pg_largeobject', new Set(['data'])],
]);

const OTHER: SourceClass = Object.freeze({ entity: 'OTHER_ID', method: 'redact' });

export function systemColumnClass(schema: string, table: string, column: string): SourceClass | undefined {
  return VALUE_BEARING.get(`${schema}.${table}`)?.has(column) ? OTHER : undefined;
}
