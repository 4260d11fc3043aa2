using 'main.bicep'

param name = 'ankang'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100

// Secrets come from the environment of whoever deploys, never from this file:
//   export REWARDS_LINK_SIGNING_KEY=$(openssl rand -base64 32)
//   export REWARDS_PARTNER_WEBHOOK_SECRET=$(openssl rand -base64 32)
param linkSigningKey = readEnvironmentVariable('REWARDS_LINK_SIGNING_KEY')
param partnerWebhookSecret = readEnvironmentVariable('REWARDS_PARTNER_WEBHOOK_SECRET')
