/** Shared set-up for the policy tests: the real parser, the dev policy (hipaa-baseline, demo PHI tables). */
import { type PolicyConfigInput, policySchema } from '../../../../core/config/policy.js';
import {
  type BatchDecision,
  createPolicyEngine,
  devPolicyConfig,
  loadSqlParser,
  type OpenSessionOptions,
  type PolicyEngine,
  type PolicySession,
} from '../../../../proxy/policy/index.js';

export const AGENT = { id: 'agent-1', groups: ['analysts'] } as const;
export const RESOURCE = { name: 'ehr', labels: { env: 'dev' } } as const;

let baseline: PolicyEngine | undefined;

export async function baselineEngine(): Promise<PolicyEngine> {
  await loadSqlParser();
  baseline ??= createPolicyEngine(devPolicyConfig());
  return baseline;
}

export async function engineFor(config: PolicyConfigInput): Promise<PolicyEngine> {
  await loadSqlParser();
  return createPolicyEngine(policySchema.parse(config));
}

export function session(engine: PolicyEngine, options: Partial<OpenSessionOptions> = {}): PolicySession {
  return engine.openSession({ agent: AGENT, resource: RESOURCE, upstreamUser: 'phigate', ...options });
}

/** `action rule` of a batch, e.g. `deny ddl`. */
export function verdict(batch: BatchDecision): string {
  return `${batch.action} ${batch.decision.ruleId}`;
}
