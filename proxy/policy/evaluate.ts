/**
 * Decides one statement: the first rule whose match holds on the statement's own facts, then
 * the same for each inner statement that runs or is stored (EXPLAIN ANALYZE, EXECUTE, PREPARE,
 * data-modifying CTEs, COPY (query), bodies). The statement's decision is the most restrictive
 * of these; plain EXPLAIN's inner statement is shown, not decided.
 */

import { type Decision, moreRestrictive } from './decision.js';
import type { StatementFacts } from './facts/types.js';
import type { CompiledPolicy } from './rules/compile-policy.js';
import type { PhiIndex } from './rules/phi-index.js';

export interface Who {
  readonly agent: { readonly id: string; readonly groups: readonly string[] };
  readonly resource: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly phi: PhiIndex;
}

export function evaluate(policy: CompiledPolicy, who: Who, facts: StatementFacts): Decision {
  let decision = ownDecision(policy, who, facts);
  facts.inner.forEach((inner, i) => {
    if (inner.role === 'explains' || decision.action === 'deny') return;
    const d = evaluate(policy, who, inner.facts);
    if (moreRestrictive(d.action, decision.action)) {
      decision = { ...d, factsUsed: d.factsUsed.map((f) => `inner[${i}].${f}`) } as Decision;
    }
  });
  return decision;
}

function ownDecision(policy: CompiledPolicy, who: Who, facts: StatementFacts): Decision {
  const subject = { facts, agent: who.agent, resource: who.resource, phi: who.phi };
  for (const rule of policy.rules) {
    const used = rule.matcher(subject);
    if (used)
      return { action: rule.action, ruleId: rule.id, reason: rule.reason, factsUsed: used } as Decision;
  }
  return {
    action: policy.defaultAction,
    ruleId: 'no-rule-matched',
    reason: `no policy rule matched; the default action is ${policy.defaultAction}`,
    factsUsed: [],
  } as Decision;
}
