// The phigate proxy: a stateless Azure Container App.
// - PostgreSQL wire protocol on 6432 through external TCP ingress (TLS is terminated by the
//   proxy itself, end to end; Container Apps only forwards TCP).
// - HTTP on 7071 (/healthz, /readyz, /metrics) as an internal additional port: reachable from
//   inside the environment only. Health probes go to the replica directly.
// - Config and TLS pair are Key Vault secrets mounted as files under /config; the masking
//   pseudonym key and the control plane's function key are Key Vault secrets exposed as
//   environment variables (the config names the variables, never the values).

param name string
param location string
param tags object
param environmentId string
param identityId string
param registryServer string
param keyVaultUri string

@description('Image deployed by azd; empty until the first `azd deploy` (a placeholder runs, without probes).')
param image string

@description('Environment variables for the container (name -> value). No secrets here.')
param environmentVariables object

@minValue(2)
param minReplicas int

@minValue(2)
param maxReplicas int

@description('Concurrent TCP connections per replica before the TCP scale rule adds a replica.')
param concurrentConnectionsPerReplica int

@description('Seconds between SIGTERM and SIGKILL on scale-in or a new revision: open sessions get this long to finish.')
param terminationGracePeriodSeconds int = 120

// Key Vault secret name -> file name under /config.
var secretFiles = [
  { secret: 'phigate-config', path: 'phigate.yaml' }
  { secret: 'proxy-tls-cert', path: 'tls.crt' }
  { secret: 'proxy-tls-key', path: 'tls.key' }
]
// Key Vault secret name -> environment variable (the config names the variable, never the value).
var secretEnv = [
  { secret: 'masking-pseudonym-key', env: 'PHIGATE_PSEUDONYM_KEY' }
  { secret: 'control-plane-function-key', env: 'PHIGATE_FUNCTIONS_KEY' }
]
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'
var deployed = !empty(image)
var probes = [
  {
    type: 'Startup'
    httpGet: { path: '/healthz', port: 7071 }
    initialDelaySeconds: 2
    periodSeconds: 3
    timeoutSeconds: 2
    failureThreshold: 10
  }
  {
    type: 'Liveness'
    httpGet: { path: '/healthz', port: 7071 }
    periodSeconds: 10
    timeoutSeconds: 3
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: { path: '/readyz', port: 7071 }
    periodSeconds: 5
    timeoutSeconds: 3
    failureThreshold: 3
    successThreshold: 1
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'proxy' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        transport: 'tcp'
        targetPort: 6432
        exposedPort: 6432
        additionalPortMappings: [{ external: false, targetPort: 7071, exposedPort: 7071 }]
      }
      registries: [{ server: registryServer, identity: identityId }]
      secrets: [
        for s in concat(map(secretFiles, f => f.secret), map(secretEnv, e => e.secret)): {
          name: s
          keyVaultUrl: '${keyVaultUri}secrets/${s}'
          identity: identityId
        }
      ]
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'proxy'
          image: deployed ? image : placeholderImage
          resources: { cpu: json('1.0'), memory: '2Gi' }
          env: concat(
            map(items(environmentVariables), e => { name: e.key, value: e.value }),
            map(secretEnv, e => { name: e.env, secretRef: e.secret })
          )
          volumeMounts: [
            { volumeName: 'config', mountPath: '/config' }
            { volumeName: 'state', mountPath: '/app/.phigate' }
          ]
          probes: deployed ? probes : []
        }
      ]
      volumes: [
        {
          name: 'config'
          storageType: 'Secret'
          secrets: [for f in secretFiles: { secretRef: f.secret, path: f.path }]
        }
        { name: 'state', storageType: 'EmptyDir' }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'tcp-connections'
            tcp: { metadata: { concurrentConnections: string(concurrentConnectionsPerReplica) } }
          }
        ]
      }
    }
  }
}

output id string = app.id
output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
