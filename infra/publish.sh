#!/usr/bin/env bash
# Publishes the app package (a zip of `dotnet publish` output) to the function app the deployment created.
#   bash infra/publish.sh RESOURCE_GROUP app.zip
# Flex Consumption: zip deploy (the platform puts the package in the deployment container with the app's
# identity). Elastic Premium: the app runs from app-package/app.zip, so upload it there (Storage Blob Data
# Contributor on that container, granted to deployerPrincipalId) and restart.
set -euo pipefail

group=${1:?usage: bash infra/publish.sh RESOURCE_GROUP PACKAGE.zip}
package=${2:?usage: bash infra/publish.sh RESOURCE_GROUP PACKAGE.zip}
output() { az deployment group show --resource-group "$group" --name rewards --query "properties.outputs.$1.value" --output tsv; }

app=$(output appName)
if [ "$(output hostingPlan)" = flex ]; then
  az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$package" --output none
else
  account=$(output storageAccountName)
  container=$(output packageContainer)
  # The upload right may take a few minutes to propagate after the first deployment.
  for attempt in $(seq 1 20); do
    if az storage blob upload --auth-mode login --account-name "$account" --container-name "$container" --name app.zip --file "$package" --overwrite --output none; then
      break
    fi
    [ "$attempt" -lt 20 ] || exit 1
    sleep 30
  done
  az functionapp restart --resource-group "$group" --name "$app"
fi
echo "Published to $(output appUrl)"
