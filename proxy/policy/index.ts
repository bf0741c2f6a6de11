/**
 * The policy engine's public surface for the statement pipeline and the CLI.
 *
 *   await loadSqlParser();                                  // once at start-up
 *   const engine = createPolicyEngine(config.policy, { phiTables });
 *   const session = engine.openSession({ agent, resource, upstreamUser, searchPath,
 *                                        standardConformingStrings });
 *   session.observeParameterStatus(name, value);           // every ParameterStatus from upstream
 *   const batch = session.decide(text);                     // sync
 *   if (batch.action !== 'allow') throw decisionError(batch.decision);
 */

export { canonicalTableName, qualifiedName, quoteIdent } from '../sql/identifiers.js';
export { loadSqlParser, sqlParserLoaded } from '../sql/parser.js';
export type { SqlSyntaxError } from '../sql/syntax-error.js';
export {
  type AllowDecision,
  type ApproveDecision,
  type BatchDecision,
  type Decision,
  type DenyDecision,
  isRefusal,
  type RefusalDecision,
  type StatementDecision,
} from './decision.js';
export { decisionError } from './decision-error.js';
export { DEV_PHI_TABLES, DEV_RESOURCE, devPolicyConfig } from './dev-policy.js';
export {
  configPhiTables,
  createPolicyEngine,
  type PolicyCacheStats,
  type PolicyEngine,
  type PolicyEngineOptions,
  type RuleSummary,
} from './engine.js';
export type {
  CopyFacts,
  InnerRole,
  InnerStatement,
  LimitFact,
  ScanFact,
  SettingChange,
  StatementFacts,
  TableRef,
} from './facts/types.js';
export { HIPAA_BASELINE } from './packs/hipaa-baseline.js';
export type { DecideOptions, OpenSessionOptions, PolicySession } from './policy-session.js';
