// The audit query index: Cosmos DB for NoSQL, Entra-only (local keys disabled), database
// `phigate`, container `audit` partitioned by /sessionId. The index is rebuildable from the
// immutable evidence blobs; it is not the evidence of record.
//
// Data-plane access uses Cosmos DB's own RBAC (sqlRoleDefinitions / sqlRoleAssignments, not
// Azure RBAC). The control plane gets a custom append-only role: it can create and read items
// and query, but not replace, upsert or delete them. Auditors get the built-in Data Reader.

param location string
param tags object
param name string
param databaseName string
param containerName string
param privateNetworking bool
param serverless bool
param logAnalyticsWorkspaceId string

@description('Object ids allowed to append to the index (the control plane identity).')
param appenderPrincipalIds string[] = []

@description('Object ids allowed to read the index (an auditors group; empty entries are skipped).')
param readerPrincipalIds string[] = []

// Built-in "Cosmos DB Built-in Data Reader" (a Cosmos data-plane role, fixed id in every account).
var cosmosBuiltInDataReader = '00000000-0000-0000-0000-000000000001'
var containerScope = '/dbs/${databaseName}/colls/${containerName}'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: false }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    capabilities: serverless ? [{ name: 'EnableServerless' }] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: { paths: ['/sessionId'], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [{ path: '/"_etag"/?' }]
      }
    }
    options: serverless ? {} : { autoscaleSettings: { maxThroughput: 1000 } }
  }
}

resource appenderRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-05-15' = {
  parent: account
  name: guid(account.id, 'phigate-audit-index-appender')
  properties: {
    roleName: 'phigate audit index appender'
    type: 'CustomRole'
    assignableScopes: [account.id]
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery'
        ]
      }
    ]
  }
}

// Cosmos rejects concurrent role-assignment writes on one account: one at a time.
@batchSize(1)
resource appenders 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [
  for principalId in filter(appenderPrincipalIds, p => !empty(p)): {
    parent: account
    name: guid(account.id, principalId, 'appender')
    properties: {
      roleDefinitionId: appenderRole.id
      principalId: principalId
      scope: '${account.id}${containerScope}'
    }
    dependsOn: [container]
  }
]

@batchSize(1)
resource readers 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [
  for principalId in filter(readerPrincipalIds, p => !empty(p)): {
    parent: account
    name: guid(account.id, principalId, 'reader')
    properties: {
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosBuiltInDataReader}'
      principalId: principalId
      scope: '${account.id}${containerScope}'
    }
    dependsOn: [container, appenders]
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerName string = container.name
