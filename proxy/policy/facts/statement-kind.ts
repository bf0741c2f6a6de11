/**
 * Every top-level statement node of the PostgreSQL 18 grammar, with its kind. A node type the
 * engine does not know (a newer parser) counts as DDL, which the baseline denies: fail closed.
 */
import type { StatementKind } from '../../../core/config/policy.js';

const READ = ['SelectStmt', 'DeclareCursorStmt'];
const WRITE = ['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'TruncateStmt', 'RefreshMatViewStmt'];
const DCL = [
  'GrantStmt',
  'GrantRoleStmt',
  'AlterDefaultPrivilegesStmt',
  'CreateRoleStmt',
  'AlterRoleStmt',
  'AlterRoleSetStmt',
  'DropRoleStmt',
  'DropOwnedStmt',
  'ReassignOwnedStmt',
  'SecLabelStmt',
  'CreateUserMappingStmt',
  'AlterUserMappingStmt',
  'DropUserMappingStmt',
];
const TRANSACTION = ['TransactionStmt', 'ConstraintsSetStmt'];
const SESSION = ['VariableSetStmt', 'DiscardStmt'];
const UTILITY = [
  'VariableShowStmt',
  'ExplainStmt',
  'PrepareStmt',
  'ExecuteStmt',
  'DeallocateStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'ListenStmt',
  'UnlistenStmt',
  'NotifyStmt',
  'LockStmt',
  'LoadStmt',
  'AlterSystemStmt',
  'CheckPointStmt',
  'VacuumStmt',
  'ClusterStmt',
  'ReindexStmt',
];
const PROCEDURAL = ['DoStmt', 'CallStmt'];
const DDL = [
  'CreateSchemaStmt',
  'AlterTableStmt',
  'ReplicaIdentityStmt',
  'AlterCollationStmt',
  'AlterDomainStmt',
  'CreateStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'AlterTableSpaceOptionsStmt',
  'AlterTableMoveAllStmt',
  'CreateExtensionStmt',
  'AlterExtensionStmt',
  'AlterExtensionContentsStmt',
  'CreateFdwStmt',
  'AlterFdwStmt',
  'CreateForeignServerStmt',
  'AlterForeignServerStmt',
  'CreateForeignTableStmt',
  'ImportForeignSchemaStmt',
  'CreatePolicyStmt',
  'AlterPolicyStmt',
  'CreateAmStmt',
  'CreateTrigStmt',
  'CreateEventTrigStmt',
  'AlterEventTrigStmt',
  'CreatePLangStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'DefineStmt',
  'CreateDomainStmt',
  'CreateOpClassStmt',
  'CreateOpFamilyStmt',
  'AlterOpFamilyStmt',
  'DropStmt',
  'CommentStmt',
  'IndexStmt',
  'CreateStatsStmt',
  'AlterStatsStmt',
  'CreateFunctionStmt',
  'AlterFunctionStmt',
  'RenameStmt',
  'AlterObjectDependsStmt',
  'AlterObjectSchemaStmt',
  'AlterOwnerStmt',
  'AlterOperatorStmt',
  'AlterTypeStmt',
  'RuleStmt',
  'CompositeTypeStmt',
  'CreateEnumStmt',
  'CreateRangeStmt',
  'AlterEnumStmt',
  'ViewStmt',
  'CreatedbStmt',
  'AlterDatabaseStmt',
  'AlterDatabaseRefreshCollStmt',
  'AlterDatabaseSetStmt',
  'DropdbStmt',
  'CreateTableAsStmt',
  'CreateConversionStmt',
  'CreateCastStmt',
  'CreateTransformStmt',
  'AlterTSDictionaryStmt',
  'AlterTSConfigurationStmt',
  'CreatePublicationStmt',
  'AlterPublicationStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
  'DropSubscriptionStmt',
];

const entries: [string, StatementKind][] = [
  ...READ.map((t) => [t, 'read'] as [string, StatementKind]),
  ...WRITE.map((t) => [t, 'write'] as [string, StatementKind]),
  ...DCL.map((t) => [t, 'dcl'] as [string, StatementKind]),
  ...TRANSACTION.map((t) => [t, 'transaction'] as [string, StatementKind]),
  ...SESSION.map((t) => [t, 'session_setting'] as [string, StatementKind]),
  ...UTILITY.map((t) => [t, 'utility'] as [string, StatementKind]),
  ...PROCEDURAL.map((t) => [t, 'procedural'] as [string, StatementKind]),
  ...DDL.map((t) => [t, 'ddl'] as [string, StatementKind]),
  ['CopyStmt', 'copy'],
];

const KINDS: ReadonlyMap<string, StatementKind> = new Map(entries);

/** Statement node names rules may name in `statements`. */
export const STATEMENT_TYPES: ReadonlySet<string> = new Set(KINDS.keys());

export function statementKind(type: string): StatementKind {
  return KINDS.get(type) ?? 'ddl';
}
