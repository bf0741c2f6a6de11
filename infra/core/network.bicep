// The virtual network. External TCP ingress on Container Apps (the PostgreSQL port 6432) is
// supported only in an environment on a custom VNet, so the VNet is always created. Private DNS
// zones (and, in main.bicep, private endpoints) are created only when privateNetworking is on.

param location string
param tags object
param name string
param privateNetworking bool

@description('Address space of the VNet; the three subnets are carved from its first /22.')
param addressPrefix string = '10.42.0.0/16'

var subnetNames = {
  proxy: 'snet-proxy'
  functions: 'snet-functions'
  privateEndpoints: 'snet-private-endpoints'
}

// Keys are used by main.bicep (privateLinkTarget.zone); values are the Azure public cloud zones.
var zoneNames = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  cosmos: 'privatelink.documents.azure.com'
  postgres: 'privatelink.postgres.database.azure.com'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  serviceBus: 'privatelink.servicebus.windows.net'
  table: 'privatelink.table.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        // Container Apps environment (workload profiles): /27 minimum, delegated.
        name: subnetNames.proxy
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [{ name: 'container-apps', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        // Functions Flex Consumption VNet integration uses the same delegation.
        name: subnetNames.functions
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          delegations: [{ name: 'flex-consumption', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        name: subnetNames.privateEndpoints
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 2)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource proxySubnet 'subnets' existing = {
    name: subnetNames.proxy
  }
  resource functionsSubnet 'subnets' existing = {
    name: subnetNames.functions
  }
  resource privateEndpointsSubnet 'subnets' existing = {
    name: subnetNames.privateEndpoints
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for zone in items(zoneNames): if (privateNetworking) {
    name: zone.value
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (zone, i) in items(zoneNames): if (privateNetworking) {
    parent: zones[i]
    name: 'link-${vnet.name}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: { id: vnet.id }
    }
  }
]

output id string = vnet.id
output proxySubnetId string = vnet::proxySubnet.id
output functionsSubnetId string = vnet::functionsSubnet.id
output privateEndpointsSubnetId string = vnet::privateEndpointsSubnet.id
output privateDnsZoneIds object = toObject(
  items(zoneNames),
  zone => zone.key,
  zone => resourceId('Microsoft.Network/privateDnsZones', zone.value)
)
