// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is azd, Bicep or Dockerfile syntax, not a template
import { describe, expect, it } from 'vitest';
import { walkTokens } from './lib/bicep-lexer.js';
import { type BicepOutline, objectEntries } from './lib/bicep-outline.js';
import { editFile, loadDeploymentFiles, outlines, readJson } from './lib/infra-files.js';
import { extractGrants, grantKey } from './lib/role-grants.js';

const files = loadDeploymentFiles();

/**
 * Azure built-in roles used by phigate: the key in infra/roles.json, the role's name and its
 * role definition id as Microsoft publishes them (learn.microsoft.com, "Azure built-in roles").
 */
const BUILT_IN_ROLES = {
  acrPull: { name: 'AcrPull', id: '7f951dda-4ed3-4680-a7ca-43fe172d538d' },
  keyVaultSecretsOfficer: { name: 'Key Vault Secrets Officer', id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' },
  keyVaultSecretsUser: { name: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6' },
  monitoringMetricsPublisher: {
    name: 'Monitoring Metrics Publisher',
    id: '3913510d-42f4-4e42-8a64-420c390055eb',
  },
  serviceBusDataReceiver: {
    name: 'Azure Service Bus Data Receiver',
    id: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  },
  serviceBusDataSender: { name: 'Azure Service Bus Data Sender', id: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' },
  storageBlobDataContributor: {
    name: 'Storage Blob Data Contributor',
    id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  },
  storageBlobDataOwner: { name: 'Storage Blob Data Owner', id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' },
  storageBlobDataReader: { name: 'Storage Blob Data Reader', id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' },
  storageQueueDataContributor: {
    name: 'Storage Queue Data Contributor',
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  },
  storageTableDataContributor: {
    name: 'Storage Table Data Contributor',
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  },
} as const;

/** Roles that must never be granted by these templates (broad management rights). */
const FORBIDDEN = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'Storage Account Contributor': '17d1049b-9a84-46fb-8f53-869881c3d3ab',
  'Azure Service Bus Data Owner': '090c5cfd-751d-490a-894a-3ce6f1109419',
};

/** Cosmos DB's fixed data-plane role "Cosmos DB Built-in Data Reader" (not an Azure RBAC role). */
const COSMOS_BUILT_IN_DATA_READER = '00000000-0000-0000-0000-000000000001';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const R = (file: string) => `infra/core/${file}.bicep`;

/** Least privilege: exactly these grants, each applied by the module owning the narrow scope. */
const EXPECTED_GRANTS = [
  // The proxy: pull its image, publish telemetry, send audit events, read its own secrets.
  ['proxyIdentity', 'acrPull', R('container-registry')],
  ['proxyIdentity', 'monitoringMetricsPublisher', R('monitoring')],
  ['proxyIdentity', 'serviceBusDataSender', R('service-bus')],
  ['proxyIdentity', 'keyVaultSecretsUser:phigate-config', R('key-vault')],
  ['proxyIdentity', 'keyVaultSecretsUser:proxy-tls-cert', R('key-vault')],
  ['proxyIdentity', 'keyVaultSecretsUser:proxy-tls-key', R('key-vault')],
  ['proxyIdentity', 'keyVaultSecretsUser:masking-pseudonym-key', R('key-vault')],
  ['proxyIdentity', 'keyVaultSecretsUser:control-plane-function-key', R('key-vault')],
  // The control plane: its own storage (host + Durable), receive audit events, append to the
  // index, write evidence, publish telemetry, read its own secrets.
  ['controlPlaneIdentity', 'monitoringMetricsPublisher', R('monitoring')],
  ['controlPlaneIdentity', 'storageBlobDataOwner', R('functions-storage')],
  ['controlPlaneIdentity', 'storageQueueDataContributor', R('functions-storage')],
  ['controlPlaneIdentity', 'storageTableDataContributor', R('functions-storage')],
  ['controlPlaneIdentity', 'serviceBusDataReceiver', R('service-bus')],
  ['controlPlaneIdentity', 'cosmos:appender', R('cosmos-audit-index')],
  ['controlPlaneIdentity', 'storageBlobDataContributor', R('evidence-storage')],
  ['controlPlaneIdentity', 'keyVaultSecretsUser:approval-signing-key', R('key-vault')],
  ['controlPlaneIdentity', 'keyVaultSecretsUser:teams-webhook-url', R('key-vault')],
  ['controlPlaneIdentity', 'keyVaultSecretsUser:control-plane-auth-secret', R('key-vault')],
  // People: auditors read index and evidence; the deploying operator manages secrets.
  ['param:auditorsGroupObjectId', 'cosmos:dataReader', R('cosmos-audit-index')],
  ['param:auditorsGroupObjectId', 'storageBlobDataReader', R('evidence-storage')],
  ['param:principalId', 'keyVaultSecretsOfficer', R('key-vault')],
].map(([principal, role, appliedIn]) => `${principal} -> ${role} @ ${appliedIn}`);

describe('built-in role table (infra/roles.json)', () => {
  const roles = readJson(files, 'infra/roles.json') as Record<string, string>;

  it('holds exactly the intended built-in roles, by their published ids', () => {
    expect(roles).toEqual(Object.fromEntries(Object.entries(BUILT_IN_ROLES).map(([k, v]) => [k, v.id])));
  });

  it('holds well-formed, distinct role definition GUIDs', () => {
    const ids = Object.values(roles);
    for (const id of ids) expect(id).toMatch(GUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('grants no broad role anywhere, and writes no role GUID outside roles.json', () => {
    const forbidden = Object.values(FORBIDDEN);
    for (const [file, text] of files) {
      if (!file.startsWith('infra/')) continue;
      for (const id of forbidden) expect(text.includes(id), `${file} contains ${id}`).toBe(false);
    }
    for (const [file, o] of outlines(files)) {
      const guids = [...walkTokens(o.tokens)].filter((t) => t.kind === 'string' && GUID.test(t.value ?? ''));
      for (const g of guids) expect(g.value, `${file}:${g.line}`).toBe(COSMOS_BUILT_IN_DATA_READER);
    }
  });
});

describe('least privilege', () => {
  it('grants each identity exactly the roles it needs, where it needs them', () => {
    const grants = extractGrants(files).map(grantKey).sort();
    expect(grants).toEqual([...EXPECTED_GRANTS].sort());
  });

  it('notices an extra grant', () => {
    const broader = editFile(files, 'infra/main.bicep', (t) =>
      t.replace(
        "      { principalId: proxyIdentity.outputs.principalId, roleDefinitionId: roles.acrPull, principalType: 'ServicePrincipal' }\n",
        "      { principalId: proxyIdentity.outputs.principalId, roleDefinitionId: roles.acrPull, principalType: 'ServicePrincipal' }\n" +
          "      { principalId: proxyIdentity.outputs.principalId, roleDefinitionId: roles.storageBlobDataOwner, principalType: 'ServicePrincipal' }\n",
      ),
    );
    const extra = extractGrants(broader)
      .map(grantKey)
      .filter((g) => !EXPECTED_GRANTS.includes(g));
    expect(extra).toEqual([`proxyIdentity -> storageBlobDataOwner @ ${R('container-registry')}`]);
  });

  it('notices a secret read by the wrong identity', () => {
    const swapped = editFile(files, 'infra/app/secrets.bicep', (t) =>
      t.replace(
        "{ secretName: 'approval-signing-key', principalId: controlPlanePrincipalId }",
        "{ secretName: 'approval-signing-key', principalId: proxyPrincipalId }",
      ),
    );
    const grants = extractGrants(swapped).map(grantKey);
    expect(grants).toContain(`proxyIdentity -> keyVaultSecretsUser:approval-signing-key @ ${R('key-vault')}`);
  });

  /** Each roleAssignments resource is scoped to the narrowest resource its module creates. */
  const EXPECTED_SCOPES: Record<string, string[]> = {
    [R('container-registry')]: ['registry'],
    [R('monitoring')]: ['applicationInsights'],
    [R('service-bus')]: ['queue'],
    [R('evidence-storage')]: ['container'],
    [R('functions-storage')]: ['account'],
    [R('key-vault')]: ['readableSecrets[i]', 'vault'],
  };

  it('scopes role assignments to the queue, the container, the secret, not wider', () => {
    const scopes = (o: BicepOutline) =>
      o.resources
        .filter((r) => r.type.startsWith('Microsoft.Authorization/roleAssignments@'))
        // For a looped resource `[for ...: { ... }]` the body is the loop's object.
        .map((r) => {
          const scope = (r.body ?? []).find((e) => e.key === 'scope');
          return (scope?.value ?? []).map((t) => t.text).join('');
        });
    const all = outlines(files);
    const found: Record<string, string[]> = {};
    for (const [file, o] of all) {
      const s = scopes(o);
      if (s.length) found[file] = s.sort();
    }
    expect(found).toEqual(EXPECTED_SCOPES);
    // The Cosmos data-plane grants are scoped to the audit container.
    const cosmos = files.get(R('cosmos-audit-index'))!;
    expect(cosmos.match(/scope: '\$\{account\.id\}\$\{containerScope\}'/g)).toHaveLength(2);
    expect(cosmos).toContain("var containerScope = '/dbs/${databaseName}/colls/${containerName}'");
  });

  it('gives the control plane an append-only custom Cosmos role (no replace, upsert or delete)', () => {
    const o = outlines(files).get(R('cosmos-audit-index'))!;
    const def = o.resources.find((r) =>
      r.type.startsWith('Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@'),
    )!;
    const props = def.body!.find((e) => e.key === 'properties')!;
    const actions = props.value
      .filter((t) => t.kind === 'string' && t.value?.startsWith('Microsoft.DocumentDB/'))
      .map((t) => t.value);
    expect(actions).toEqual([
      'Microsoft.DocumentDB/databaseAccounts/readMetadata',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read',
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery',
    ]);
    expect(objectEntries(props.value, 0).map((e) => e.key)).toContain('permissions');
  });
});
