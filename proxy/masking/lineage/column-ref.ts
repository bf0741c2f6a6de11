/**
 * Resolves a ColumnRef (`ssn`, `p.ssn`, `public.patients.ssn`, `p`, `p.*`, `*`) against the
 * scope chain the way PostgreSQL does: an unqualified name is a column first (innermost level
 * outward), then a whole-row reference to a relation of that name; a qualified name starts at
 * the relation. What cannot be resolved has unknown lineage (fail closed).
 */
import { type AstObject, asArray, asString, unwrapNode } from '../../sql/ast.js';
import { type AnalysisState, noteUnknown } from './analysis-state.js';
import { CONSTANT, combine, type ExprLineage, unknownLineage } from './expr-lineage.js';
import type { ColumnSet, RangeItem, Scope } from './scope.js';

export type ResolvedRef =
  | { readonly type: 'value'; readonly lineage: ExprLineage }
  | { readonly type: 'star'; readonly set: ColumnSet };

/** The fields of a ColumnRef: names, or `*` for A_Star. */
export function refFields(ref: AstObject): string[] {
  return asArray(ref.fields).map((f) => {
    const node = unwrapNode(f);
    if (node?.[0] === 'A_Star') return '*';
    return asString(node?.[1].sval) ?? '';
  });
}

export function resolveColumnRef(ref: AstObject, scope: Scope, state: AnalysisState): ResolvedRef {
  const fields = refFields(ref);
  const last = fields[fields.length - 1]!;
  if (fields.length === 1) {
    if (last === '*') return { type: 'star', set: starOfLevel(scope) };
    return { type: 'value', lineage: unqualified(last, scope, state) };
  }
  // [db.]schema.rel.col or rel.col; the catalog (database) part is ignored.
  const rel = fields[fields.length - 2]!;
  const schema = fields.length >= 3 ? fields[fields.length - 3] : undefined;
  const item = findItem(scope, rel, schema);
  if (item) {
    if (last === '*') return { type: 'star', set: item.set };
    return { type: 'value', lineage: columnOf(item, last, state) };
  }
  if (fields.length === 2 && last !== '*') {
    // `a.b` where `a` is a composite column: field `b` of it.
    const base = lookupColumn(rel, scope);
    if (base) return { type: 'value', lineage: combine([base]) };
  }
  const name = fields.join('.');
  return { type: 'value', lineage: unknownLineage(noteUnknown(state, { kind: 'unknown-column', name })) };
}

/** Whole-row value of a namespace item (`p`, `p.*` as a value, `row_to_json(p)`). */
export function wholeRow(set: ColumnSet): ExprLineage {
  const parts = set.columns.map((c) => c.lineage);
  if (set.unknown) parts.push(set.unknown.lineage);
  return combine(parts);
}

export function setAsValue(set: ColumnSet): ExprLineage {
  return wholeRow(set);
}

/** System columns of every table, with their attribute numbers; they hold no user data. */
const SYSTEM_COLUMNS: ReadonlyMap<string, number> = new Map([
  ['ctid', -1],
  ['xmin', -2],
  ['cmin', -3],
  ['xmax', -4],
  ['cmax', -5],
  ['tableoid', -6],
]);

function systemColumn(item: RangeItem, name: string): ExprLineage | undefined {
  const attnum = SYSTEM_COLUMNS.get(name);
  if (attnum === undefined || item.relOid === undefined) return undefined;
  return { ...CONSTANT, origin: { tableOid: item.relOid, attnum } };
}

function unqualified(name: string, scope: Scope, state: AnalysisState): ExprLineage {
  const column = lookupColumn(name, scope);
  if (column) return column;
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const item of level.items) {
      const system = item.colsVisible ? systemColumn(item, name) : undefined;
      if (system) return system;
    }
  }
  const item = findItem(scope, name, undefined);
  if (item) {
    const row = wholeRow(item.set);
    return item.relOid === undefined ? row : { ...row, origin: { tableOid: item.relOid, attnum: 0 } };
  }
  return unknownLineage(noteUnknown(state, { kind: 'unknown-column', name }));
}

/**
 * A column by unqualified name: the first level that has it. Items whose columns are unknown
 * may hold it too: their lineage is added, and outer levels are searched as well.
 */
function lookupColumn(name: string, scope: Scope): ExprLineage | undefined {
  const found: ExprLineage[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    let hit = false;
    for (const item of level.items) {
      if (!item.colsVisible) continue;
      for (const c of item.set.columns) {
        if (c.name === name) {
          found.push(c.lineage);
          hit = true;
        }
      }
    }
    if (hit) break;
    for (const item of level.items)
      if (item.colsVisible && item.set.unknown) found.push(item.set.unknown.lineage);
  }
  if (found.length === 0) return undefined;
  return found.length === 1 ? found[0] : combine(found);
}

function findItem(scope: Scope, name: string, schema: string | undefined): RangeItem | undefined {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const item of level.items) {
      if (!item.relVisible || item.refname !== name) continue;
      if (schema !== undefined && item.schema !== schema) continue;
      return item;
    }
  }
  return undefined;
}

function columnOf(item: RangeItem, name: string, state: AnalysisState): ExprLineage {
  const hits = item.set.columns.filter((c) => c.name === name);
  if (hits.length === 1) return hits[0]!.lineage;
  if (hits.length > 1) return combine(hits.map((h) => h.lineage));
  const system = systemColumn(item, name);
  if (system) return system;
  if (item.set.unknown) return item.set.unknown.lineage;
  const qualified = `${item.refname ?? '?'}.${name}`;
  return unknownLineage(noteUnknown(state, { kind: 'unknown-column', name: qualified }));
}

/** `*`: the columns of every column-visible item of this level, in order. */
function starOfLevel(scope: Scope): ColumnSet {
  const columns = [];
  let unknown: ColumnSet['unknown'];
  for (const item of scope.items) {
    if (!item.colsVisible) continue;
    columns.push(...item.set.columns);
    if (item.set.unknown) {
      unknown = unknown
        ? { reason: unknown.reason, lineage: combine([unknown.lineage, item.set.unknown.lineage]) }
        : item.set.unknown;
    }
  }
  return { columns, unknown };
}
