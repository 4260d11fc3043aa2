using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Rewards.Functions.Accounts;
using Rewards.Functions.Activities;
using Rewards.Functions.Admin;
using Rewards.Functions.Audit;
using Rewards.Functions.Campaigns;
using Rewards.Functions.Catalog;
using Rewards.Functions.Competitions;
using Rewards.Functions.Http;
using Rewards.Functions.Hazards;
using Rewards.Functions.Identity;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Learning;
using Rewards.Functions.Partners;
using Rewards.Functions.Quizzes;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Rules;
using Rewards.Functions.Sharing;
using Rewards.Functions.Webhooks;
using Rewards.Functions.Storage;
using Rewards.Functions.Units;
using Rewards.Functions.Workers;

namespace Rewards.Functions;

/// <summary>The one composition root: the Functions host (Program.cs) and Rewards.DevHost both call it.</summary>
public static class RewardsServices
{
    public static IServiceCollection AddRewards(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection("AzureWebJobsStorage");

        services.AddSingleton(TimeProvider.System);
        var counter = new StorageCallCounter();
        services.AddSingleton(counter);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityValidation>();
        AddSecretReferences(services, configuration);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RateLimits>();

        services.AddAzureClients(clients =>
        {
            // The same setting the host uses: a connection string locally, identity-based in Azure
            // (AzureWebJobsStorage__credential=managedidentity, __clientId and the service URIs).
            if (!string.IsNullOrEmpty(storage.Value))
            {
                clients.AddTableServiceClient(storage.Value);
                clients.AddQueueServiceClient(storage.Value).ConfigureOptions(QueueOptions);
                clients.AddBlobServiceClient(storage.Value);
            }
            else if (storage["tableServiceUri"] is { } tables && storage["queueServiceUri"] is { } queues && storage["blobServiceUri"] is { } blobs)
            {
                clients.UseCredential(storage["clientId"] is { } clientId
                    ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                    : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
                clients.AddTableServiceClient(new Uri(tables));
                clients.AddQueueServiceClient(new Uri(queues)).ConfigureOptions(QueueOptions);
                clients.AddBlobServiceClient(new Uri(blobs));
            }
            else
            {
                throw new OptionsValidationException("AzureWebJobsStorage", typeof(StorageOptions), ["AzureWebJobsStorage is not set: give a connection string (the DevHost starts Azurite and sets it for you) or its identity-based form (AzureWebJobsStorage__credential, __clientId, __tableServiceUri, __queueServiceUri, __blobServiceUri)."]);
            }

            clients.ConfigureDefaults((o, provider) =>
            {
                o.Retry.MaxRetries = 3;
                o.AddPolicy(counter, HttpPipelinePosition.PerRetry);

                // Any other policy registered as HttpPipelinePolicy joins every storage client (the fault tests inject faults this way).
                foreach (var policy in provider.GetServices<HttpPipelinePolicy>())
                {
                    o.AddPolicy(policy, HttpPipelinePosition.PerRetry);
                }
            });
        });
        services.AddHostedService<StorageSetup>();

        services.AddSingleton<AccountsTable>();
        services.AddSingleton<ScheduleTable>();
        services.AddSingleton<OutboxIndex>();
        services.AddSingleton<ExpirySchedule>();
        services.AddSingleton<LedgerCatchUp>();
        services.AddSingleton<PoisonQueues>();
        services.AddSingleton<WorkersTable>();
        services.AddSingleton<UnitsTable>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Rewards.Functions.Posters.PosterSheets>();
        services.AddSingleton<Rewards.Functions.Reports.ReportSources>();
        services.AddSingleton<AdminAudit>();
        services.AddSingleton<ContentTable>();
        services.AddSingleton<RulesStore>();
        services.AddSingleton<CampaignsTable>();
        services.AddSingleton<QuizzesTable>();
        services.AddSingleton<SharesTable>();
        services.AddSingleton<LeaderboardsTable>();
        services.TryAddSingleton<BoardInterleavings>();
        services.AddSingleton<CompetitionsTable>();
        services.AddSingleton<PartnersTable>();
        services.AddSingleton<CatalogTables>();
        services.AddSingleton<OrdersTable>();
        services.AddSingleton<PortalQueries>();
        services.AddSingleton<AdminOrders>();
        services.AddSingleton<RedemptionUseCase>();
        services.AddSingleton<ReservationUseCase>();
        services.AddSingleton<FulfilmentUseCase>();
        services.AddSingleton<Interleavings>();
        AddWebhooks(services);
        services.AddSingleton<CompetitionUseCase>();
        services.AddSingleton<Projector>();
        services.AddSingleton<LeaderboardQueries>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<LedgerWriter>();

        services.AddSingleton<WorkerTokens>();
        services.AddSingleton<ScreenTokens>();
        services.AddSingleton<AdminKeys>();
        services.AddSingleton<Gate>();
        services.AddSingleton<AdminCrud>();

        services.AddSingleton<MeQueries>();
        services.AddSingleton<ExpiryUseCase>();
        services.AddSingleton<LearningUseCase>();
        services.AddSingleton<QuizUseCase>();
        services.AddSingleton<QuestionImport>();
        services.AddSingleton<SharingUseCase>();
        services.AddSingleton<WorkerAccounts>();
        services.AddSingleton<WorkerAdmin>();
        services.AddOptions<WorkerImportOptions>().BindConfiguration(WorkerImportOptions.Section);
        services.AddSingleton<WorkerImport>();
        services.AddSingleton<Adjustments>();
        services.AddSingleton<Reconciliation>();
        services.AddSingleton<Overview.ReconciliationCache>();
        services.AddSingleton<Overview.OverviewQueries>();
        services.AddHazards();
        services.AddActivities();
        return services;
    }

    // One resilience pipeline per partner URL authority (its own retries and circuit breaker), over connections that
    // reach only public addresses and never follow a redirect (Webhooks/WebhookAddresses.cs).
    private static void AddWebhooks(IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.TryAddSingleton<HostResolver>(WebhookAddresses.DnsResolver);
        services.AddSingleton<WebhookAddresses>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<OrderEvents>();
        services.AddSingleton<DeliveriesTable>();
        services.AddSingleton<PoisonEvents>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.Client)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = sp.GetRequiredService<WebhookAddresses>().ConnectAsync,
            })
            .AddStandardResilienceHandler()
            .Configure((o, sp) =>
            {
                var webhooks = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                o.Retry.MaxRetryAttempts = 3;
                o.Retry.Delay = TimeSpan.FromMilliseconds(500);
                o.AttemptTimeout.Timeout = webhooks.AttemptTimeout;
                o.TotalRequestTimeout.Timeout = webhooks.TotalTimeout;
                o.CircuitBreaker.SamplingDuration = webhooks.AttemptTimeout * 6;
                o.CircuitBreaker.MinimumThroughput = 5;
                o.CircuitBreaker.FailureRatio = 0.5;
                o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
            })
            .SelectPipelineByAuthority();
        services.AddHttpClient(WebhookSender.Client).AddHttpMessageHandler(() => new TryCounter());
    }

    // A setting that still holds "@Microsoft.KeyVault(...)" (unresolved by the platform) holds the app at 503 until
    // the app has fetched the secret itself; IdentityOptions then carry the fetched values (Identity/SecretReferences.cs).
    private static void AddSecretReferences(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new SecretReferences(configuration));
        services.AddSingleton<IOptionsChangeTokenSource<IdentityOptions>>(sp => sp.GetRequiredService<SecretReferences>());
        services.AddSingleton<IPostConfigureOptions<IdentityOptions>>(sp => sp.GetRequiredService<SecretReferences>());
        services.AddSingleton<IOptions<IdentityOptions>, CurrentIdentityOptions>();
        services.TryAddSingleton(_ => KeyVaultSecrets.Fetcher(configuration));
        services.AddHostedService<SecretReferenceResolver>();
    }

    // The Functions queue trigger expects Base64 bodies; QueueClient sends plain text unless told.
    private static void QueueOptions(QueueClientOptions options) => options.MessageEncoding = QueueMessageEncoding.Base64;
}
