using 'main.bicep'

param name = 'ankang'

// flex (Flex Consumption) where `az functionapp list-flexconsumption-locations` lists the region, else premium.
param hostingPlan = 'flex'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100

// Set when a deleted vault of the same name is still soft-deleted (README, "Key Vault soft delete").
param nameSalt = ''

// Rotation adds a key id and, once the new secret exists, makes it active (README, "Rotating a secret").
param linkSigningKeyIds = [1]
param activeLinkSigningKeyId = 1

// Admin keys the app accepts (secret admin-key-n); rotation adds one, then drops the old (README, "Rotating a secret").
param adminKeyIds = [1]

// Secrets are not parameters: infra/secrets.sh creates each one the app references only when it is absent.
