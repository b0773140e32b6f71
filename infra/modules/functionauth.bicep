// App Service authentication (Easy Auth) on the Function App: only tokens issued to API Management's
// identity for the backend audience get through; Easy Auth then sets X-MS-CLIENT-PRINCIPAL-ID.

@description('Function App name.')
param functionAppName string

@description('Application (client) id of the Entra app registration representing the TokenGate backend.')
param backendClientId string

@description('Principal (object) id of API Management\'s identity, the only principal allowed in.')
param frontDoorPrincipalId string

@description('Paths Easy Auth lets through unauthenticated (the app then guards them itself, e.g. with the admin key).')
param excludedPaths array

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource auth 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: excludedPaths
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: backendClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            backendClientId
            'api://${backendClientId}'
          ]
          defaultAuthorizationPolicy: {
            allowedPrincipals: {
              identities: [
                frontDoorPrincipalId
              ]
            }
          }
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}
