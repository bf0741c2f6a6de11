// Container Apps environment (workload profiles, Consumption profile) on the custom VNet that
// external TCP ingress requires. Console and system logs go to Log Analytics through a
// diagnostic setting (destination azure-monitor), so no workspace shared key is handed out.

param location string
param tags object
param name string
param infrastructureSubnetId string
param logAnalyticsWorkspaceId string
param zoneRedundant bool

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: { destination: 'azure-monitor' }
    vnetConfiguration: {
      infrastructureSubnetId: infrastructureSubnetId
      internal: false
    }
    workloadProfiles: [{ name: 'Consumption', workloadProfileType: 'Consumption' }]
    zoneRedundant: zoneRedundant
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    // Resource-specific tables ContainerAppConsoleLogs / ContainerAppSystemLogs.
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'ContainerAppConsoleLogs', enabled: true }
      { category: 'ContainerAppSystemLogs', enabled: true }
    ]
  }
}

output id string = environment.id
output name string = environment.name
output defaultDomain string = environment.properties.defaultDomain
output staticIp string = environment.properties.staticIp
