/**
 * The lineage of a statement's output: for every output column, the stored columns its value
 * is derived from and the masking decision that follows; plus the facts the inference guard
 * needs (PHI columns used in WHERE, JOIN, ORDER BY, GROUP BY ...) and PHI written elsewhere.
 */
import type { MaskMethod, PhiEntity } from '../../../core/phi/entities.js';

/** A stored column an output is derived from, with its PHI class. */
export interface SourceColumn {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly entity?: PhiEntity | undefined;
  readonly method?: MaskMethod | undefined;
  /** A free-text column (run the value detectors over values derived from it). */
  readonly freeText?: true | undefined;
}

/**
 * - `column`: the value of one stored column, unchanged (through aliases, subqueries, CTEs, views).
 * - `derived`: computed from its sources (expressions, casts, functions, CASE, set operations ...).
 * - `aggregate-safe`: reads columns without their values reaching the output (`count(ssn)`).
 * - `constant`: no column source (literals, parameters, `now()`, `row_number()`).
 * - `unknown`: part of the lineage could not be resolved (see `unknown`).
 */
export type OutputKind = 'column' | 'derived' | 'aggregate-safe' | 'constant' | 'unknown';

/** Why lineage is incomplete. Names are identifiers from the statement or catalog, never values. */
export type UnknownReason =
  | { readonly kind: 'unknown-relation'; readonly name: string }
  | { readonly kind: 'unknown-column'; readonly name: string }
  | { readonly kind: 'opaque-function'; readonly name: string }
  | { readonly kind: 'unknown-shape'; readonly what: string }
  | { readonly kind: 'unsupported'; readonly node: string }
  | { readonly kind: 'view-too-deep'; readonly name: string }
  | { readonly kind: 'view-unreadable'; readonly name: string }
  | { readonly kind: 'unknown-prepared'; readonly name: string }
  | { readonly kind: 'unknown-cursor'; readonly name: string }
  | { readonly kind: 'not-one-statement' }
  | { readonly kind: 'unparsable' }
  | { readonly kind: 'analysis-failed' };

/** What to do with a column's values. */
export interface MaskDecision {
  readonly mask: boolean;
  /** The entity to mask as: the sources' entity, OTHER_ID when several differ or lineage is unknown. */
  readonly entity?: PhiEntity | undefined;
  /**
   * Method for this output: the source's own (configured) method when the value is a source value
   * unchanged or cast; `redact` for anything computed (a partial or generalized form of a computed
   * value can reveal more than the method intends) and for mixed entities; undefined: entity default.
   */
  readonly method?: MaskMethod | undefined;
  /** Run the value detectors over it (derived from free text only, or EXPLAIN plan text). */
  readonly detect: boolean;
}

export interface OutputColumn extends MaskDecision {
  /** The name PostgreSQL gives the column (for messages and records; match by position). */
  readonly name: string;
  readonly kind: OutputKind;
  /** Stored columns whose values reach this output. */
  readonly sources: readonly SourceColumn[];
  /** Stored columns read without their values reaching this output (`count(ssn)`, `pg_typeof(ssn)`). */
  readonly referenced: readonly SourceColumn[];
  /** What RowDescription reports as table OID / attribute number (a view's own column for views); absent for 0/0. */
  readonly origin?: { readonly tableOid: number; readonly attnum: number } | undefined;
  /** SQL parameters ($n) the value depends on (for EXECUTE of a prepared statement). */
  readonly params?: readonly number[] | undefined;
  readonly unknown?: readonly UnknownReason[] | undefined;
  /**
   * Whether the value is always one of its sources' values (a cast, min/max, COALESCE, CASE);
   * present only when it differs from `kind === 'column'`.
   */
  readonly exact?: boolean | undefined;
}

export type PredicateClause =
  | 'where'
  | 'join'
  | 'order_by'
  | 'group_by'
  | 'having'
  | 'window'
  | 'distinct_on'
  | 'limit';

export type PredicateOperator = 'eq' | 'neq' | 'range' | 'like' | 'in' | 'is_null' | 'function' | 'other';

/** A PHI (or free-text) column used outside the select list, where it can reveal values by inference. */
export interface PredicateUse {
  readonly column: SourceColumn;
  readonly clause: PredicateClause;
  /** The comparison the column is a direct operand of; `function` when it is inside an expression. */
  readonly operator: PredicateOperator;
  readonly comparedTo: 'param' | 'constant' | 'column' | 'subquery' | 'expression' | 'none';
  readonly comparedToParam: boolean;
  /** Inside a view definition (fixed by the view's owner, not chosen by this statement). */
  readonly inView: boolean;
}

/** PHI that this statement stores where later reads would not trace it (a non-PHI column, a setting, a notification). */
export interface PhiFlow {
  readonly target:
    | { readonly type: 'column'; readonly schema: string; readonly table: string; readonly column: string }
    | { readonly type: 'function'; readonly name: string };
  readonly sources: readonly SourceColumn[];
}

export interface RelationUse {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly hasPhi: boolean;
  readonly inView: boolean;
}

/** Where a statement's rows go. */
export type RowsChannel = 'result' | 'copy' | 'none';

export interface StatementLineage {
  /** Parse node name (`SelectStmt`, `CopyStmt`, ...). */
  readonly statementType: string;
  /** `result`: RowDescription + DataRow; `copy`: COPY data; `none`: no rows (DECLARE and PREPARE rows come later). */
  readonly rows: RowsChannel;
  readonly columns: readonly OutputColumn[];
  /**
   * `unknown`: the number or order of output columns is not known (a `*` over a relation or
   * function whose columns are unknown). Apply `fallback` to every column; also do so whenever
   * RowDescription's column count differs from `columns.length`.
   */
  readonly shape: 'known' | 'unknown';
  /** The decision for a column the analysis cannot place: the union of every output's lineage. */
  readonly fallback: MaskDecision;
  /** Reads a table with PHI (or free-text) columns, an unknown relation, or an opaque function. */
  readonly touchesPhi: boolean;
  readonly unknownLineage: readonly UnknownReason[];
  readonly predicateUses: readonly PredicateUse[];
  readonly phiFlows: readonly PhiFlow[];
  readonly relations: readonly RelationUse[];
  /** DECLARE / FETCH / MOVE / CLOSE: the cursor named. */
  readonly cursor?: string | undefined;
  /** PREPARE: the name; `columns` are those EXECUTE will return. */
  readonly prepared?: string | undefined;
  /** Resolved through session state (EXECUTE, FETCH): do not cache by statement text. */
  readonly dependsOnSession: boolean;
  /** EXPLAIN: whether the statement runs, and the lineage of the explained statement. */
  readonly explain?: { readonly analyze: boolean; readonly inner: StatementLineage } | undefined;
}

export interface LineageLookups {
  /** Lineage of a statement prepared with SQL PREPARE in this session (the result for that PREPARE). */
  prepared?(name: string): StatementLineage | undefined;
  /** Lineage of an open cursor (the result for its DECLARE). */
  cursor?(name: string): StatementLineage | undefined;
}
