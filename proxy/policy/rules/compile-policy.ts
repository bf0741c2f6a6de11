/**
 * Builds the ordered rule list of a policy config: own rules first, then each pack in order
 * (with overrides replacing pack rules in place and disabled ids dropped), then the default
 * action. Checks what the schema cannot: statement names exist in the parser's grammar, override
 * and disable ids name real pack rules, own ids do not shadow pack ids.
 */
import {
  type MatchConfig,
  type PolicyAction,
  type PolicyConfig,
  type PolicyRuleConfig,
  policyRuleSchema,
  type RulePackName,
} from '../../../core/config/policy.js';
import { PhigateError } from '../../../core/errors.js';
import { STATEMENT_TYPES } from '../facts/statement-kind.js';
import { HIPAA_BASELINE } from '../packs/hipaa-baseline.js';
import { compileMatch, type Matcher } from './compile-match.js';

export interface CompiledRule {
  readonly id: string;
  readonly action: PolicyAction;
  readonly reason: string;
  /** `config`, `override`, or the pack name. */
  readonly source: string;
  readonly matcher: Matcher;
}

export interface CompiledPolicy {
  readonly rules: readonly CompiledRule[];
  readonly defaultAction: PolicyAction;
}

const PACKS: Record<RulePackName, readonly PolicyRuleConfig[]> = {
  'hipaa-baseline': HIPAA_BASELINE.map((r) => policyRuleSchema.parse(r)),
};

export function packRules(name: RulePackName): readonly PolicyRuleConfig[] {
  return PACKS[name];
}

export function compilePolicy(config: PolicyConfig): CompiledPolicy {
  const problems: string[] = [];
  const packIds = new Map<string, string>();
  for (const pack of config.extends) for (const r of PACKS[pack]) packIds.set(r.id, pack);

  config.rules.forEach((r, i) => {
    if (packIds.has(r.id)) {
      problems.push(
        `policy.rules.${i}.id: "${r.id}" is a rule of ${packIds.get(r.id)}; use overrides to replace it`,
      );
    }
    checkStatements(r.match, `policy.rules.${i}.match`, problems);
  });
  const overrides = new Map<string, PolicyRuleConfig>();
  config.overrides.forEach((r, i) => {
    if (!packIds.has(r.id))
      problems.push(`policy.overrides.${i}.id: no rule "${r.id}" in ${packsText(config)}`);
    checkStatements(r.match, `policy.overrides.${i}.match`, problems);
    overrides.set(r.id, r);
  });
  const ownIds = new Set(config.rules.map((r) => r.id));
  config.disable.forEach((id, i) => {
    if (!packIds.has(id) && !ownIds.has(id)) problems.push(`policy.disable.${i}: no rule "${id}" to disable`);
  });
  if (problems.length > 0) {
    throw new PhigateError('CONFIG_INVALID', `invalid policy:\n  ${problems.join('\n  ')}`, {
      detail: problems.join('\n'),
    });
  }

  const disabled = new Set(config.disable);
  const rules: CompiledRule[] = [];
  const push = (r: PolicyRuleConfig, source: string) => {
    if (disabled.has(r.id)) return;
    rules.push({
      id: r.id,
      action: r.action,
      reason: r.reason,
      source,
      matcher: compileMatch(r.match, r.action),
    });
  };
  for (const r of config.rules) push(r, 'config');
  for (const pack of config.extends) {
    for (const r of PACKS[pack]) {
      const o = overrides.get(r.id);
      push(o ?? r, o ? 'override' : pack);
    }
  }
  return { rules, defaultAction: config.defaultAction };
}

function packsText(config: PolicyConfig): string {
  return config.extends.length ? config.extends.join(', ') : 'the extended packs (none)';
}

function checkStatements(match: MatchConfig, path: string, problems: string[]): void {
  match.statements?.forEach((s, i) => {
    if (!STATEMENT_TYPES.has(s)) problems.push(`${path}.statements.${i}: unknown statement type "${s}"`);
  });
  match.anyOf?.forEach((m, i) => {
    checkStatements(m, `${path}.anyOf.${i}`, problems);
  });
}
