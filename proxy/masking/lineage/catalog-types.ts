/**
 * What output lineage needs from the upstream catalog: relations with their columns (and view
 * definitions), functions with their result shape, and the PHI class of a column. The gateway
 * builds one per resource from upstream queries (`loadLineageCatalog`) and refreshes it after DDL.
 */
import type { MaskMethod, PhiEntity } from '../../../core/phi/entities.js';

export interface QualifiedName {
  /** Schema as written (unquoted parts already folded by the parser); absent when unqualified. */
  readonly schema?: string | undefined;
  readonly name: string;
}

export type RelationKind = 'table' | 'view' | 'matview' | 'foreign' | 'partitioned' | 'other';

export interface CatalogColumn {
  readonly name: string;
  readonly attnum: number;
  readonly typeOid: number;
  /** Set for generated columns (COPY without a column list leaves them out). */
  readonly generated?: 'stored' | 'virtual' | undefined;
  /** The generation expression (pg_get_expr of the default) of a generated column. */
  readonly generation?: string | undefined;
}

export interface CatalogRelation {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  /** In attnum order, dropped columns excluded. */
  readonly columns: readonly CatalogColumn[];
  /**
   * `pg_get_viewdef` of a view or materialized view, produced with `search_path = pg_catalog`
   * so that every other name in it is schema-qualified (it is analyzed with that path).
   */
  readonly viewQuery?: string | undefined;
}

/** The columns a function returns when it is used as a FROM item (or expanded with `.*`). */
export type FunctionResult =
  /** One column of a scalar (base, domain, enum, array) type. */
  | { readonly type: 'scalar' }
  /** OUT / TABLE parameters, or a composite type: these columns in order. */
  | { readonly type: 'columns'; readonly names: readonly string[] }
  /** `record` without OUT parameters (needs a column definition list), polymorphic, or overloads that disagree. */
  | { readonly type: 'unknown' };

export interface CatalogFunction {
  /**
   * True when every function of this name the call may resolve to lives in a system schema
   * (pg_catalog, information_schema). A user or extension function is opaque: it may read any
   * table, so its output has unknown lineage.
   */
  readonly builtin: boolean;
  readonly result: FunctionResult;
}

export interface LineageCatalog {
  /** Resolves a relation as the upstream session would (explicit schema, else search_path; pg_catalog implicitly first). */
  relation(name: QualifiedName, searchPath: readonly string[]): CatalogRelation | undefined;
  /** Every function of this name visible through the path (or in the named schema); undefined when none. */
  func(name: QualifiedName, searchPath: readonly string[]): CatalogFunction | undefined;
}

/** `FREE_TEXT`: a column the value detectors run over (clinical notes), not one entity. */
export type SourceClass =
  | { readonly entity: PhiEntity; readonly method?: MaskMethod | undefined }
  | { readonly entity: 'FREE_TEXT'; readonly method?: MaskMethod | undefined };

/**
 * PHI classification of a stored column (explicit config rules, then the name classifier);
 * undefined when the column holds no PHI. Called once per column per analysis: memoize it.
 * Never called for system schemas (pg_catalog, information_schema, pg_toast).
 */
export type ColumnClass = (
  schema: string,
  table: string,
  column: string,
  typeOid: number,
) => SourceClass | undefined;
