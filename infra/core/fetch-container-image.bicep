// The azd pattern for keeping the deployed image across `azd provision`: read the image of the
// existing container app (if azd reports that it exists) so provisioning does not reset it.

param exists bool
param name string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output containers array = exists ? existingApp.properties.template.containers : []
