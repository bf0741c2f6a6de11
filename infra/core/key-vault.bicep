// Key Vault in RBAC mode. Secrets are written from secure parameters (never from outputs), and
// read access is granted per secret, not per vault: the proxy cannot read the approval signing
// key, and the control plane cannot read the proxy's TLS key.
import { roleAssignment, secretReader } from 'types.bicep'

param location string
param tags object
param name string
param privateNetworking bool
param purgeProtection bool
param logAnalyticsWorkspaceId string

@secure()
@description('Secret name -> value. Empty values are not written (optional secrets).')
param secretValues object

@description('Per-secret Key Vault Secrets User grants. Entries for secrets that are not written are skipped.')
param secretReaders secretReader[] = []

@description('Vault-scope grants (the deploying operator: Key Vault Secrets Officer).')
param roleAssignments roleAssignment[] = []

var roles = loadJsonContent('../roles.json')
var writtenSecrets = filter(items(secretValues), s => !empty(s.value))
var effectiveReaders = filter(
  secretReaders,
  r => !empty(r.principalId) && contains(secretValues, r.secretName) && !empty(secretValues[r.secretName])
)

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection cannot be turned off once on; ARM rejects an explicit false.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for s in writtenSecrets: {
    parent: vault
    name: s.key
    properties: {
      value: s.value
      attributes: { enabled: true }
    }
  }
]

resource readableSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [
  for r in effectiveReaders: {
    parent: vault
    name: r.secretName
  }
]

resource secretReaderAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (r, i) in effectiveReaders: {
    name: guid(vault.id, r.secretName, r.principalId, roles.keyVaultSecretsUser)
    scope: readableSecrets[i]
    properties: {
      principalId: r.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    }
    dependsOn: [secrets]
  }
]

resource vaultAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in filter(roleAssignments, a => !empty(a.principalId)): {
    name: guid(vault.id, a.principalId, a.roleDefinitionId)
    scope: vault
    properties: {
      principalId: a.principalId
      principalType: a.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.roleDefinitionId)
    }
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'audit', enabled: true }]
  }
}

output id string = vault.id
output name string = vault.name
output vaultUri string = vault.properties.vaultUri
