#!/bin/sh
# azd preprovision: makes sure the Entra app registration that represents the TokenGate backend exists.
# API Management's identity requests tokens for it; the Function App's Easy Auth accepts only those.
set -eu

if [ -n "${TOKENGATE_BACKEND_APP_ID:-}" ]; then
  echo "TokenGate backend app registration: ${TOKENGATE_BACKEND_APP_ID}"
  exit 0
fi

name="tokengate-backend-${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set}"
app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
# v2 access tokens (iss = login.microsoftonline.com/<tenant>/v2.0), matching Easy Auth's issuer.
az ad app update --id "$app_id" --identifier-uris "api://$app_id" --set api.requestedAccessTokenVersion=2
# A service principal must exist before a managed identity can get a token for this app.
az ad sp create --id "$app_id" >/dev/null 2>&1 || az ad sp show --id "$app_id" >/dev/null
azd env set TOKENGATE_BACKEND_APP_ID "$app_id"
echo "Created app registration $name ($app_id)"
