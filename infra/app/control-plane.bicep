// The phigate control plane: a Functions app (Node 20) on the Flex Consumption plan.
// - Storage (host, Durable task hub, deployment package) through the user-assigned identity.
// - Secrets as Key Vault references resolved with that identity (keyVaultReferenceIdentity).
// - App Service authentication (Easy Auth) with Microsoft Entra, unauthenticated requests allowed
//   through: the review page sends browsers without a session to /.auth/login/aad itself, and
//   start/status are called by the proxy with a function key (+ its managed identity token). The
//   app trusts x-ms-client-principal only because Easy Auth is on (it strips client copies).
// - A host-level function key `phigate-proxy` whose value the proxy holds (Key Vault).

param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param subnetId string
param applicationInsightsConnectionString string

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerName string

param keyVaultName string

@description('Non-secret app settings (name -> value).')
param appSettings object

@description('Secret app settings: setting name -> Key Vault secret name. Resolved by the platform.')
param secretAppSettings object

@description('Client id of the Entra app registration used by App Service authentication.')
param authClientId string

@description('Whether a client secret for that registration is stored in Key Vault (control-plane-auth-secret).')
param authClientSecretInVault bool

@secure()
@description('Value of the host-level function key `phigate-proxy` (the proxy sends it as x-functions-key).')
param proxyFunctionKey string

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([2048, 4096])
param instanceMemoryMB int = 2048

var authSecretSetting = 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
var keyVaultReferences = toObject(
  items(union(secretAppSettings, authClientSecretInVault ? { '${authSecretSetting}': 'control-plane-auth-secret' } : {})),
  s => s.key,
  s => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${s.value})'
)
var platformSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  PHIGATE_REVIEW_BASE_URL: 'https://${site.properties.defaultHostName}'
  PHIGATE_TASK_HUB: 'phigate'
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'control-plane' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: subnetId
    siteConfig: { minTlsVersion: '1.2' }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: instanceMemoryMB }
      runtime: { name: 'node', version: '20' }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, keyVaultReferences, platformSettings)
}

resource authentication 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: { requireHttps: true }
    login: { tokenStore: { enabled: false } }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          clientId: authClientId
          clientSecretSettingName: authClientSecretInVault ? authSecretSetting : null
        }
        validation: {
          allowedAudiences: ['api://${authClientId}', authClientId]
        }
      }
    }
  }
  dependsOn: [settings]
}

// Created through the Functions host; see docs/operators.md if the first provision runs before
// the host is up (the key can also be set with `az functionapp keys set`).
resource proxyKey 'Microsoft.Web/sites/host/functionKeys@2022-09-01' = {
  name: '${site.name}/default/phigate-proxy'
  properties: {
    name: 'phigate-proxy'
    value: proxyFunctionKey
  }
  dependsOn: [settings]
}

output id string = site.id
output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
