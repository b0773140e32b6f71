// TokenGate on Azure: API Management (front door) -> Function App on Flex Consumption -> Azure OpenAI,
// with Event Hubs for usage events, Storage for the task hub and tables, Key Vault for the admin key
// and Application Insights on Log Analytics. Every connection is identity-based.
targetScope = 'resourceGroup'

@description('azd environment name; seeds resource names and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Region for every resource.')
param location string = resourceGroup().location

@description('Name of the existing Azure OpenAI (or AI Services) account TokenGate forwards to.')
param openAiAccountName string

@description('Resource group of that account (defaults to this one).')
param openAiResourceGroupName string = resourceGroup().name

@description('Application (client) id of the Entra app registration representing the TokenGate backend (Easy Auth audience; see docs/deploy.md).')
@minLength(36)
@maxLength(36)
param backendAppClientId string

@description('Caller authentication at the front door: Entra ID tokens (validate-azure-ad-token) or APIM subscription keys.')
@allowed(['entra', 'subscriptionKey'])
param callerAuth string = 'subscriptionKey'

@description('Tenant whose tokens callers present (callerAuth = entra).')
param callerTenantId string = tenant().tenantId

@description('Audience callers request tokens for (callerAuth = entra); empty means the backend app registration.')
param callerAudience string = ''

@description('API Management SKU. BasicV2 (default): managed identity, validate-azure-ad-token, rate-limit-by-key, fast provisioning. Consumption lacks rate-limit-by-key.')
@allowed(['BasicV2', 'StandardV2', 'Developer', 'Basic', 'Standard', 'Premium'])
param apimSku string = 'BasicV2'

@description('Publisher e-mail API Management requires.')
param apimPublisherEmail string

@description('Publisher name API Management shows.')
param apimPublisherName string = 'TokenGate'

@description('Coarse per-client-IP limit at the front door, calls per minute.')
@minValue(1)
param ipCallsPerMinute int = 600

@description('Partitions of the usage-events hub.')
@minValue(1)
@maxValue(32)
param eventHubPartitionCount int = 4

@description('.NET isolated runtime version on Flex Consumption (10.0 is supported there).')
@allowed(['10.0', '9.0', '8.0'])
param functionRuntimeVersion string = '10.0'

@description('Maximum instances the Flex plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per Flex instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Require Entra-authenticated telemetry ingestion (no ingestion with the connection string alone).')
param appInsightsDisableLocalAuth bool = true

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Function App paths that skip Easy Auth (default none: only API Management gets in). List TokenGate admin routes here only if they must be reachable directly; the admin key then guards them.')
param functionAuthExcludedPaths array = []

@description('TokenGate admin key. Empty: a random one is generated on each deployment (set TOKENGATE_ADMIN_KEY to keep it stable).')
@secure()
param adminKey string = ''

@description('Random fallback for adminKey; never pass it.')
@secure()
param generatedAdminKey string = newGuid()

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  application: 'tokengate'
}
var eventHubName = 'usage-events'
var consumerGroupName = 'abuse-processor'
var deploymentContainerName = 'app-package-${take(resourceToken, 8)}'
var adminKeySecretName = 'tokengate-admin-key'
var functionAppName = 'func-tokengate-${resourceToken}'

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-tokengate-${resourceToken}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-tokengate-${resourceToken}'
    appInsightsName: 'appi-tokengate-${resourceToken}'
    retentionInDays: logRetentionInDays
    disableLocalAuth: appInsightsDisableLocalAuth
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'sttg${resourceToken}'
    deploymentContainerName: deploymentContainerName
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  name: 'eventhubs'
  params: {
    location: location
    tags: tags
    namespaceName: 'evhns-tokengate-${resourceToken}'
    hubName: eventHubName
    partitionCount: eventHubPartitionCount
    consumerGroupName: consumerGroupName
    retentionInDays: 1
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: 'kv-tg-${resourceToken}'
    adminKeySecretName: adminKeySecretName
    adminKey: empty(adminKey) ? generatedAdminKey : adminKey
  }
}

module apim 'modules/apim.bicep' = {
  name: 'apim'
  params: {
    location: location
    tags: tags
    name: 'apim-tokengate-${resourceToken}'
    skuName: apimSku
    publisherEmail: apimPublisherEmail
    publisherName: apimPublisherName
    workspaceId: monitoring.outputs.workspaceId
  }
}

module openAi 'modules/openai-role.bicep' = {
  name: 'openai-role'
  scope: resourceGroup(openAiResourceGroupName)
  params: {
    openAiAccountName: openAiAccountName
    principalId: functionIdentity.properties.principalId
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionIdentity.properties.principalId
    storageAccountName: storage.outputs.name
    eventHubsNamespaceName: eventHubs.outputs.namespaceName
    eventHubName: eventHubs.outputs.hubName
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: keyVault.outputs.name
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    siteTags: union(tags, { 'azd-service-name': 'functions' })
    planName: 'plan-tokengate-${resourceToken}'
    name: functionAppName
    identityId: functionIdentity.id
    identityClientId: functionIdentity.properties.clientId
    storageAccountName: storage.outputs.name
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    eventHubsNamespaceHost: eventHubs.outputs.fullyQualifiedNamespace
    eventHubName: eventHubs.outputs.hubName
    eventHubConsumerGroup: eventHubs.outputs.consumerGroupName
    openAiEndpoint: openAi.outputs.endpoint
    frontDoorPrincipalId: apim.outputs.principalId
    adminKeySecretUri: keyVault.outputs.adminKeySecretUri
    runtimeVersion: functionRuntimeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    workspaceId: monitoring.outputs.workspaceId
  }
  // The host starts on its identity: grant the data roles first.
  dependsOn: [
    roles
  ]
}

module functionAuth 'modules/functionauth.bicep' = {
  name: 'functionauth'
  params: {
    functionAppName: functionApp.outputs.name
    backendClientId: backendAppClientId
    frontDoorPrincipalId: apim.outputs.principalId
    excludedPaths: functionAuthExcludedPaths
  }
}

module apimApi 'modules/apim-api.bicep' = {
  name: 'apim-api'
  params: {
    serviceName: apim.outputs.name
    functionHostName: functionApp.outputs.defaultHostName
    callerAuth: callerAuth
    callerTenantId: callerTenantId
    callerAudience: empty(callerAudience) ? backendAppClientId : callerAudience
    backendAudience: backendAppClientId
    ipCallsPerMinute: ipCallsPerMinute
  }
}

@description('Front door: point Azure OpenAI SDKs here (endpoint), or call GATEWAY_URL/openai/... directly.')
output GATEWAY_URL string = apim.outputs.gatewayUrl
output OPENAI_PATH string = apimApi.outputs.apiPath
output CALLER_AUTH string = callerAuth
output APIM_NAME string = apim.outputs.name
output APIM_PRINCIPAL_ID string = apim.outputs.principalId
output APIM_SUBSCRIPTION_NAME string = apimApi.outputs.firstSubscriptionName
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_HOST_NAME string = functionApp.outputs.defaultHostName
output FUNCTION_IDENTITY_CLIENT_ID string = functionIdentity.properties.clientId
output FUNCTION_IDENTITY_PRINCIPAL_ID string = functionIdentity.properties.principalId
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output EVENT_HUBS_NAMESPACE string = eventHubs.outputs.namespaceName
output EVENT_HUB_NAME string = eventHubs.outputs.hubName
output EVENT_HUB_CONSUMER_GROUP string = eventHubs.outputs.consumerGroupName
output KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
output UPSTREAM_OPENAI_ENDPOINT string = openAi.outputs.endpoint
