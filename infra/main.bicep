// Ankang Rewards on Azure Functions Flex Consumption: the app, one user-assigned identity for everything,
// storage without shared keys, monitoring without local auth, and Key Vault (RBAC) for the secrets.
targetScope = 'resourceGroup'

@description('Short name used in every resource name, 3 to 11 lowercase letters and digits.')
@minLength(3)
@maxLength(11)
param name string = 'ankang'

param location string = resourceGroup().location

@description('Memory of each instance in MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Upper bound on instances (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('The worker-link signing key: Base64 of 32 random bytes or more (openssl rand -base64 32).')
@secure()
param linkSigningKey string

@description('The secret partner webhooks are signed with.')
@secure()
param partnerWebhookSecret string

param tags object = {
  app: 'ankang-rewards'
}

var suffix = uniqueString(resourceGroup().id, name)
var deploymentContainer = 'app-package'
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
  'Hazards'
]
var queues = [
  'ledger-events'
  'ledger-events-poison'
  'competition-scores'
  'competition-scores-poison'
  'redemptions'
  'redemptions-poison'
  'partner-notifications'
  'partner-notifications-poison'
  'hazard-photos'
  'hazard-photos-poison'
]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${name}-${suffix}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${name}${suffix}', 24)
    location: location
    tags: tags
    tables: tables
    queues: queues
    deploymentContainer: deploymentContainer
    photosContainer: 'hazard-photos'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${name}-${suffix}'
    appInsightsName: 'appi-${name}-${suffix}'
    location: location
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv-${name}-${suffix}', 24)
    location: location
    tags: tags
    linkSigningKey: linkSigningKey
    partnerWebhookSecret: partnerWebhookSecret
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    storageName: storage.outputs.name
    keyVaultName: vault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [
    roles
  ]
  params: {
    planName: 'plan-${name}-${suffix}'
    appName: 'func-${name}-${suffix}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainer: deploymentContainer
    keyVaultUri: vault.outputs.uri
    appInsightsConnectionString: monitoring.outputs.connectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
}

output appName string = app.outputs.name
output appUrl string = app.outputs.url
output keyVaultName string = vault.outputs.name
