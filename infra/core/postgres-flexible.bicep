// Optional demo upstream: Azure Database for PostgreSQL flexible server with Microsoft Entra
// authentication only (password auth disabled). The Entra administrator is a human operator
// (or group); the proxy's managed identity is created as an ordinary login by that operator
// with pgaadauth_create_principal_with_oid (docs/operators.md), so the proxy is never an admin.

param location string
param tags object
param name string
param databaseName string
param privateNetworking bool

@description('Object id of the Entra administrator (user, group or service principal).')
param adminObjectId string

@description('Display name / UPN of the Entra administrator, as Entra shows it.')
param adminPrincipalName string

@allowed(['User', 'Group', 'ServicePrincipal'])
param adminPrincipalType string

@description('Public IP of the operator workstation allowed through the firewall (empty: none).')
param operatorIpAddress string = ''

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    createMode: 'Create'
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: { storageSizeGB: 32, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: privateNetworking && empty(operatorIpAddress) ? 'Disabled' : 'Enabled' }
  }
}

resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = if (!empty(adminObjectId)) {
  parent: server
  name: adminObjectId
  properties: {
    principalType: adminPrincipalType
    principalName: adminPrincipalName
    tenantId: tenant().tenantId
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
  dependsOn: [admin]
}

// Without private networking the proxy reaches the server over its public endpoint: allow
// Azure-internal sources (0.0.0.0 rule). Authentication stays Entra-only.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!privateNetworking) {
  parent: server
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
  dependsOn: [database]
}

resource allowOperator 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!empty(operatorIpAddress)) {
  parent: server
  name: 'AllowOperator'
  properties: { startIpAddress: operatorIpAddress, endIpAddress: operatorIpAddress }
  dependsOn: [allowAzure]
}

output id string = server.id
output name string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
