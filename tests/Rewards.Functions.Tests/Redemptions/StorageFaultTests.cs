using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Functions.Admin;
using Rewards.Functions.Catalog;
using Rewards.Functions.Identity;
using Rewards.Functions.Partners;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Redemptions;

/// <summary>
/// Fails a share of the app's storage calls as a network fault would: some before the request leaves, some
/// after storage has done the work and only the answer is lost, which is the case that tests idempotency.
/// </summary>
internal sealed class StorageFaults(double before, double after, int seed) : HttpPipelinePolicy
{
    private readonly Random _random = new(seed);
    private int _injected;

    public int Injected => _injected;

    /// <summary>Off once the workload is done, so that the test's own checks read storage as it is.</summary>
    public bool Enabled { get; set; } = true;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if (!Enabled)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        if (roll < before)
        {
            Interlocked.Increment(ref _injected);
            throw new IOException("injected fault before the request was sent");
        }

        await ProcessNextAsync(message, pipeline);
        if (roll < before + after)
        {
            Interlocked.Increment(ref _injected);
            throw new IOException("injected fault after storage answered");
        }
    }
}

[Collection(StorageCollection.Name)]
public sealed class StorageFaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Under_injected_storage_faults_every_redemption_ends_once_and_the_invariants_hold()
    {
        var faults = new StorageFaults(before: 0.05, after: 0.05, seed: 7);
        var outage = new Failures.ScriptedFaults();
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.ConfigureServices = s => s.AddSingleton<HttpPipelinePolicy>(faults).AddSingleton<HttpPipelinePolicy>(outage));

        // The set-up is not under test: the faults begin with the redemptions.
        faults.Enabled = false;
        await app.Service<PartnersTable>().AddAsync(new Partner("p-001", "服务社", null, "https://partner.example.cn/hook", 3), CancellationToken.None);
        await app.Service<CatalogTables>().AddAsync(new Reward("r-001", "急救包", null, null, 10, "p-001", 0, null, null, true), 30, CancellationToken.None);
        var tokens = new string[100];
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = $"w-{i:D3}", DisplayName = "职工", UnitId = "u1" }, ct);
            await app.Service<Rewards.Functions.Admin.Adjustments>().AdjustAsync(new AdjustmentRequest { WorkerId = $"w-{i:D3}", Amount = 10, Reason = "测试" }, $"fund-{i}", ct);
            tokens[i] = app.Service<WorkerTokens>().Issue($"w-{i:D3}", 1).Token;
        });

        faults.Enabled = true;

        // For the first 20 requests the redemptions queue is down long enough to exhaust the SDK's retries: only
        // the outbox sweep can move those redemptions on.
        var queue = app.Service<IOptions<StorageOptions>>().Value.Queue(StorageNames.RedemptionQueue);
        outage.Arm(m => Failures.ScriptedFaults.IsQueueSend(m, queue), int.MaxValue);
        var first = await Task.WhenAll(tokens.Take(20).Select((t, i) => app.SendAsync(HttpMethod.Post, "/api/redemptions", t, new { rewardId = "r-001", quantity = 1 }, $"r-{i}")));
        outage.Disarm();
        var rest = await Task.WhenAll(tokens.Skip(20).Select((t, i) => app.SendAsync(HttpMethod.Post, "/api/redemptions", t, new { rewardId = "r-001", quantity = 1 }, $"r-{i + 20}")));
        var requests = first.Concat(rest).ToList();
        var swept = 0;
        var outbox = app.Service<Rewards.Functions.Accounts.Outbox>();
        // The test reads through a client of its own: the faults are for the app, not for the assertions.
        var accounts = new TableServiceClient(azurite.ConnectionString).GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Accounts));
        async Task<Dictionary<string, int>> Statuses()
        {
            var statuses = new Dictionary<string, int>();
            await foreach (var row in accounts.QueryAsync<TableEntity>(Filters.RowRange("redemption|", "redemption}")))
            {
                statuses[row.GetString("Status")!] = statuses.GetValueOrDefault(row.GetString("Status")!) + 1;
            }

            return statuses;
        }

        await TestApp.EventuallyAsync(
            async () =>
            {
                try
                {
                    swept += await outbox.SweepAsync(DateTimeOffset.MaxValue, CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // The sweep met the injected faults too; as its timer would, it tries again on the next round.
                }

                return (await Statuses()).Values.Sum() == requests.Count(r => r.Status == 202) && !(await Statuses()).ContainsKey("pending");
            },
            "every redemption is final");
        faults.Enabled = false;
        var statuses = await Statuses();
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        var stock = await app.Service<CatalogTables>().StockAsync("r-001", CancellationToken.None);

        Assert.True(faults.Injected > 0, "no fault was injected");
        Assert.True(outage.Injected >= 20, $"the outage failed only {outage.Injected} sends");
        Assert.True(swept >= 20, $"the sweep published {swept} rows; the 20 redemptions whose publish failed needed it");
        Assert.All(requests, r => Assert.True(r.Status == 202, $"a request answered {r.Status}: {r.Body}"));
        Assert.Equal(30, statuses.GetValueOrDefault("reserved"));
        Assert.Equal(70, statuses.GetValueOrDefault("refused"));
        Assert.Equal(new StockLevel(0, 30, 0, 30, 0), stock);
        Assert.Equal(30, await app.Service<OrdersTable>().CountAsync("p-001", CancellationToken.None));
        Assert.Empty(report["mismatches"]!);
        Assert.Empty(report["stockMismatches"]!);
        Assert.Empty(report["deliveredAndRefunded"]!);
        Assert.Empty(report["redemptionMismatches"]!);
    }
}
