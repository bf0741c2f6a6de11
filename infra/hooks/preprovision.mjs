// azd preprovision hook (azure.yaml): node infra/hooks/preprovision.mjs
// Checks required settings and fills in missing secrets (see provision-secrets.mjs). azd passes
// the environment's values as process environment variables; values are stored back with
// `azd env set` and are never printed.
import { execFileSync } from 'node:child_process';
import { planProvisionSecrets } from './provision-secrets.mjs';
import { generateSelfSignedTlsPair } from './self-signed-tls.mjs';

/** Reads one secret with the Azure CLI as the signed-in operator. */
async function readVaultSecret(vault, name) {
  try {
    const value = execFileSync(
      'az',
      ['keyvault', 'secret', 'show', '--vault-name', vault, '--name', name, '--query', 'value', '-o', 'tsv'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { status: 'found', value: value.replace(/\r?\n$/, '') };
  } catch (error) {
    const stderr = String(error?.stderr ?? '');
    if (/SecretNotFound|was not found/i.test(stderr)) return { status: 'missing' };
    if (error?.code === 'ENOENT') return { status: 'error', reason: 'the Azure CLI (az) is not installed' };
    return { status: 'error', reason: `az exited with status ${error?.status ?? 'unknown'}` };
  }
}

const plan = await planProvisionSecrets(process.env, {
  readVaultSecret,
  generateTlsPair: generateSelfSignedTlsPair,
});
for (const note of plan.notes) process.stdout.write(`phigate preprovision: ${note}\n`);
if (plan.problems.length > 0) {
  for (const p of plan.problems) process.stderr.write(`phigate preprovision: ${p}\n`);
  process.stderr.write(
    'phigate preprovision: fix the settings above (azd env set NAME VALUE), then run azd again\n',
  );
  process.exit(1);
}
for (const [name, value] of Object.entries(plan.set)) {
  execFileSync('azd', ['env', 'set', name, value], { stdio: ['ignore', 'ignore', 'inherit'] });
}
