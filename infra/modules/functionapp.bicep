param planName string
param appName string
param location string
param tags object

@description('flex: Flex Consumption (FC1). premium: Elastic Premium (EP1), running its package from blob storage through the identity.')
@allowed(['flex', 'premium'])
param hostingPlan string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity, for identity-based connections.')
param identityClientId string

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainer string
param keyVaultUri string
param appInsightsConnectionString string

@description('Log Analytics workspace that receives the function app\'s logs.')
param logAnalyticsId string

@description('Flex Consumption: memory of each instance in MB (512, 2048 or 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Flex Consumption: upper bound on instances (40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Elastic Premium: upper bound on instances.')
param maximumElasticWorkerCount int

@description('Base of the printed worker links; empty leaves it to the host name each request arrived at.')
param publicBaseUrl string

param linkSigningKeyIds int[]
param activeLinkSigningKeyId int
param adminKeyIds int[]

var flex = hostingPlan == 'flex'
var packageUrl = '${storageBlobEndpoint}${deploymentContainer}/app.zip'

func keyVaultReference(vaultUri string, secret string) string => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secret}/)'

// Identity-based host storage (no connection string anywhere), monitoring with Entra ID, secrets by reference.
var commonSettings = [
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'AzureWebJobsStorage__blobServiceUri', value: storageBlobEndpoint }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: storageQueueEndpoint }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: storageTableEndpoint }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
  { name: 'Rewards__ActiveLinkSigningKey', value: 'k${activeLinkSigningKeyId}' }
  { name: 'Rewards__WebhookEncryptionKey', value: keyVaultReference(keyVaultUri, 'webhook-encryption-key') }
  { name: 'Rewards__CheckInCodeKey', value: keyVaultReference(keyVaultUri, 'checkin-code-key') }
]
var linkKeySettings = [
  for id in linkSigningKeyIds: { name: 'Rewards__LinkSigningKeys__k${id}', value: keyVaultReference(keyVaultUri, 'link-signing-key-${id}') }
]
var adminKeySettings = [
  for (id, i) in adminKeyIds: { name: 'Rewards__AdminKeys__${i}', value: keyVaultReference(keyVaultUri, 'admin-key-${id}') }
]
var baseUrlSettings = empty(publicBaseUrl) ? [] : [{ name: 'Rewards__PublicBaseUrl', value: publicBaseUrl }]

// Elastic Premium without Azure Files (which needs a shared key): no WEBSITE_CONTENTAZUREFILECONNECTIONSTRING
// or WEBSITE_CONTENTSHARE; the app runs from the package blob, fetched with the identity.
var premiumSettings = [
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: packageUrl }
  { name: 'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID', value: identityId }
]

var appSettings = concat(commonSettings, adminKeySettings, linkKeySettings, baseUrlSettings, flex ? [] : premiumSettings)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: flex ? 'functionapp' : 'elastic'
  sku: flex
    ? {
        tier: 'FlexConsumption'
        name: 'FC1'
      }
    : {
        tier: 'ElasticPremium'
        name: 'EP1'
      }
  properties: flex
    ? {
        reserved: true
      }
    : {
        reserved: true
        maximumElasticWorkerCount: maximumElasticWorkerCount
      }
}

var siteConfig = {
  minTlsVersion: '1.2'
  ftpsState: 'Disabled'
  http20Enabled: true
  appSettings: appSettings
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: flex
    ? {
        serverFarmId: plan.id
        httpsOnly: true
        keyVaultReferenceIdentity: identityId
        siteConfig: siteConfig
        functionAppConfig: {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${storageBlobEndpoint}${deploymentContainer}'
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            instanceMemoryMB: instanceMemoryMB
            maximumInstanceCount: maximumInstanceCount
          }
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
        }
      }
    : {
        serverFarmId: plan.id
        httpsOnly: true
        keyVaultReferenceIdentity: identityId
        siteConfig: union(siteConfig, {
          linuxFxVersion: 'DOTNET-ISOLATED|10.0'
          functionAppScaleLimit: maximumElasticWorkerCount
        })
      }
}

resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

// The function app's own logs (FunctionAppLogs) in Log Analytics, beside the Application Insights telemetry.
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-log-analytics'
  scope: app
  properties: {
    workspaceId: logAnalyticsId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
