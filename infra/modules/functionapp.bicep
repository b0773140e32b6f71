// Function App on Flex Consumption (Linux, .NET isolated) running as a user-assigned identity,
// with identity-based connections only: no account key or secret-bearing connection string in its settings.

@description('Azure region.')
param location string

@description('Tags applied to the plan.')
param tags object

@description('Tags applied to the site (azd finds the deploy target by azd-service-name).')
param siteTags object

@description('Flex Consumption plan name.')
param planName string

@description('Function App name.')
param name string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (selects it for every identity-based connection).')
param identityClientId string

@description('Storage account the host, the task hub and the TokenGate tables use.')
param storageAccountName string

@description('Table endpoint of that account.')
param storageTableEndpoint string

@description('Blob container URL Flex deploys the package from.')
param deploymentContainerUrl string

@description('Application Insights connection string (identifies the component; ingestion is Entra-authenticated).')
param appInsightsConnectionString string

@description('Event Hubs host name, e.g. ns.servicebus.windows.net.')
param eventHubsNamespaceHost string

@description('Hub that carries usage events.')
param eventHubName string

@description('Consumer group the Event Hub trigger reads with.')
param eventHubConsumerGroup string

@description('Azure OpenAI endpoint TokenGate forwards to.')
param openAiEndpoint string

@description('Principal id of API Management\'s system-assigned identity (the only trusted caller).')
param frontDoorPrincipalId string

@description('Versionless Key Vault secret URI of the admin key.')
param adminKeySecretUri string

@description('Runtime stack version (dotnet-isolated).')
param runtimeVersion string

@description('Upper bound of instances Flex scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Log Analytics workspace the diagnostic settings write to.')
param workspaceId string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: siteTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Key Vault references resolve with the user-assigned identity, not a system-assigned one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${identityClientId}'
        }
        {
          name: 'TokenGate__Upstream__Endpoint'
          value: openAiEndpoint
        }
        {
          name: 'TokenGate__Upstream__ManagedIdentityClientId'
          value: identityClientId
        }
        {
          name: 'TokenGate__Storage__TableEndpoint'
          value: storageTableEndpoint
        }
        {
          name: 'TokenGate__Storage__ManagedIdentityClientId'
          value: identityClientId
        }
        {
          name: 'TokenGate__Events__FullyQualifiedNamespace'
          value: eventHubsNamespaceHost
        }
        {
          name: 'TokenGate__Events__HubName'
          value: eventHubName
        }
        {
          name: 'TokenGate__Events__ConsumerGroup'
          value: eventHubConsumerGroup
        }
        {
          name: 'TokenGate__Events__ManagedIdentityClientId'
          value: identityClientId
        }
        {
          name: 'EventHubs__fullyQualifiedNamespace'
          value: eventHubsNamespaceHost
        }
        {
          name: 'EventHubs__credential'
          value: 'managedidentity'
        }
        {
          name: 'EventHubs__clientId'
          value: identityClientId
        }
        {
          name: 'TokenGate__Identity__UserHeader'
          value: 'x-tokengate-user'
        }
        {
          name: 'TokenGate__Identity__TenantHeader'
          value: 'x-tokengate-tenant'
        }
        {
          name: 'TokenGate__Identity__FrontDoorPrincipalId'
          value: frontDoorPrincipalId
        }
        {
          name: 'TokenGate__Admin__Key'
          value: '@Microsoft.KeyVault(SecretUri=${adminKeySecretUri})'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

// The only stable version (2016-09-01) predates category groups; 2021-05-01-preview is what Azure Monitor documents.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
