// phigate on Azure (azd layout). Creates one resource group with:
//   proxy          Container App (TCP 6432 external, HTTP 7071 internal), min 2 replicas
//   control plane  Functions app on Flex Consumption (approvals, audit ingest), Easy Auth
//   audit path     Service Bus queue audit-events -> Cosmos DB index + immutable Blob evidence
//   shared         Key Vault, Log Analytics + Application Insights, VNet, container registry
//   optional       Azure Database for PostgreSQL flexible server (Entra auth) as a demo upstream
// Every identity gets only the roles it needs, at the narrowest scope (see docs/operators.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; used in resource names and tags.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Container Apps and Functions Flex Consumption.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user (azd: AZURE_PRINCIPAL_ID). Gets Key Vault Secrets Officer.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@allowed(['dev', 'prod'])
@description('prod: purge protection on Key Vault, 6-year evidence retention, geo-redundant evidence, zone-redundant environment.')
param profile string = 'dev'

@description('Private endpoints + private DNS for Key Vault, Service Bus (Premium), Cosmos DB, storage and the demo server; public access off.')
param privateNetworking bool = false

@description('Create an Azure Database for PostgreSQL flexible server as the demo upstream `ehr`.')
param deployDemoPostgres bool = true

@description('Set by azd (SERVICE_PROXY_RESOURCE_EXISTS): keeps the deployed image on re-provision.')
param proxyExists bool = false

@minLength(1)
@description('Audience (aud) of the access tokens agents present, e.g. api://phigate-agents or its client id.')
param agentTokenAudience string

@minLength(36)
@maxLength(36)
@description('Client id of the Entra app registration protecting the control plane (App Service authentication).')
param controlPlaneAuthClientId string

@minLength(36)
@maxLength(36)
@description('Object id of the Entra group whose members may approve statements.')
param approversGroupObjectId string

@description('Object id of an Entra group that may read the audit index and the evidence (optional).')
param auditorsGroupObjectId string = ''

@secure()
@description('PEM certificate chain the proxy presents on 6432, base64-encoded (preprovision hook: self-signed if unset).')
param proxyTlsCertPemBase64 string

@secure()
@description('PEM private key for that certificate, base64-encoded.')
param proxyTlsKeyPemBase64 string

@secure()
@description('Base64 HMAC key (>= 32 bytes) signing approval decision links.')
param approvalSigningKey string

@secure()
@description('Key (>= 32 bytes) for keyed pseudonymization of PHI. Changing it changes every pseudonym.')
param maskingPseudonymKey string

@secure()
@description('Function key the proxy sends to the control plane (start/status); the hook generates it.')
param controlPlaneFunctionKey string

@secure()
@description('Teams Workflows webhook URL for approval cards (optional).')
param teamsWebhookUrl string = ''

@secure()
@description('Client secret of the control plane app registration (optional; without it sign-in uses the ID token flow).')
param controlPlaneAuthClientSecret string = ''

@secure()
@description('Your own phigate serve YAML, base64-encoded. Empty: infra/config/phigate.azure.yaml is rendered.')
param proxyConfigBase64 string = ''

@description('Entra administrator of the demo server (default: the deploying user).')
param postgresAdminObjectId string = ''

@description('Name of that administrator as Entra shows it (UPN for a user, display name for a group).')
param postgresAdminPrincipalName string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param postgresAdminPrincipalType string = 'User'

@description('Operator workstation IP allowed through the demo server firewall (optional).')
param operatorIpAddress string = ''

@minValue(0)
@maxValue(146000)
@description('Days each evidence blob is immutable; 0 = profile default (dev 1, prod 2190).')
param evidenceRetentionDays int = 0

@description('Lock the evidence immutability policy (irreversible). Only on an account provisioned before, unlocked.')
param evidenceImmutabilityLocked bool = false

@minValue(2)
@maxValue(300)
param proxyMaxReplicas int = 10

@minValue(10)
param proxyConcurrentConnectionsPerReplica int = 200

var abbrs = loadJsonContent('abbreviations.json')
var roles = loadJsonContent('roles.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'phigate' }
var prod = profile == 'prod'
var auditQueueName = 'audit-events'
var auditDatabaseName = 'phigate'
var auditContainerName = 'audit'
var evidenceContainerName = 'evidence'
var demoDatabaseName = 'ehr'

var names = {
  resourceGroup: '${abbrs.resourcesResourceGroups}${environmentName}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  proxyIdentity: '${abbrs.managedIdentityUserAssignedIdentities}proxy-${resourceToken}'
  controlPlaneIdentity: '${abbrs.managedIdentityUserAssignedIdentities}control-plane-${resourceToken}'
  virtualNetwork: '${abbrs.networkVirtualNetworks}${resourceToken}'
  registry: '${abbrs.containerRegistryRegistries}${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}${resourceToken}'
  serviceBus: '${abbrs.serviceBusNamespaces}${resourceToken}'
  cosmos: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
  evidenceStorage: '${abbrs.storageStorageAccounts}ev${resourceToken}'
  functionsStorage: '${abbrs.storageStorageAccounts}fn${resourceToken}'
  postgres: '${abbrs.dBforPostgreSQLFlexibleServers}${resourceToken}'
  containerEnvironment: '${abbrs.appManagedEnvironments}${resourceToken}'
  proxyApp: '${abbrs.appContainerApps}proxy-${resourceToken}'
  functionsPlan: '${abbrs.webServerFarms}${resourceToken}'
  functionsApp: '${abbrs.webSitesFunctions}control-plane-${resourceToken}'
  privateEndpointPrefix: '${abbrs.networkPrivateEndpoints}${resourceToken}-'
}

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    retentionInDays: prod ? 365 : 30
    roleAssignments: [
      { principalId: proxyIdentity.outputs.principalId, roleDefinitionId: roles.monitoringMetricsPublisher, principalType: 'ServicePrincipal' }
      { principalId: controlPlaneIdentity.outputs.principalId, roleDefinitionId: roles.monitoringMetricsPublisher, principalType: 'ServicePrincipal' }
    ]
  }
}

module proxyIdentity 'core/user-assigned-identity.bicep' = {
  name: 'proxy-identity'
  scope: rg
  params: { location: location, tags: tags, name: names.proxyIdentity }
}

module controlPlaneIdentity 'core/user-assigned-identity.bicep' = {
  name: 'control-plane-identity'
  scope: rg
  params: { location: location, tags: tags, name: names.controlPlaneIdentity }
}

module network 'core/network.bicep' = {
  name: 'network'
  scope: rg
  params: { location: location, tags: tags, name: names.virtualNetwork, privateNetworking: privateNetworking }
}

module registry 'core/container-registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.registry
    roleAssignments: [
      { principalId: proxyIdentity.outputs.principalId, roleDefinitionId: roles.acrPull, principalType: 'ServicePrincipal' }
    ]
  }
}

module audit 'app/audit-pipeline.bicep' = {
  name: 'audit-pipeline'
  scope: rg
  params: {
    location: location
    tags: tags
    serviceBusName: names.serviceBus
    queueName: auditQueueName
    cosmosName: names.cosmos
    databaseName: auditDatabaseName
    containerName: auditContainerName
    evidenceStorageName: names.evidenceStorage
    evidenceContainerName: evidenceContainerName
    evidenceRetentionDays: evidenceRetentionDays > 0 ? evidenceRetentionDays : (prod ? 2190 : 1)
    evidenceImmutabilityLocked: evidenceImmutabilityLocked
    evidenceSkuName: prod ? 'Standard_GZRS' : 'Standard_LRS'
    privateNetworking: privateNetworking
    prod: prod
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    proxyPrincipalId: proxyIdentity.outputs.principalId
    controlPlanePrincipalId: controlPlaneIdentity.outputs.principalId
    auditorsGroupObjectId: auditorsGroupObjectId
  }
}

module functionsStorage 'core/functions-storage.bicep' = {
  name: 'functions-storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.functionsStorage
    deploymentContainerName: 'app-package'
    privateNetworking: privateNetworking
    roleAssignments: [
      { principalId: controlPlaneIdentity.outputs.principalId, roleDefinitionId: roles.storageBlobDataOwner, principalType: 'ServicePrincipal' }
      { principalId: controlPlaneIdentity.outputs.principalId, roleDefinitionId: roles.storageQueueDataContributor, principalType: 'ServicePrincipal' }
      { principalId: controlPlaneIdentity.outputs.principalId, roleDefinitionId: roles.storageTableDataContributor, principalType: 'ServicePrincipal' }
    ]
  }
}

module demoPostgres 'core/postgres-flexible.bicep' = if (deployDemoPostgres) {
  name: 'demo-postgres'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.postgres
    databaseName: demoDatabaseName
    privateNetworking: privateNetworking
    adminObjectId: !empty(postgresAdminObjectId) ? postgresAdminObjectId : principalId
    adminPrincipalName: postgresAdminPrincipalName
    adminPrincipalType: postgresAdminPrincipalType
    operatorIpAddress: operatorIpAddress
  }
}

module containerEnvironment 'core/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.containerEnvironment
    infrastructureSubnetId: network.outputs.proxySubnetId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    zoneRedundant: prod
  }
}

module controlPlane 'app/control-plane.bicep' = {
  name: 'control-plane'
  scope: rg
  params: {
    name: names.functionsApp
    planName: names.functionsPlan
    location: location
    tags: tags
    identityId: controlPlaneIdentity.outputs.id
    identityClientId: controlPlaneIdentity.outputs.clientId
    subnetId: network.outputs.functionsSubnetId
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    storageBlobEndpoint: functionsStorage.outputs.blobEndpoint
    storageQueueEndpoint: functionsStorage.outputs.queueEndpoint
    storageTableEndpoint: functionsStorage.outputs.tableEndpoint
    deploymentContainerName: functionsStorage.outputs.deploymentContainerName
    keyVaultName: names.keyVault
    authClientId: controlPlaneAuthClientId
    authClientSecretInVault: !empty(controlPlaneAuthClientSecret)
    proxyFunctionKey: controlPlaneFunctionKey
    appSettings: {
      PHIGATE_APPROVERS_GROUP: approversGroupObjectId
      PHIGATE_PROXY_PRINCIPAL_IDS: proxyIdentity.outputs.principalId
      PHIGATE_AUDIT_QUEUE: audit.outputs.queueName
      ServiceBusConnection__fullyQualifiedNamespace: audit.outputs.serviceBusNamespace
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: controlPlaneIdentity.outputs.clientId
      PHIGATE_COSMOS_ENDPOINT: audit.outputs.cosmosEndpoint
      PHIGATE_COSMOS_DATABASE: auditDatabaseName
      PHIGATE_COSMOS_CONTAINER: auditContainerName
      PHIGATE_EVIDENCE_BLOB_ENDPOINT: audit.outputs.evidenceBlobEndpoint
      PHIGATE_EVIDENCE_CONTAINER: evidenceContainerName
    }
    secretAppSettings: union(
      { PHIGATE_APPROVAL_SIGNING_KEY: 'approval-signing-key' },
      empty(teamsWebhookUrl) ? {} : { PHIGATE_TEAMS_WEBHOOK_URL: 'teams-webhook-url' }
    )
  }
}

module secrets 'app/secrets.bicep' = {
  name: 'secrets'
  scope: rg
  params: {
    location: location
    tags: tags
    keyVaultName: names.keyVault
    privateNetworking: privateNetworking
    purgeProtection: prod
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    proxyPrincipalId: proxyIdentity.outputs.principalId
    controlPlanePrincipalId: controlPlaneIdentity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    // Values for the __TOKENS__ of infra/config/phigate.azure.yaml.
    proxyConfigTokens: {
      __TENANT_ID__: tenant().tenantId
      __AGENT_AUDIENCE__: agentTokenAudience
      __UPSTREAM_HOST__: deployDemoPostgres ? demoPostgres.outputs.fqdn : ''
      __UPSTREAM_DATABASE__: demoDatabaseName
      __UPSTREAM_USER__: proxyIdentity.outputs.name
      __PROXY_CLIENT_ID__: proxyIdentity.outputs.clientId
      __ENVIRONMENT_NAME__: environmentName
      __CONTROL_PLANE_URL__: controlPlane.outputs.url
      __CONTROL_PLANE_CLIENT_ID__: controlPlaneAuthClientId
    }
    proxyConfigBase64: proxyConfigBase64
    proxyTlsCertPemBase64: proxyTlsCertPemBase64
    proxyTlsKeyPemBase64: proxyTlsKeyPemBase64
    approvalSigningKey: approvalSigningKey
    maskingPseudonymKey: maskingPseudonymKey
    controlPlaneFunctionKey: controlPlaneFunctionKey
    teamsWebhookUrl: teamsWebhookUrl
    controlPlaneAuthClientSecret: controlPlaneAuthClientSecret
  }
}

module proxyImage 'core/fetch-container-image.bicep' = {
  name: 'proxy-image'
  scope: rg
  params: { exists: proxyExists, name: names.proxyApp }
}

module proxy 'app/proxy.bicep' = {
  name: 'proxy'
  scope: rg
  params: {
    name: names.proxyApp
    location: location
    tags: tags
    environmentId: containerEnvironment.outputs.id
    identityId: proxyIdentity.outputs.id
    registryServer: registry.outputs.loginServer
    keyVaultUri: secrets.outputs.vaultUri
    image: !empty(proxyImage.outputs.containers) ? proxyImage.outputs.containers[0].image : ''
    minReplicas: 2
    maxReplicas: proxyMaxReplicas
    concurrentConnectionsPerReplica: proxyConcurrentConnectionsPerReplica
    environmentVariables: {
      NODE_ENV: 'production'
      NODE_OPTIONS: '--enable-source-maps --max-old-space-size=1536'
      AZURE_CLIENT_ID: proxyIdentity.outputs.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      PHIGATE_AUDIT_SERVICEBUS_NAMESPACE: audit.outputs.serviceBusNamespace
      PHIGATE_AUDIT_QUEUE: audit.outputs.queueName
      // A changed config or certificate must start a new revision (mounted secrets are read at start).
      PHIGATE_CONFIG_REVISION: secrets.outputs.proxyRevisionKey
    }
  }
}

module privateNetwork 'app/private-networking.bicep' = if (privateNetworking) {
  name: 'private-networking'
  scope: rg
  params: {
    location: location
    tags: tags
    namePrefix: names.privateEndpointPrefix
    subnetId: network.outputs.privateEndpointsSubnetId
    privateDnsZoneIds: network.outputs.privateDnsZoneIds
    keyVaultName: secrets.outputs.name
    serviceBusName: names.serviceBus
    cosmosName: names.cosmos
    evidenceStorageName: names.evidenceStorage
    functionsStorageName: names.functionsStorage
    postgresName: deployDemoPostgres ? names.postgres : ''
  }
  dependsOn: [audit, functionsStorage, demoPostgres]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_ENVIRONMENT_NAME string = containerEnvironment.outputs.name
output AZURE_KEY_VAULT_NAME string = secrets.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = secrets.outputs.vaultUri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output SERVICE_PROXY_NAME string = proxy.outputs.name
output SERVICE_CONTROL_PLANE_NAME string = controlPlane.outputs.name
output PHIGATE_PG_HOST string = proxy.outputs.fqdn
output PHIGATE_PG_PORT string = '6432'
output PHIGATE_CONTROL_PLANE_URL string = controlPlane.outputs.url
output PHIGATE_PROXY_IDENTITY_NAME string = proxyIdentity.outputs.name
output PHIGATE_PROXY_CLIENT_ID string = proxyIdentity.outputs.clientId
output PHIGATE_PROXY_PRINCIPAL_ID string = proxyIdentity.outputs.principalId
output PHIGATE_CONTROL_PLANE_PRINCIPAL_ID string = controlPlaneIdentity.outputs.principalId
output PHIGATE_AUDIT_SERVICEBUS_NAMESPACE string = audit.outputs.serviceBusNamespace
output PHIGATE_COSMOS_ENDPOINT string = audit.outputs.cosmosEndpoint
output PHIGATE_EVIDENCE_BLOB_ENDPOINT string = audit.outputs.evidenceBlobEndpoint
output PHIGATE_DEMO_POSTGRES_HOST string = deployDemoPostgres ? demoPostgres.outputs.fqdn : ''
