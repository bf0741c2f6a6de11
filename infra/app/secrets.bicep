// Key Vault and everything phigate keeps in it. The proxy's configuration is rendered here from
// infra/config/phigate.azure.yaml (each __TOKEN__ replaced from proxyConfigTokens) unless the
// operator supplies a whole file (proxyConfigBase64). Each identity may read only its secrets.

param location string
param tags object
param keyVaultName string
param privateNetworking bool
param purgeProtection bool
param logAnalyticsWorkspaceId string
param proxyPrincipalId string
param controlPlanePrincipalId string

@description('The deploying operator (Key Vault Secrets Officer); empty: none.')
param operatorPrincipalId string

@allowed(['User', 'ServicePrincipal'])
param operatorPrincipalType string

@description('__TOKEN__ -> value for the configuration template.')
param proxyConfigTokens object

@secure()
param proxyConfigBase64 string

@secure()
param proxyTlsCertPemBase64 string

@secure()
param proxyTlsKeyPemBase64 string

@secure()
param approvalSigningKey string

@secure()
param maskingPseudonymKey string

@secure()
param controlPlaneFunctionKey string

@secure()
param teamsWebhookUrl string

@secure()
param controlPlaneAuthClientSecret string

var roles = loadJsonContent('../roles.json')
var renderedProxyConfig = reduce(
  items(proxyConfigTokens),
  loadTextContent('../config/phigate.azure.yaml'),
  (text, token) => replace(text, token.key, token.value)
)
var proxyConfig = empty(proxyConfigBase64) ? renderedProxyConfig : base64ToString(proxyConfigBase64)

module vault '../core/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: tags
    name: keyVaultName
    privateNetworking: privateNetworking
    purgeProtection: purgeProtection
    logAnalyticsWorkspaceId: logAnalyticsWorkspaceId
    secretValues: {
      'phigate-config': proxyConfig
      'proxy-tls-cert': base64ToString(proxyTlsCertPemBase64)
      'proxy-tls-key': base64ToString(proxyTlsKeyPemBase64)
      'masking-pseudonym-key': maskingPseudonymKey
      'control-plane-function-key': controlPlaneFunctionKey
      'approval-signing-key': approvalSigningKey
      'teams-webhook-url': teamsWebhookUrl
      'control-plane-auth-secret': controlPlaneAuthClientSecret
    }
    secretReaders: [
      { secretName: 'phigate-config', principalId: proxyPrincipalId }
      { secretName: 'proxy-tls-cert', principalId: proxyPrincipalId }
      { secretName: 'proxy-tls-key', principalId: proxyPrincipalId }
      { secretName: 'masking-pseudonym-key', principalId: proxyPrincipalId }
      { secretName: 'control-plane-function-key', principalId: proxyPrincipalId }
      { secretName: 'approval-signing-key', principalId: controlPlanePrincipalId }
      { secretName: 'teams-webhook-url', principalId: controlPlanePrincipalId }
      { secretName: 'control-plane-auth-secret', principalId: controlPlanePrincipalId }
    ]
    roleAssignments: [
      { principalId: operatorPrincipalId, roleDefinitionId: roles.keyVaultSecretsOfficer, principalType: operatorPrincipalType }
    ]
  }
}

output id string = vault.outputs.id
output name string = vault.outputs.name
output vaultUri string = vault.outputs.vaultUri
@description('Changes whenever the configuration or the certificate changes (a hash, not the values).')
output proxyRevisionKey string = uniqueString(proxyConfig, proxyTlsCertPemBase64)
