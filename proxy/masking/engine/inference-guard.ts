/**
 * The inference guard: a WHERE, JOIN, ORDER BY, GROUP BY (...) over a masked column lets an
 * agent learn the value without seeing it (binary search on `ssn < '5'`, sort order, group
 * counts). Such statements go to approval. Equality on a pseudonymized column is allowed:
 * the agent can only compare with pseudonyms it was given, which is what they are for.
 */
import type { MaskingConfig } from '../../../core/config/masking.js';
import type { DeepReadonly } from '../../../core/config/schema.js';
import type { PredicateUse, StatementLineage } from '../lineage/index.js';

export interface Escalation {
  readonly ruleId: 'inference-guard';
  readonly reason: string;
}

function allowed(use: PredicateUse): boolean {
  if (use.inView) return true; // fixed by the view's owner, not chosen by this statement
  return use.operator === 'eq' && use.column.method === 'pseudonymize';
}

export function inferenceEscalation(
  lineage: StatementLineage,
  config: DeepReadonly<MaskingConfig>,
): Escalation | undefined {
  if (!config.enabled || !config.inferenceGuard) return undefined;
  const risky = lineage.predicateUses.find((u) => !allowed(u));
  if (!risky) return undefined;
  const c = risky.column;
  return {
    ruleId: 'inference-guard',
    reason: `${risky.clause.replace('_', ' ')} over masked column ${c.table}.${c.column} can reveal its values by inference`,
  };
}
