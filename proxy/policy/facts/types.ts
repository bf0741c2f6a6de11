/**
 * Statement facts: what a statement does, derived from its parse tree, as plain data. Rules
 * match on these; `phigate policy explain` prints them; audit records them.
 */
import type { CopyDirection, CopyTarget, StatementKind } from '../../../core/config/policy.js';

export interface TableRef {
  /** Canonical `schema.table` as the session would resolve it (see proxy/sql/identifiers.ts). */
  readonly name: string;
  /** The statement named the schema. */
  readonly qualified: boolean;
  /**
   * Every canonical name the reference may resolve to, over the search_path values this session
   * has had (a SET can be rolled back, SET LOCAL ends with the transaction). PHI checks use all.
   */
  readonly candidates: readonly string[];
  /**
   * True when a schema of the search_path is unknown (`$user` without a known upstream user, a
   * search_path set by an expression): the reference may be any schema's table of that name.
   */
  readonly anySchema: boolean;
}

/** `null`: no limit (absent, LIMIT ALL, LIMIT NULL); `unknown`: not a constant (parameter, expression, WITH TIES). */
export type LimitFact = number | 'unknown' | null;

/** A table read directly by one query block, with that block's own WHERE and LIMIT. */
export interface ScanFact {
  readonly table: TableRef;
  readonly where: boolean;
  readonly limit: LimitFact;
  /** The scanning block returns only row counts (no values of the table). */
  readonly countOnly?: boolean;
}

export interface CopyFacts {
  readonly direction: CopyDirection;
  readonly target: CopyTarget;
}

export interface SettingChange {
  /** Lower-case setting name (`role`, `session_authorization`, `search_path`, `all` for RESET ALL …). */
  readonly name: string;
  readonly via: 'set' | 'set_config' | 'reset';
}

/**
 * An inner statement the outer one runs or stores: `executes` (EXPLAIN ANALYZE, EXECUTE,
 * COPY (query), CREATE TABLE AS), `prepares` (PREPARE), `cte` (a data-modifying CTE), `body`
 * (a DO block or function body statement), `explains` (plain EXPLAIN: planned, not run; shown,
 * not decided).
 */
export type InnerRole = 'executes' | 'prepares' | 'cte' | 'body' | 'explains';

export interface InnerStatement {
  readonly role: InnerRole;
  readonly facts: StatementFacts;
}

export interface StatementFacts {
  readonly kind: StatementKind;
  /** Parse-node name, e.g. `SelectStmt`, `TruncateStmt`. */
  readonly statementType: string;
  /** Tables read, including those of inner statements that run (not of plain EXPLAIN). */
  readonly tablesRead: readonly TableRef[];
  /** Tables written (INSERT/UPDATE/DELETE/MERGE targets, COPY FROM, TRUNCATE, LOCK, INTO, DDL targets). */
  readonly tablesWritten: readonly TableRef[];
  /** Each direct table read with the WHERE/LIMIT of the block that reads it. */
  readonly scans: readonly ScanFact[];
  /** Functions called, canonical (`pg_catalog.pg_read_file` when qualified, else `pg_read_file`). */
  readonly functions: readonly string[];
  /** The statement's own WHERE (for a set operation: every branch has one). */
  readonly where: boolean;
  /** The statement's own LIMIT / FETCH FIRST. */
  readonly limit: LimitFact;
  readonly dataModifyingCte: boolean;
  readonly selectInto: boolean;
  readonly copy: CopyFacts | null;
  readonly settings: readonly SettingChange[];
  /** Cursor named by DECLARE / FETCH / MOVE / CLOSE. */
  readonly cursor: string | null;
  /** Prepared statement named by PREPARE / EXECUTE / DEALLOCATE. */
  readonly prepared: string | null;
  /** Why parts of the statement cannot be analyzed (dynamic SQL, computed names, unknown prepared statement). */
  readonly opaque: readonly string[];
  readonly inner: readonly InnerStatement[];
}
