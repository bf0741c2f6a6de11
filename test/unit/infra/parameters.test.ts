// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is azd, Bicep or Dockerfile syntax, not a template
import { describe, expect, it } from 'vitest';
import { outlineOf } from './lib/bicep-checks.js';
import { editFile, loadDeploymentFiles, readJson } from './lib/infra-files.js';
import { checkParameters, parameterBindings } from './lib/parameters-check.js';

const files = loadDeploymentFiles();
const PARAMS = 'infra/main.parameters.json';
const check = (f: ReadonlyMap<string, string>) =>
  checkParameters(outlineOf(f, 'infra/main.bicep'), readJson(f, PARAMS));

describe('infra/main.parameters.json', () => {
  it('supplies only declared params, every required param, with defaults that fit their types', () => {
    expect(check(files)).toEqual([]);
  });

  it('reports a required param that is not supplied', () => {
    const broken = editFile(files, PARAMS, (t) =>
      t.replace('    "approversGroupObjectId": { "value": "${PHIGATE_APPROVERS_GROUP_ID}" },\n', ''),
    );
    expect(check(broken)).toEqual([
      'approversGroupObjectId is required by main.bicep (no default) but not supplied',
    ]);
  });

  it('reports a supplied param that main.bicep does not declare, and a default of the wrong type', () => {
    const undeclared = editFile(files, PARAMS, (t) =>
      t.replace(
        '"parameters": {',
        '"parameters": {\n    "zoneRedundant": { "value": "${PHIGATE_ZONES=true}" },',
      ),
    );
    expect(check(undeclared)).toEqual(['zoneRedundant is supplied but not declared in main.bicep']);
    const badBool = editFile(files, PARAMS, (t) =>
      t.replace('${PHIGATE_PRIVATE_NETWORKING=false}', '${PHIGATE_PRIVATE_NETWORKING=no}'),
    );
    expect(check(badBool)).toEqual(['privateNetworking: default "no" is not a bool']);
    const badAllowed = editFile(files, PARAMS, (t) =>
      t.replace('${PHIGATE_PROFILE=dev}', '${PHIGATE_PROFILE=staging}'),
    );
    expect(check(badAllowed)).toEqual(['profile: default "staging" is not one of dev, prod']);
  });

  it('never holds a literal value: every parameter comes from the azd environment', () => {
    const literal = editFile(files, PARAMS, (t) =>
      t.replace('"${PHIGATE_AGENT_AUDIENCE}"', '"api://phigate"'),
    );
    expect(check(literal)).toEqual([
      expect.stringContaining('agentTokenAudience: value "api://phigate" is not'),
    ]);
  });

  it('takes every secret from the environment (preprovision hook or operator), with no default', () => {
    const main = outlineOf(files, 'infra/main.bicep');
    const { bindings } = parameterBindings(readJson(files, PARAMS));
    const secure = main.params.filter((p) => p.decorators.includes('secure')).map((p) => p.name);
    expect(secure.sort()).toEqual([
      'approvalSigningKey',
      'controlPlaneAuthClientSecret',
      'controlPlaneFunctionKey',
      'maskingPseudonymKey',
      'proxyConfigBase64',
      'proxyTlsCertPemBase64',
      'proxyTlsKeyPemBase64',
      'teamsWebhookUrl',
    ]);
    for (const name of secure) {
      const b = bindings.find((x) => x.param === name);
      expect(b, name).toBeDefined();
      expect(b!.defaultValue ?? '', name).toBe('');
    }
  });

  it('binds the azd-managed names azd documents', () => {
    const { bindings } = parameterBindings(readJson(files, PARAMS));
    const env = Object.fromEntries(bindings.map((b) => [b.param, b.envVar]));
    expect(env).toMatchObject({
      environmentName: 'AZURE_ENV_NAME',
      location: 'AZURE_LOCATION',
      principalId: 'AZURE_PRINCIPAL_ID',
      // azd sets SERVICE_<NAME>_RESOURCE_EXISTS for the containerapp service named in azure.yaml
      proxyExists: 'SERVICE_PROXY_RESOURCE_EXISTS',
    });
  });
});
