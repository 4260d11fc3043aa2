using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Ledger;

[Collection(StorageCollection.Name)]
public sealed class PoisonCatchUpTests(AzuriteFixture azurite)
{
    private static QueueClient Queue(AzuriteFixture azurite, TestApp app, string name) =>
        new(azurite.ConnectionString, $"{app.Prefix}-{name}", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    [Fact]
    public async Task The_reconciliation_shows_the_size_of_every_poison_queue_the_app_has()
    {
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.WithoutTimers());
        var poisonQueues = StorageNames.Queues.Where(q => q.EndsWith("-poison", StringComparison.Ordinal)).ToList();
        foreach (var (name, i) in poisonQueues.Select((n, i) => (n, i)))
        {
            // A different count in each, so a count shown under the wrong name fails too.
            foreach (var _ in Enumerable.Range(0, i + 1))
            {
                await Queue(azurite, app, name).SendMessageAsync("{\"broken\":true}");
            }
        }

        var (status, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");

        Assert.Equal(200, status);
        Assert.Superset(new HashSet<string> { "ledger-events-poison", "notify-partner-poison", "competition-scores-poison", "redemptions-poison" }, poisonQueues.ToHashSet());
        Assert.Equal(
            poisonQueues.Select((n, i) => (n, i + 1)).ToList(),
            poisonQueues.Select(n => (n, report["poisonQueues"]![n]!.Value<int>())).ToList());
    }

    [Fact]
    public async Task A_ledger_event_in_the_poison_queue_is_caught_up_from_the_ledger()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

        // No projection from the queue: the only way the boards can move is the catch-up.
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.WithoutTimers("ProjectLedgerEvent"));
        var worker = await app.WorkerAsync("w-1", unit: "u1");
        await app.ContentAsync("c-1", points: 5, minSeconds: 30);
        await app.ContentAsync("c-2", points: 4, minSeconds: 30);
        foreach (var content in new[] { "c-1", "c-2" })
        {
            var (_, view) = await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views", worker);
            clock.Advance(TimeSpan.FromSeconds(31));
            var (completed, _) = await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views/{view.Value<string>("viewId")}/complete", worker);
            Assert.Equal(200, completed);
        }

        // The first award's event failed its projection five times and was moved to poison; the second is still queued.
        var events = Queue(azurite, app, StorageNames.LedgerEvents);
        var first = (await events.ReceiveMessagesAsync(1)).Value.Single();
        await Queue(azurite, app, LedgerCatchUp.PoisonQueue).SendMessageAsync(first.Body.ToString());
        await events.DeleteMessageAsync(first.MessageId, first.PopReceipt);
        var boardBefore = await BoardAsync(app, worker);
        var (_, meBefore) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        var (_, listedBefore) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers?unitId=u1");

        var settled = await app.Service<LedgerCatchUp>().RunAsync(CancellationToken.None);

        var board = await BoardAsync(app, worker);
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        var (_, listed) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers?unitId=u1");
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Null(boardBefore);
        Assert.Equal(0, meBefore["streak"]!.Value<int>("current"));
        Assert.Equal(0, listedBefore["items"]!.Single(i => i.Value<string>("id") == "w-1").Value<long>("balance"));
        Assert.Equal(1, settled);
        Assert.Equal(9, board!.Value<long>("points"));
        Assert.Equal((1, 1), (me["streak"]!.Value<int>("current"), me["streak"]!.Value<int>("learning")));
        Assert.Equal(9, listed["items"]!.Single(i => i.Value<string>("id") == "w-1").Value<long>("balance"));
        Assert.Equal(0, report["poisonQueues"]![LedgerCatchUp.PoisonQueue]!.Value<int>());
        Assert.Empty(report["mismatches"]!);
    }

    private static async Task<JToken?> BoardAsync(TestApp app, string worker)
    {
        var (status, board) = await app.SendAsync(HttpMethod.Get, "/api/leaderboards/individual?period=all", worker);
        Assert.Equal(200, status);
        return board["items"]!.FirstOrDefault(i => i.Value<string>("id") == "w-1");
    }
}
