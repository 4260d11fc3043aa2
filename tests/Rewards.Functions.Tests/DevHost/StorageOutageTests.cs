using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rewards.Functions.Catalog;
using Rewards.Functions.Identity;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Catalog;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.DevHost;

[Collection(RestartableStorageCollection.Name)]
public sealed class StorageOutageTests(RestartableAzuriteFixture storage)
{
    private const int Workers = 40;
    private const int Stock = 15;

    /// <summary>Sends until the DevHost gives an answer that is not a server error, as a client with an Idempotency-Key may; counts the failures.</summary>
    private static async Task<int> PersistAsync(TestApp app, string path, string bearer, object json, string key, Action failed)
    {
        var deadline = Environment.TickCount64 + (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
        while (true)
        {
            try
            {
                using var request = app.Request(HttpMethod.Post, path, bearer, json);
                request.Headers.Add("Idempotency-Key", key);
                using var response = await app.Http.SendAsync(request);
                if ((int)response.StatusCode < 500)
                {
                    return (int)response.StatusCode;
                }
            }
            catch (HttpRequestException)
            {
                // The DevHost itself did not answer: counted below, and the final assertions say whether it is up.
            }

            failed();
            Assert.True(Environment.TickCount64 < deadline, $"{path} with key {key} never got an answer");
            await Task.Delay(250);
        }
    }

    private static async Task<Dictionary<string, int>> StatusesAsync(TestApp app)
    {
        var accounts = app.Service<TableServiceClient>().GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Accounts));
        var statuses = new Dictionary<string, int>();
        await foreach (var row in accounts.QueryAsync<TableEntity>(Filters.RowRange("redemption|", "redemption}")))
        {
            var status = row.GetString("Status")!;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        return statuses;
    }

    /// <summary>What a failure needs to tell apart: a message still invisible in the queue, one that was lost, or an outbox row nobody found.</summary>
    private static async Task<string> DiagnosisAsync(TestApp app, Dictionary<string, int> statuses)
    {
        var options = app.Service<IOptions<StorageOptions>>().Value;
        var accounts = app.Service<TableServiceClient>().GetTableClient(options.Table(StorageNames.Accounts));
        var pending = new List<string>();
        await foreach (var row in accounts.QueryAsync<TableEntity>(Filters.RowRange("redemption|", "redemption}")))
        {
            if (row.GetString("Status") == "pending")
            {
                pending.Add($"{row.PartitionKey}/{row.RowKey}");
            }
        }

        var outbox = new List<string>();
        await foreach (var row in accounts.QueryAsync<TableEntity>(Filters.RowRange(RowKeys.OutboxFrom, RowKeys.OutboxTo)))
        {
            outbox.Add($"{row.PartitionKey}/{row.RowKey}->{row.GetString("Queue")}");
        }

        var schedule = app.Service<TableServiceClient>().GetTableClient(options.Table(StorageNames.Schedule));
        var indexed = 0;
        await foreach (var unused in schedule.QueryAsync<TableEntity>(e => e.PartitionKey == Rewards.Functions.Accounts.OutboxIndex.Partition))
        {
            indexed++;
        }

        var queue = app.Service<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(options.Queue(StorageNames.RedemptionQueue));
        var inQueue = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var visible = (await queue.PeekMessagesAsync(32)).Value.Length;
        var poison = await app.Service<Rewards.Functions.Admin.PoisonQueues>().CountsAsync(CancellationToken.None);
        return $"statuses: {string.Join(", ", statuses.Select(p => $"{p.Key} {p.Value}"))}; pending: {string.Join(" ", pending)}; "
            + $"redemption queue: {inQueue} messages, {visible} visible; outbox rows: [{string.Join(" ", outbox)}]; outbox index rows: {indexed}; "
            + $"poison queues: {string.Join(", ", poison.Select(p => $"{p.Key} {p.Value}"))}";
    }

    [Fact]
    public async Task The_devhost_rides_out_storage_going_away_in_the_middle_of_awards_and_redemptions()
    {
        // A poll whose answer the outage cut off leaves its messages leased: they come back when the lease ends
        // (10 minutes in the host, renewed while a message runs), so the test shortens it to wait less.
        await using var app = await TestApp.StartAsync(storage.ConnectionString, configure: o => o.QueueLease = TimeSpan.FromSeconds(30));
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);
        var (created, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = Stock, partnerId = "p-001" });
        Assert.Equal(201, created);
        var tokens = new string[Workers];
        for (var i = 0; i < Workers; i++)
        {
            await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = $"w-{i:D3}", DisplayName = "职工", UnitId = $"u{i % 4}" }, CancellationToken.None);
            tokens[i] = app.Service<WorkerTokens>().Issue($"w-{i:D3}", 1).Token;
        }

        var failures = 0;
        var redeemed = 0;
        var outage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = new (int Award, int Redemption)[Workers];

        // Each worker is awarded 10 points and redeems them; the second half starts only once storage is gone.
        var traffic = Parallel.ForEachAsync(Enumerable.Range(0, Workers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            if (i >= Workers / 2)
            {
                await outage.Task;
            }

            var award = await PersistAsync(app, "/api/admin/adjustments", TestApp.AdminKey, new { workerId = $"w-{i:D3}", amount = 10, reason = "安全积分" }, $"award-{i}", () => Interlocked.Increment(ref failures));
            var redemption = await PersistAsync(app, "/api/redemptions", tokens[i], new { rewardId = "r-001", quantity = 1 }, $"redeem-{i}", () => Interlocked.Increment(ref failures));
            answers[i] = (award, redemption);
            Interlocked.Increment(ref redeemed);
        });
        await TestApp.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref redeemed) >= 8), "the first redemptions went through");

        await storage.Azurite.StopAsync();
        outage.SetResult();

        // Storage stays away longer than the SDK's own retries (about 6 s), so that they run out.
        await Task.Delay(TimeSpan.FromSeconds(10));
        await storage.Azurite.RestartAsync();
        await traffic;

        // Left-behind outbox rows are the sweep's: its timer takes index buckets only after a 10-minute grace, so
        // the test runs the sweep itself, as the timer will, on everything indexed so far.
        var outbox = app.Service<Rewards.Functions.Accounts.Outbox>();
        var last = new Dictionary<string, int>();
        await TestApp.EventuallyAsync(
            async () =>
            {
                try
                {
                    await outbox.SweepAsync(DateTimeOffset.MaxValue, CancellationToken.None);
                }
                catch (Exception e) when (e is AggregateException or Azure.RequestFailedException)
                {
                    // Storage may still be waking up; the timer would simply try again.
                }

                last = await StatusesAsync(app);
                return last.Values.Sum() == Workers && !last.ContainsKey("pending");
            },
            "every redemption is final",
            TimeSpan.FromMinutes(5),
            () => DiagnosisAsync(app, last).GetAwaiter().GetResult());
        await app.IdleAsync(StorageNames.RedemptionQueue);
        var statuses = await StatusesAsync(app);
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        var stock = await app.Service<CatalogTables>().StockAsync("r-001", CancellationToken.None);

        Assert.True(failures > 0, "the outage did not hit a single request");
        Assert.False(app.Service<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Equal("ok", (await app.SendAsync(HttpMethod.Get, "/api/health", bearer: null)).Body.Value<string>("status"));
        Assert.All(answers, a => Assert.True(a.Award is 200 or 201 && a.Redemption is 200 or 202, $"award {a.Award}, redemption {a.Redemption}"));
        Assert.Equal([("refused", Workers - Stock), ("reserved", Stock)], statuses.OrderBy(s => s.Key).Select(s => (s.Key, s.Value)));
        Assert.Equal(new StockLevel(0, Stock, 0, Stock, 0), stock);
        Assert.Equal(Stock, await app.Service<OrdersTable>().CountAsync("p-001", CancellationToken.None));
        Assert.Empty(report["mismatches"]!);
        Assert.Empty(report["stockMismatches"]!);
        Assert.Empty(report["deliveredAndRefunded"]!);
        Assert.Empty(report["redemptionMismatches"]!);
        Assert.All(report["poisonQueues"]!.Children<Newtonsoft.Json.Linq.JProperty>(), q => Assert.Equal(0, (int)q.Value));
    }
}
