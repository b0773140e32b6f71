// Cognitive Services OpenAI User on the existing Azure OpenAI account (deployed into that account's resource group).

@description('Existing Azure OpenAI (or AI Services) account name.')
param openAiAccountName string

@description('Principal id of the Function App\'s user-assigned identity.')
param principalId string

// Built-in: inference only, no keys, no management.
var cognitiveServicesOpenAiUserRoleId = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2025-12-01' existing = {
  name: openAiAccountName
}

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, cognitiveServicesOpenAiUserRoleId)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesOpenAiUserRoleId)
  }
}

output endpoint string = account.properties.endpoint
