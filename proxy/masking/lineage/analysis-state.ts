/**
 * Mutable state of one statement's analysis: the catalog and classifier, the search path in
 * force (views switch to pg_catalog), and what the walk finds on the way (relations, predicate
 * uses, unknown parts, PHI flows). Source columns are interned so that equal columns dedupe.
 */
import type { CatalogColumn, CatalogRelation, ColumnClass, LineageCatalog } from './catalog-types.js';
import type {
  LineageLookups,
  PhiFlow,
  PredicateUse,
  RelationUse,
  SourceColumn,
  UnknownReason,
} from './lineage-types.js';
import type { RangeColumn } from './scope.js';
import { systemColumnClass } from './system-value-columns.js';

/** Views nested deeper than this are not expanded (their columns get unknown lineage). */
export const MAX_VIEW_DEPTH = 16;
/** Subqueries and expressions nested deeper than this are not analyzed (unknown lineage). */
export const MAX_NESTING = 200;

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

export interface AnalysisState {
  readonly catalog: LineageCatalog;
  readonly classify: ColumnClass;
  readonly lookups: LineageLookups;
  searchPath: readonly string[];
  /** > 0 while a view definition is analyzed. */
  viewDepth: number;
  nesting: number;
  touchesPhi: boolean;
  readonly relationColumns: Map<number, readonly RangeColumn[]>;
  readonly relations: Map<number, RelationUse>;
  readonly predicates: Map<string, PredicateUse>;
  readonly unknown: Map<string, UnknownReason>;
  readonly flows: PhiFlow[];
  readonly sources: Map<string, SourceColumn>;
}

export function newState(
  catalog: LineageCatalog,
  classify: ColumnClass,
  searchPath: readonly string[],
  lookups: LineageLookups,
): AnalysisState {
  return {
    catalog,
    classify,
    lookups,
    searchPath,
    viewDepth: 0,
    nesting: 0,
    touchesPhi: false,
    relationColumns: new Map(),
    relations: new Map(),
    predicates: new Map(),
    unknown: new Map(),
    flows: [],
    sources: new Map(),
  };
}

/**
 * Records an unknown part. Anything unknown but the shape of a built-in function's result may
 * read PHI (an unknown relation or column may be newer than the catalog): fail closed.
 */
export function noteUnknown(state: AnalysisState, reason: UnknownReason): UnknownReason {
  state.unknown.set(JSON.stringify(reason), reason);
  if (reason.kind !== 'unknown-shape') state.touchesPhi = true;
  return reason;
}

export function noteRelation(state: AnalysisState, rel: CatalogRelation, hasPhi: boolean): void {
  if (hasPhi) state.touchesPhi = true;
  const inView = state.viewDepth > 0;
  const known = state.relations.get(rel.oid);
  if (known && (!known.inView || inView)) return;
  state.relations.set(rel.oid, {
    oid: rel.oid,
    schema: rel.schema,
    name: rel.name,
    kind: rel.kind,
    hasPhi,
    inView,
  });
}

/** The interned source column of a stored column, classified (system schemas by phigate's own list). */
export function sourceOf(state: AnalysisState, rel: CatalogRelation, col: CatalogColumn): SourceColumn {
  const key = `${rel.oid}:${col.attnum}`;
  const known = state.sources.get(key);
  if (known) return known;
  const cls = SYSTEM_SCHEMAS.has(rel.schema)
    ? systemColumnClass(rel.schema, rel.name, col.name)
    : state.classify(rel.schema, rel.name, col.name, col.typeOid);
  const base = { schema: rel.schema, table: rel.name, column: col.name };
  let source: SourceColumn;
  if (cls === undefined) source = base;
  else if (cls.entity === 'FREE_TEXT')
    source = { ...base, freeText: true, ...(cls.method ? { method: cls.method } : {}) };
  else source = { ...base, entity: cls.entity, ...(cls.method ? { method: cls.method } : {}) };
  state.sources.set(key, Object.freeze(source));
  return source;
}

/** Runs `fn` one nesting level deeper; undefined when the statement nests too deeply. */
export function nested<T>(state: AnalysisState, fn: () => T): T | undefined {
  if (state.nesting >= MAX_NESTING) return undefined;
  state.nesting++;
  try {
    return fn();
  } finally {
    state.nesting--;
  }
}
