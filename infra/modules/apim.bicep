// API Management service (the front door) with a system-assigned identity and diagnostics to Log Analytics.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('API Management service name.')
param name string

@description('SKU; it must support managed identity, validate-azure-ad-token and rate-limit-by-key (not Consumption).')
@allowed(['BasicV2', 'StandardV2', 'Developer', 'Basic', 'Standard', 'Premium'])
param skuName string

@description('Publisher e-mail shown by API Management.')
param publisherEmail string

@description('Publisher name shown by API Management.')
param publisherName string

@description('Log Analytics workspace the diagnostic settings write to.')
param workspaceId string

resource service 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: 1
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
  }
}

// The only stable version (2016-09-01) predates category groups; 2021-05-01-preview is what Azure Monitor documents.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: service
  properties: {
    workspaceId: workspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        categoryGroup: 'allLogs'
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

output name string = service.name
output id string = service.id
output gatewayUrl string = service.properties.gatewayUrl
output principalId string = service.identity.principalId
