// Private endpoints (with their private DNS records) for every data service phigate uses, in the
// VNet's private-endpoint subnet. Only deployed when privateNetworking is on; the services then
// turn public network access off (see each core module).

param location string
param tags object
param namePrefix string
param subnetId string
@description('Zone key -> private DNS zone id (core/network.bicep output).')
param privateDnsZoneIds object
param keyVaultName string
param serviceBusName string
param cosmosName string
param evidenceStorageName string
param functionsStorageName string
@description('Demo PostgreSQL server name; empty when the demo server is not deployed.')
param postgresName string

var targets = concat(
  [
    { name: 'kv', resourceId: resourceId('Microsoft.KeyVault/vaults', keyVaultName), groupId: 'vault', zone: 'vault' }
    { name: 'sb', resourceId: resourceId('Microsoft.ServiceBus/namespaces', serviceBusName), groupId: 'namespace', zone: 'serviceBus' }
    { name: 'cosmos', resourceId: resourceId('Microsoft.DocumentDB/databaseAccounts', cosmosName), groupId: 'Sql', zone: 'cosmos' }
    { name: 'evidence-blob', resourceId: resourceId('Microsoft.Storage/storageAccounts', evidenceStorageName), groupId: 'blob', zone: 'blob' }
    { name: 'fn-blob', resourceId: resourceId('Microsoft.Storage/storageAccounts', functionsStorageName), groupId: 'blob', zone: 'blob' }
    { name: 'fn-queue', resourceId: resourceId('Microsoft.Storage/storageAccounts', functionsStorageName), groupId: 'queue', zone: 'queue' }
    { name: 'fn-table', resourceId: resourceId('Microsoft.Storage/storageAccounts', functionsStorageName), groupId: 'table', zone: 'table' }
  ],
  empty(postgresName)
    ? []
    : [{ name: 'pg', resourceId: resourceId('Microsoft.DBforPostgreSQL/flexibleServers', postgresName), groupId: 'postgresqlServer', zone: 'postgres' }]
)

module endpoints '../core/private-endpoint.bicep' = [
  for target in targets: {
    name: 'private-endpoint-${target.name}'
    params: {
      location: location
      tags: tags
      namePrefix: namePrefix
      subnetId: subnetId
      target: target
      privateDnsZoneId: privateDnsZoneIds[target.zone]
    }
  }
]
