// The registry azd pushes the proxy image to. No admin user and no anonymous pull: the proxy
// pulls with its managed identity (AcrPull), operators push with their Entra identity.
import { roleAssignment } from 'types.bicep'

param location string
param tags object
param name string
param roleAssignments roleAssignment[] = []

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in filter(roleAssignments, a => !empty(a.principalId)): {
    name: guid(registry.id, a.principalId, a.roleDefinitionId)
    scope: registry
    properties: {
      principalId: a.principalId
      principalType: a.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.roleDefinitionId)
    }
  }
]

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
