/**
 * Table-driven lineage cases: a statement, what each output column must be (compactly), the
 * PHI predicate uses it must report (exactly), and, for statements PostgreSQL can run here,
 * agreement with the server's own RowDescription (column count, names, table OID / attnum).
 */
import { expect } from 'vitest';
import {
  analyzeOutputLineage,
  type LineageLookups,
  type OutputColumn,
  type StatementLineage,
} from '../../../../../proxy/masking/lineage/index.js';
import { classify, type LineageDb } from './ehr-fixture.js';

export interface Shape {
  readonly sql: string;
  /** Per output column, in order: `name kind ENTITY[/method]`, `name kind -` (not masked), `name kind ~` (detectors only). */
  readonly cols: readonly string[];
  /** Exactly the PHI predicate uses: `table.column clause operator comparedTo` (+ ` view` inside a view). */
  readonly preds?: readonly string[];
  readonly touchesPhi?: boolean;
  /** Some lineage is unknown (default: none). */
  readonly unknown?: boolean;
  readonly shape?: 'unknown';
  /** Run on PostgreSQL and compare with RowDescription (default: true). */
  readonly run?: boolean;
  readonly searchPath?: readonly string[];
}

export const DEFAULT_PATH = ['$user', 'public'] as const;

export function analyze(
  db: LineageDb,
  sql: string,
  path: readonly string[] = DEFAULT_PATH,
  lookups: LineageLookups = {},
) {
  return analyzeOutputLineage(sql, { catalog: db.catalog, classify, searchPath: path, ...lookups });
}

export function describeColumn(c: OutputColumn, withMethod: boolean): string {
  const entity = withMethod && c.method ? `${c.entity}/${c.method}` : `${c.entity}`;
  return `${c.name} ${c.kind} ${c.mask ? entity : c.detect ? '~' : '-'}`;
}

export function describePredicates(l: StatementLineage): string[] {
  const all = l.predicateUses.map(
    (p) =>
      `${p.column.table}.${p.column.column} ${p.clause} ${p.operator} ${p.comparedTo}${p.inView ? ' view' : ''}`,
  );
  return [...new Set(all)].sort();
}

export function checkShape(db: LineageDb, shape: Shape): StatementLineage {
  const l = analyze(db, shape.sql, shape.searchPath);
  const actual = l.columns.map((c, i) =>
    describeColumn(c, shape.cols[i]?.split(' ')[2]?.includes('/') ?? false),
  );
  expect(actual).toEqual(shape.cols);
  expect(describePredicates(l)).toEqual([...(shape.preds ?? [])].sort());
  if (shape.touchesPhi !== undefined) expect(l.touchesPhi).toBe(shape.touchesPhi);
  expect(l.unknownLineage.length > 0).toBe(shape.unknown ?? false);
  expect(l.shape).toBe(shape.shape ?? 'known');
  for (const c of l.columns) if (c.mask) expect(c.entity).toBeDefined();
  return l;
}

/**
 * Runs the statement (rolled back) with the same search_path and compares RowDescription with
 * the analysis: same column count and names; where the server reports a table column as the
 * origin, the analysis reports the same one (or, for a no-op cast it does not model, has that
 * column among the sources); where the analysis reports an origin, so does the server.
 */
export async function checkRowDescription(db: LineageDb, shape: Shape, l: StatementLineage): Promise<void> {
  const c = db.client;
  await c.query('begin');
  try {
    await c.query(
      `set local search_path = ${(shape.searchPath ?? DEFAULT_PATH).map((s) => `"${s}"`).join(', ')}`,
    );
    const result = await c.query(shape.sql);
    const fields = result.fields;
    expect(fields.map((f) => f.name)).toEqual(l.columns.map((col) => col.name));
    for (const [i, f] of fields.entries()) {
      const mine = l.columns[i]!;
      if (mine.origin) {
        expect({ col: i, tableID: f.tableID, columnID: f.columnID }).toEqual({
          col: i,
          tableID: mine.origin.tableOid,
          columnID: mine.origin.attnum,
        });
      } else if (f.tableID !== 0) {
        const origin = await c.query(
          `select n.nspname as schema, c.relname as table, a.attname as column
             from pg_class c join pg_namespace n on n.oid = c.relnamespace
             join pg_attribute a on a.attrelid = c.oid and a.attnum = $2 where c.oid = $1`,
          [f.tableID, f.columnID],
        );
        const o = origin.rows[0] as { schema: string; table: string; column: string };
        expect(mine.sources.map((s) => `${s.schema}.${s.table}.${s.column}`)).toContain(
          `${o.schema}.${o.table}.${o.column}`,
        );
      }
    }
  } finally {
    await c.query('rollback');
  }
}
