#!/usr/bin/env bash
# Creates each Key Vault secret the app references that the vault does not hold yet, and never touches one
# that exists: running it again, or redeploying, changes no secret. Rotation is an explicit step that adds a
# new secret under a new key id (README, "Rotating a secret").
#
#   bash infra/secrets.sh RESOURCE_GROUP                 # every secret the deployment's app settings reference
#   bash infra/secrets.sh RESOURCE_GROUP NAME [NAME...]   # only these (e.g. link-signing-key-2 before a rotation)
#
# Needs Key Vault Secrets Officer on the vault (main.bicep grants it to deployerPrincipalId). No secret value
# is printed: every az call that returns one runs with --output none.
set -euo pipefail

group=${1:?usage: bash infra/secrets.sh RESOURCE_GROUP [SECRET_NAME...]}
shift
output() { az deployment group show --resource-group "$group" --name rewards --query "properties.outputs.$1.value" --output tsv; }

vault=$(output keyVaultName)
if [ $# -gt 0 ]; then
  names=("$@")
else
  mapfile -t names < <(output secretNames)
fi

# A role assignment takes a few minutes to reach Key Vault: wait (up to 10 minutes) until the vault lets us
# list its secrets. Without that list nothing is created, so a refusal can never turn into a new secret.
attempt=0
until existing=$(az keyvault secret list --vault-name "$vault" --query '[].name' --output tsv); do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge "${SECRETS_LIST_ATTEMPTS:-30}" ]; then
    echo "Cannot list the secrets of $vault: does this identity hold Key Vault Secrets Officer on it?" >&2
    exit 1
  fi
  sleep "${SECRETS_LIST_DELAY:-20}"
done

new_value() {
  case "$1" in
    admin-key-*) printf 'ak_%s' "$(openssl rand -hex 24)" ;;
    *) printf '%s' "$(openssl rand -base64 32)" ;;
  esac
}

for name in "${names[@]}"; do
  if grep --quiet --line-regexp --fixed-strings "$name" <<<"$existing"; then
    echo "$name: present, left as it is"
    continue
  fi
  new_value "$name" | az keyvault secret set --vault-name "$vault" --name "$name" --file /dev/stdin --encoding utf-8 --output none
  echo "$name: created"
done
