// Ankang Rewards on Azure Functions: the app on Flex Consumption (the default) or Elastic Premium, one
// user-assigned identity for everything, storage without shared keys, monitoring without local auth, and
// Key Vault (RBAC) for the secrets. The template never writes a secret: infra/secrets.sh creates each one
// the app references only when it is absent, so a redeploy never rotates anything.
targetScope = 'resourceGroup'

@description('Short name used in every resource name: 3 to 11 lowercase letters and digits.')
@minLength(3)
@maxLength(11)
param name string = 'ankang'

param location string = resourceGroup().location

@description('flex: Flex Consumption (FC1), no cost at idle. premium: Elastic Premium (EP1), for regions or clouds without Flex Consumption.')
@allowed(['flex', 'premium'])
param hostingPlan string = 'flex'

@description('Flex Consumption: memory of each instance in MB (512, 2048 or 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Flex Consumption: upper bound on instances (40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Elastic Premium: upper bound on instances (1 to 100).')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 20

@description('Changes the Key Vault name only. Set it (to any short value, e.g. "2") when a deleted vault of the same name is still soft-deleted (90 days, purge protection on).')
@maxLength(8)
param nameSalt string = ''

@description('Base of the printed worker links, e.g. https://rewards.example.cn. Empty: the app uses the host name each request arrived at.')
param publicBaseUrl string = ''

@description('The worker-link signing keys the app accepts: n means kid kn, read from the secret link-signing-key-n. Rotation adds a number; remove one only after its links have expired.')
@minLength(1)
param linkSigningKeyIds int[] = [1]

@description('The admin keys the app accepts: n is read from the secret admin-key-n. Rotation adds a number, hands out the new key, then removes the old number.')
@minLength(1)
param adminKeyIds int[] = [1]

@description('The key that signs new links (one of linkSigningKeyIds).')
param activeLinkSigningKeyId int = 1

@description('Object id of whoever runs infra/secrets.sh and publishes (the workflow\'s service principal or you): receives Key Vault Secrets Officer on the vault and Storage Blob Data Contributor on the package container. Empty: no role.')
param deployerPrincipalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'ServicePrincipal'

param tags object = {
  app: 'ankang-rewards'
}

var lowercaseLettersAndDigits = 'abcdefghijklmnopqrstuvwxyz0123456789'
var badNameCharacters = filter(range(0, length(name)), i => !contains(lowercaseLettersAndDigits, substring(name, i, 1)))
var checkedName = empty(badNameCharacters) ? name : fail('The name parameter must be 3 to 11 lowercase letters and digits (it becomes part of the storage account name).')
var checkedActiveKey = contains(linkSigningKeyIds, activeLinkSigningKeyId) ? activeLinkSigningKeyId : fail('activeLinkSigningKeyId must be one of linkSigningKeyIds.')

var suffix = uniqueString(resourceGroup().id, checkedName)
var deploymentContainer = 'app-package'
var photosContainer = 'hazard-photos'
// Every blob container the app and the Functions host use, created up front so that the identity's blob role
// can be scoped to them instead of the whole account.
var blobContainers = [
  deploymentContainer
  photosContainer
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]
var tables = [
  'Accounts'
  'Workers'
  'Content'
  'Rules'
  'Campaigns'
  'Quizzes'
  'Questions'
  'Shares'
  'Leaderboards'
  'Competitions'
  'CompetitionScores'
  'Partners'
  'Rewards'
  'Stock'
  'Orders'
  'Schedule'
  'Hazards'
  'Units'
  'Audit'
  'WebhookDeliveries'
  'Activities'
  'CheckIns'
]
var queues = [
  'ledger-events'
  'ledger-events-poison'
  'competition-scores'
  'competition-scores-poison'
  'redemptions'
  'redemptions-poison'
  'notify-partner'
  'notify-partner-poison'
  'competition-payouts'
  'competition-payouts-poison'
  'hazard-photos'
  'hazard-photos-poison'
]
// The secrets the app reads through Key Vault references; infra/secrets.sh creates the absent ones.
var secretNames = concat(map(adminKeyIds, id => 'admin-key-${id}'), ['webhook-encryption-key', 'checkin-code-key'], map(linkSigningKeyIds, id => 'link-signing-key-${id}'))

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${checkedName}-${suffix}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${checkedName}${suffix}', 24)
    location: location
    tags: tags
    tables: tables
    queues: queues
    containers: blobContainers
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${checkedName}-${suffix}'
    appInsightsName: 'appi-${checkedName}-${suffix}'
    location: location
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv-${checkedName}-${uniqueString(resourceGroup().id, checkedName, nameSalt)}', 24)
    location: location
    tags: tags
    logAnalyticsId: monitoring.outputs.logAnalyticsId
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    storageName: storage.outputs.name
    blobContainers: blobContainers
    keyVaultName: vault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
    packageContainer: deploymentContainer
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [
    roles
  ]
  params: {
    planName: 'plan-${checkedName}-${suffix}'
    appName: 'func-${checkedName}-${suffix}'
    location: location
    tags: tags
    hostingPlan: hostingPlan
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainer: deploymentContainer
    keyVaultUri: vault.outputs.uri
    appInsightsConnectionString: monitoring.outputs.connectionString
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    maximumElasticWorkerCount: maximumElasticWorkerCount
    publicBaseUrl: publicBaseUrl
    linkSigningKeyIds: linkSigningKeyIds
    activeLinkSigningKeyId: checkedActiveKey
    adminKeyIds: adminKeyIds
  }
}

output appName string = app.outputs.name
output appUrl string = app.outputs.url
output hostingPlan string = hostingPlan
output keyVaultName string = vault.outputs.name
output storageAccountName string = storage.outputs.name
output packageContainer string = deploymentContainer
output secretNames string[] = secretNames
