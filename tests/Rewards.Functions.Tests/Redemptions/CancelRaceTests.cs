using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
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
/// A worker taps Redeem, then Cancel, while the reservation step runs. Whatever the interleaving, every
/// redemption must end final and the held points must be exactly those of open redemptions.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class CancelRaceTests(AzuriteFixture azurite)
{
    private static async Task FundAsync(TestApp app, string workerId, long points, CancellationToken ct)
    {
        await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = workerId, DisplayName = "职工", UnitId = "u1" }, ct);
        await app.Service<Rewards.Functions.Admin.Adjustments>().AdjustAsync(new AdjustmentRequest { WorkerId = workerId, Amount = points, Reason = "测试" }, $"fund-{workerId}", ct);
    }

    private static async Task PrizeAsync(TestApp app, int stock)
    {
        await app.Service<PartnersTable>().AddAsync(new Partner("p-001", "服务社", null, "https://partner.example.cn/hook", 3), CancellationToken.None);
        await app.Service<CatalogTables>().AddAsync(new Reward("r-001", "急救包", null, null, 10, "p-001", 0, null, null, true), stock, CancellationToken.None);
    }

    private static async Task<JObject> ReportAsync(TestApp app) => (await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation")).Body;

    [Fact]
    public async Task A_cancel_that_reads_pending_while_the_reservation_runs_still_releases_the_hold()
    {
        TestApp? app = null;
        var reservedInBetween = 0;
        var interleavings = new Interleavings
        {
            // Exactly between the cancel's read (pending) and its settle, the reservation step runs to its end.
            BeforeCancelSettles = async _ =>
            {
                var queue = app!.Service<QueueServiceClient>().GetQueueClient(app.Service<IOptions<StorageOptions>>().Value.Queue(StorageNames.RedemptionQueue));
                var message = (await queue.ReceiveMessageAsync()).Value;
                var m = Json.Deserialize<RedemptionMessage>(message.Body.ToString())!;
                await app.Service<ReservationUseCase>().ReserveAsync(m, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                reservedInBetween++;
            },
        };
        app = await TestApp.StartAsync(azurite, configure: o =>
        {
            o.Settings["AzureWebJobs:ReserveRedemption:Disabled"] = "true";
            o.ConfigureServices += s => s.AddSingleton(interleavings);
        });
        await using var _ = app;
        await PrizeAsync(app, 5);
        await FundAsync(app, "w-1", 30, CancellationToken.None);
        var token = app.Service<WorkerTokens>().Issue("w-1", 1).Token;

        var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, "r1");
        var id = redemption.Value<string>("id")!;
        var (cancelStatus, cancelled) = await app.SendAsync(HttpMethod.Post, $"/api/redemptions/{id}/cancel", token);
        var (_, after) = await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", token);
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        var stock = await app.Service<CatalogTables>().StockAsync("r-001", CancellationToken.None);
        var report = await ReportAsync(app);

        Assert.Equal(1, reservedInBetween);
        Assert.Equal((200, "cancelled"), (cancelStatus, cancelled.Value<string>("status")));
        Assert.Equal("cancelled", after.Value<string>("status"));
        Assert.Equal((30L, 0L), (me.Value<long>("balance"), me.Value<long>("held")));
        Assert.Equal(new StockLevel(5, 0, 0, 5, 0), stock);
        Assert.Empty(report["mismatches"]!);
        Assert.Empty(report["redemptionMismatches"]!);
    }

    [Fact]
    public async Task Two_hundred_redeem_then_cancel_pairs_all_end_final_with_no_points_held()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PrizeAsync(app, 100);
        var tokens = new string[200];
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await FundAsync(app, $"w-{i:D3}", 10, ct);
            tokens[i] = app.Service<WorkerTokens>().Issue($"w-{i:D3}", 1).Token;
        });

        var random = new Random(2026);
        var delays = Enumerable.Range(0, 200).Select(_ => random.Next(0, 40)).ToArray();
        var ids = new string[200];
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var (status, body) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens[i], new { rewardId = "r-001", quantity = 1 }, $"r-{i}");
            Assert.Equal(202, status);
            ids[i] = body.Value<string>("id")!;
            await Task.Delay(delays[i], CancellationToken.None);
            var (cancel, problem) = await app.SendAsync(HttpMethod.Post, $"/api/redemptions/{ids[i]}/cancel", tokens[i]);
            Assert.True(cancel == 200 || problem.Value<string>("code") == "invalid-transition", $"cancel answered {cancel}: {problem}");
        });

        async Task<string[]> StatusesAsync() => await Task.WhenAll(ids.Select(async (id, i) => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", tokens[i])).Body.Value<string>("status")!));
        await TestApp.EventuallyAsync(async () => (await StatusesAsync()).All(s => s is "cancelled" or "refused"), "every redemption ends cancelled or refused");

        // A redemption cancelled while still pending reads "cancelled" at once, but its reservation message may still
        // be on its way: it takes the stock, finds the redemption cancelled and puts the stock back. Wait for that
        // effect (a stock that never comes back fails here), then for the queues to be quiet.
        await TestApp.EventuallyAsync(async () => await app.Service<CatalogTables>().StockAsync("r-001", CancellationToken.None) == new StockLevel(100, 0, 0, 100, 0), "all the stock is back");
        await app.IdleAsync(StorageNames.RedemptionQueue, StorageNames.PartnerNotificationQueue);
        var held = await Task.WhenAll(tokens.Select(async t => (await app.SendAsync(HttpMethod.Get, "/api/me", t)).Body.Value<long>("held")));
        var stock = await app.Service<CatalogTables>().StockAsync("r-001", CancellationToken.None);
        var report = await ReportAsync(app);

        Assert.All(held, h => Assert.Equal(0L, h));
        Assert.Equal(new StockLevel(100, 0, 0, 100, 0), stock);
        Assert.Empty(report["mismatches"]!);
        Assert.Empty(report["stockMismatches"]!);
        Assert.Empty(report["redemptionMismatches"]!);
    }
}
