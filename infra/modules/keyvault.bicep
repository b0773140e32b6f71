// Key Vault (RBAC) holding the TokenGate admin key the Function App reads through a Key Vault reference.

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Key Vault name.')
param name string

@description('Secret name of the admin key.')
param adminKeySecretName string

@description('The admin key value.')
@secure()
param adminKey string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: adminKeySecretName
  properties: {
    value: adminKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
@description('Versionless secret URI (the reference follows rotations); an address, not the secret.')
output adminKeySecretUri string = adminKeySecret.properties.secretUri
