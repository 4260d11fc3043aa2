param name string
param location string
param tags object

@description('The worker-link signing key (Base64, 32 bytes or more), stored as secret link-signing-key-1.')
@secure()
param linkSigningKey string

@description('The secret partner webhooks are signed with, stored as secret partner-webhook-secret.')
@secure()
param partnerWebhookSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource linkKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'link-signing-key-1'
  properties: {
    value: linkSigningKey
    contentType: 'base64'
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'partner-webhook-secret'
  properties: {
    value: partnerWebhookSecret
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
