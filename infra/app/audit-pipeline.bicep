// The audit path of record: proxy -> Service Bus queue `audit-events` -> ingest function ->
// Cosmos DB index (query) + immutable Blob container `evidence` (evidence of record).
// Grants: the proxy may only send to the queue; the control plane may receive from it, append to
// the index and write evidence blobs; an optional auditors group may read index and evidence.

param location string
param tags object
param serviceBusName string
param queueName string
param cosmosName string
param databaseName string
param containerName string
param evidenceStorageName string
param evidenceContainerName string
param evidenceRetentionDays int
param evidenceImmutabilityLocked bool
param evidenceSkuName string
param privateNetworking bool
param prod bool
param logAnalyticsWorkspaceId string
param proxyPrincipalId string
param controlPlanePrincipalId string
param auditorsGroupObjectId string

var roles = loadJsonContent('../roles.json')

module serviceBus '../core/service-bus.bicep' = {
  name: 'audit-service-bus'
  params: {
    location: location
    tags: tags
    name: serviceBusName
    queueName: queueName
    privateNetworking: privateNetworking
    logAnalyticsWorkspaceId: logAnalyticsWorkspaceId
    queueRoleAssignments: [
      { principalId: proxyPrincipalId, roleDefinitionId: roles.serviceBusDataSender, principalType: 'ServicePrincipal' }
      { principalId: controlPlanePrincipalId, roleDefinitionId: roles.serviceBusDataReceiver, principalType: 'ServicePrincipal' }
    ]
  }
}

module index '../core/cosmos-audit-index.bicep' = {
  name: 'audit-index'
  params: {
    location: location
    tags: tags
    name: cosmosName
    databaseName: databaseName
    containerName: containerName
    privateNetworking: privateNetworking
    serverless: !prod
    logAnalyticsWorkspaceId: logAnalyticsWorkspaceId
    appenderPrincipalIds: [controlPlanePrincipalId]
    readerPrincipalIds: [auditorsGroupObjectId]
  }
}

module evidence '../core/evidence-storage.bicep' = {
  name: 'audit-evidence'
  params: {
    location: location
    tags: tags
    name: evidenceStorageName
    containerName: evidenceContainerName
    privateNetworking: privateNetworking
    logAnalyticsWorkspaceId: logAnalyticsWorkspaceId
    retentionDays: evidenceRetentionDays
    locked: evidenceImmutabilityLocked
    skuName: evidenceSkuName
    containerRoleAssignments: [
      { principalId: controlPlanePrincipalId, roleDefinitionId: roles.storageBlobDataContributor, principalType: 'ServicePrincipal' }
      { principalId: auditorsGroupObjectId, roleDefinitionId: roles.storageBlobDataReader, principalType: 'Group' }
    ]
  }
}

output queueName string = serviceBus.outputs.queueName
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output cosmosEndpoint string = index.outputs.endpoint
output evidenceBlobEndpoint string = evidence.outputs.blobEndpoint
