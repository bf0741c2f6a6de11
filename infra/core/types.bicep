// Types shared by the modules (compile-time import: `import { roleAssignment } from 'types.bicep'`).

@export()
@description('An Azure RBAC role assignment a module applies at the scope of the resource it creates. Entries whose principalId is empty are skipped, so optional principals (auditors, the deploying user) can be listed unconditionally.')
type roleAssignment = {
  @description('Object id of the managed identity, user or group.')
  principalId: string

  @description('GUID of a built-in role definition, taken from infra/roles.json.')
  roleDefinitionId: string

  principalType: 'ServicePrincipal' | 'User' | 'Group'
}

@export()
@description('Read access to one Key Vault secret, granted at the scope of that secret only.')
type secretReader = {
  secretName: string
  principalId: string
}

@export()
@description('A private endpoint to create for a resource when private networking is on.')
type privateLinkTarget = {
  @description('Short name used in the endpoint name, e.g. kv or cosmos.')
  name: string
  resourceId: string
  @description('The private link sub-resource (group id), e.g. vault, Sql, namespace, blob.')
  groupId: string
  @description('Key of the private DNS zone in core/network.bicep (privateDnsZones output).')
  zone: string
}
