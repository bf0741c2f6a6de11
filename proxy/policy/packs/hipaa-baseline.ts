/**
 * The built-in `hipaa-baseline` rule pack. Order matters (first match decides a statement):
 * specific denials first so that the reason names the actual concern, then the approvals for
 * PHI, then allow. The rules are data in the config's own shape and go through the same schema.
 */
import type { PolicyRuleInput } from '../../../core/config/policy.js';

/** Functions that read or list server files. */
export const SERVER_FILE_FUNCTIONS = [
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'pg_ls_*dir',
  'pg_file_*',
  'pg_logdir_ls',
];
/** Large-object functions (lo_import / lo_export move data between server files and the database). */
export const LARGE_OBJECT_FUNCTIONS = ['lo_*', 'loread', 'lowrite'];
/** dblink and postgres_fdw functions reach other servers. */
export const FOREIGN_DATA_FUNCTIONS = ['dblink*', 'postgres_fdw_*'];
export const BACKEND_SIGNAL_FUNCTIONS = ['pg_terminate_backend', 'pg_cancel_backend'];

/** Rows a SELECT may return from a PHI table without approval when it has no WHERE. */
export const BULK_READ_LIMIT = 1000;

export const HIPAA_BASELINE: readonly PolicyRuleInput[] = [
  {
    id: 'do-block',
    action: 'deny',
    reason: 'DO blocks run procedural code; submit the statements themselves',
    match: { statements: ['DoStmt'] },
  },
  {
    id: 'dynamic-sql',
    action: 'deny',
    reason:
      'dynamic or opaque SQL (EXECUTE of a string, set_config with a computed name, an unknown prepared statement) cannot be checked',
    match: { opaque: true },
  },
  {
    id: 'select-into',
    action: 'deny',
    reason: 'SELECT INTO and CREATE TABLE AS copy data into new tables',
    match: { anyOf: [{ selectInto: true }, { statements: ['CreateTableAsStmt'] }] },
  },
  {
    id: 'create-extension',
    action: 'deny',
    reason: 'extensions add server code and are installed by administrators',
    match: { statements: ['CreateExtensionStmt'] },
  },
  {
    id: 'alter-system',
    action: 'deny',
    reason: 'ALTER SYSTEM changes the server configuration',
    match: { statements: ['AlterSystemStmt'] },
  },
  {
    id: 'load',
    action: 'deny',
    reason: 'LOAD loads a shared library into the server',
    match: { statements: ['LoadStmt'] },
  },
  {
    id: 'ddl',
    action: 'deny',
    reason: 'schema changes (DDL) go through migrations, not agents',
    match: { kinds: ['ddl'] },
  },
  {
    id: 'dcl',
    action: 'deny',
    reason: 'privileges and roles (GRANT, REVOKE, roles) are managed by administrators',
    match: { kinds: ['dcl'] },
  },
  {
    id: 'truncate',
    action: 'deny',
    reason: 'TRUNCATE removes every row of a table',
    match: { statements: ['TruncateStmt'] },
  },
  {
    id: 'lock',
    action: 'deny',
    reason: 'explicit table locks can stall clinical workloads',
    match: { statements: ['LockStmt'] },
  },
  {
    id: 'copy-program-or-file',
    action: 'deny',
    reason: 'COPY to or from a server program or file reaches outside the database; use STDIN/STDOUT',
    match: { copy: { targets: ['program', 'file'] } },
  },
  {
    id: 'server-file-functions',
    action: 'deny',
    reason: 'server-file functions read the database server file system',
    match: { functions: SERVER_FILE_FUNCTIONS },
  },
  {
    id: 'large-object-functions',
    action: 'deny',
    reason: 'large-object functions move data between server files and the database',
    match: { functions: LARGE_OBJECT_FUNCTIONS },
  },
  {
    id: 'foreign-data-functions',
    action: 'deny',
    reason: 'dblink and foreign-data functions connect to other servers',
    match: { functions: FOREIGN_DATA_FUNCTIONS },
  },
  {
    id: 'backend-signals',
    action: 'deny',
    reason: 'terminating or cancelling other sessions is an administrator action',
    match: { functions: BACKEND_SIGNAL_FUNCTIONS },
  },
  {
    id: 'set-role',
    action: 'deny',
    reason: 'changing the role or session authorization would change who the database thinks is acting',
    match: { sets: ['role', 'session_authorization'] },
  },
  {
    id: 'set-config-search-path',
    action: 'deny',
    reason: 'set_config of search_path cannot be tracked; use SET search_path or qualified names',
    match: { setConfigs: ['search_path'] },
  },
  {
    id: 'update-delete-without-where',
    action: 'deny',
    reason: 'UPDATE or DELETE without WHERE changes every row',
    match: { statements: ['UpdateStmt', 'DeleteStmt'], where: false },
  },
  {
    id: 'phi-write',
    action: 'approve',
    reason: 'changes to a table holding PHI need a human approval',
    match: { phi: 'written' },
  },
  {
    id: 'phi-copy-out',
    action: 'approve',
    reason: 'COPY out of a table holding PHI is a bulk export and needs a human approval',
    match: { kinds: ['copy'], copy: { directions: ['to'] }, phi: 'read' },
  },
  {
    id: 'phi-bulk-read',
    action: 'approve',
    reason: `reading a PHI table with neither WHERE nor LIMIT ≤ ${BULK_READ_LIMIT} is a bulk export and needs a human approval; add a filter or a limit`,
    // A row count (`select count(*) from patients`) returns no values: not an export.
    match: { scan: { phi: true, where: false, limitExceeds: BULK_READ_LIMIT, countOnly: false } },
  },
  {
    id: 'allow',
    action: 'allow',
    reason: 'no baseline rule restricts this statement',
    match: {},
  },
];
