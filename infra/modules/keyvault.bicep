param name string
param location string
param tags object

@description('Log Analytics workspace that receives the vault\'s AuditEvent log.')
param logAnalyticsId string

// The vault holds only what infra/secrets.sh puts there: this template never writes a secret, so a redeploy
// cannot rotate one. Soft delete with purge protection keeps a deleted vault's name taken for 90 days:
// main.bicep's nameSalt gives a new name, or `az keyvault recover` brings the old vault back.
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

// Who read or changed which secret, kept in Log Analytics.
resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
