/**
 * The policy `phigate dev` and `phigate policy explain` use without a config file: the
 * hipaa-baseline pack, with the PHI tables of the demo `ehr` database.
 */
import { type PolicyConfig, policySchema } from '../../core/config/policy.js';

export const DEV_RESOURCE = 'ehr';
export const DEV_PHI_TABLES: readonly string[] = [
  'public.patients',
  'public.encounters',
  'public.lab_results',
];

export function devPolicyConfig(): PolicyConfig {
  return policySchema.parse({
    extends: ['hipaa-baseline'],
    phiTables: { [DEV_RESOURCE]: [...DEV_PHI_TABLES] },
  });
}
