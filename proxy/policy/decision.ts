/**
 * Decisions as data. Each carries the action, the rule that fired, the reason the agent is
 * shown and the facts the rule looked at; a batch (one client message) carries one decision
 * per statement and the decisive one.
 */
import type { PolicyAction } from '../../core/config/policy.js';
import type { SqlSyntaxError } from '../sql/syntax-error.js';
import type { StatementFacts } from './facts/types.js';

interface DecisionBase {
  /** Rule id; engine-level ids: `unparseable`, `engine-error`, `no-rule-matched`, `empty`. */
  readonly ruleId: string;
  readonly reason: string;
  /** Facts the rule matched on; `inner[i].x` for an inner statement's facts. */
  readonly factsUsed: readonly string[];
}

export type AllowDecision = DecisionBase & { readonly action: 'allow' };
export type DenyDecision = DecisionBase & { readonly action: 'deny' };
export type ApproveDecision = DecisionBase & { readonly action: 'approve' };
export type Decision = AllowDecision | DenyDecision | ApproveDecision;
/** A decision that refuses the statement (for now approval also refuses, with its own SQLSTATE). */
export type RefusalDecision = DenyDecision | ApproveDecision;

export interface StatementDecision {
  readonly text: string;
  /** Character offsets [start, end) of the statement in the message. */
  readonly start: number;
  readonly end: number;
  /** libpg-query fingerprint (hex). */
  readonly fingerprint: string;
  readonly facts: StatementFacts;
  readonly decision: Decision;
}

export interface BatchDecision {
  readonly action: PolicyAction;
  /** The decision that set the batch action (the decisive statement's, or an engine-level one). */
  readonly decision: Decision;
  /** The first statement with the most restrictive decision; undefined for engine-level decisions. */
  readonly decisive: StatementDecision | undefined;
  readonly statements: readonly StatementDecision[];
  /** Present when the message could not be parsed. */
  readonly syntaxError?: SqlSyntaxError;
}

const SEVERITY: Record<PolicyAction, number> = { allow: 0, approve: 1, deny: 2 };

/** deny > approve > allow. */
export function moreRestrictive(a: PolicyAction, b: PolicyAction): boolean {
  return SEVERITY[a] > SEVERITY[b];
}

export function isRefusal(decision: Decision): decision is RefusalDecision {
  return decision.action !== 'allow';
}
