// The TokenGate API on API Management: Azure OpenAI-shaped operations, the Function App backend and the policy.

@description('API Management service name.')
param serviceName string

@description('Function App default host name (the backend).')
param functionHostName string

@description('How callers authenticate at the front door.')
@allowed(['entra', 'subscriptionKey'])
param callerAuth string

@description('Entra tenant whose tokens callers present (callerAuth = entra).')
param callerTenantId string

@description('Audience (application id) callers request tokens for (callerAuth = entra).')
param callerAudience string

@description('Audience of the Function App\'s App Service authentication; APIM requests its backend token for it.')
param backendAudience string

@description('Coarse per-client-IP limit, calls per minute, applied before anything else.')
@minValue(1)
param ipCallsPerMinute int

var apiPath = 'openai'
var deploymentOperations = [
  { name: 'chat-completions', displayName: 'Chat completions', urlTemplate: '/deployments/{deployment-id}/chat/completions' }
  { name: 'completions', displayName: 'Completions', urlTemplate: '/deployments/{deployment-id}/completions' }
  { name: 'embeddings', displayName: 'Embeddings', urlTemplate: '/deployments/{deployment-id}/embeddings' }
]
var v1Operations = [
  { name: 'v1-chat-completions', displayName: 'Chat completions (v1)', urlTemplate: '/v1/chat/completions' }
  { name: 'v1-embeddings', displayName: 'Embeddings (v1)', urlTemplate: '/v1/embeddings' }
  { name: 'v1-responses', displayName: 'Responses (v1)', urlTemplate: '/v1/responses' }
]
var policies = {
  entra: loadTextContent('../policies/api-entra.xml')
  subscriptionKey: loadTextContent('../policies/api-subscription-key.xml')
}

resource service 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: serviceName
}

resource callerTenantValue 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: 'tokengate-caller-tenant-id'
  properties: {
    displayName: 'tokengate-caller-tenant-id'
    value: callerTenantId
    secret: false
  }
}

resource callerAudienceValue 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: 'tokengate-caller-audience'
  properties: {
    displayName: 'tokengate-caller-audience'
    value: callerAudience
    secret: false
  }
}

resource backendAudienceValue 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: 'tokengate-backend-audience'
  properties: {
    displayName: 'tokengate-backend-audience'
    value: backendAudience
    secret: false
  }
}

resource ipLimitValue 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: 'tokengate-ip-calls-per-minute'
  properties: {
    displayName: 'tokengate-ip-calls-per-minute'
    value: string(ipCallsPerMinute)
    secret: false
  }
}

resource backend 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
  parent: service
  name: 'tokengate-functions'
  properties: {
    description: 'TokenGate Function App (App Service authentication admits only this APIM identity).'
    protocol: 'http'
    url: 'https://${functionHostName}/${apiPath}'
    tls: {
      validateCertificateChain: true
      validateCertificateName: true
    }
  }
}

resource api 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: service
  name: 'tokengate-openai'
  properties: {
    displayName: 'TokenGate (Azure OpenAI compatible)'
    description: 'Azure OpenAI paths enforced by TokenGate.'
    path: apiPath
    protocols: ['https']
    subscriptionRequired: callerAuth == 'subscriptionKey'
    // Azure OpenAI SDKs send their key as api-key: with subscription keys that header is the APIM key.
    subscriptionKeyParameterNames: {
      header: 'api-key'
      query: 'subscription-key'
    }
    apiType: 'http'
  }
}

resource deploymentOps 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = [
  for op in deploymentOperations: {
    parent: api
    name: op.name
    properties: {
      displayName: op.displayName
      method: 'POST'
      urlTemplate: op.urlTemplate
      templateParameters: [
        {
          name: 'deployment-id'
          type: 'string'
          required: true
        }
      ]
    }
  }
]

resource v1Ops 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = [
  for op in v1Operations: {
    parent: api
    name: op.name
    properties: {
      displayName: op.displayName
      method: 'POST'
      urlTemplate: op.urlTemplate
    }
  }
]

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'xml'
    value: policies[callerAuth]
  }
  dependsOn: [
    callerTenantValue
    callerAudienceValue
    backendAudienceValue
    ipLimitValue
    backend
  ]
}

resource product 'Microsoft.ApiManagement/service/products@2024-05-01' = if (callerAuth == 'subscriptionKey') {
  parent: service
  name: 'tokengate'
  properties: {
    displayName: 'TokenGate'
    description: 'Access to the TokenGate API; the product id becomes the caller\'s tenant.'
    subscriptionRequired: true
    approvalRequired: false
    state: 'published'
  }
}

resource productApi 'Microsoft.ApiManagement/service/products/apis@2024-05-01' = if (callerAuth == 'subscriptionKey') {
  parent: product
  name: api.name
}

resource firstSubscription 'Microsoft.ApiManagement/service/subscriptions@2024-05-01' = if (callerAuth == 'subscriptionKey') {
  parent: service
  name: 'tokengate-first-caller'
  properties: {
    displayName: 'TokenGate first caller'
    scope: product.id
    state: 'active'
  }
}

output apiPath string = apiPath
output firstSubscriptionName string = callerAuth == 'subscriptionKey' ? firstSubscription.name : ''
