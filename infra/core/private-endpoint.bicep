// One private endpoint for one sub-resource of a target, registered in its private DNS zone.
import { privateLinkTarget } from 'types.bicep'

param location string
param tags object
param namePrefix string
param subnetId string
param target privateLinkTarget
param privateDnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: '${namePrefix}${target.name}'
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: target.name
        properties: {
          privateLinkServiceId: target.resourceId
          groupIds: [target.groupId]
        }
      }
    ]
  }

  resource dnsGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [{ name: target.zone, properties: { privateDnsZoneId: privateDnsZoneId } }]
    }
  }
}

output id string = endpoint.id
