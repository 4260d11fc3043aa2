using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Accounts;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Ledger;

[Collection(StorageCollection.Name)]
public sealed class LedgerEventsTests(AzuriteFixture azurite)
{
    private static async Task<JToken?> DirectoryRowAsync(TestApp app, string unit, string id)
    {
        var (_, page) = await app.SendAsync(HttpMethod.Get, $"/api/admin/workers?unitId={unit}");
        return page["items"]!.FirstOrDefault(i => i.Value<string>("id") == id);
    }

    [Fact]
    public async Task Ledger_events_keep_the_worker_directory_current()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1", unit: "u1");

        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 12, reason = "奖励" }, idempotencyKey: "a");

        await TestApp.EventuallyAsync(async () => (await DirectoryRowAsync(app, "u1", "w-1"))?.Value<long>("balance") == 12, "the directory shows the new balance");
    }

    [Fact]
    public async Task The_request_leaves_the_outbox_row_and_the_consumer_deletes_it()
    {
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.WithoutTimers("ProjectLedgerEvent"));
        await app.WorkerAsync("w-1", unit: "u1");
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 12, reason = "奖励" }, idempotencyKey: "a");
        var left = (await Partition.SnapshotAsync(app, "w-1")).Count(r => r.StartsWith("out|", StringComparison.Ordinal));
        await using var consuming = await TestApp.StartAsync(azurite, configure: o => o.Settings["Rewards:Storage:Prefix"] = app.Prefix);

        Assert.Equal((201, 1), (status, left));
        await TestApp.EventuallyAsync(
            async () => !(await Partition.SnapshotAsync(app, "w-1")).Any(r => r.StartsWith("out|", StringComparison.Ordinal)),
            "the consumer deleted the outbox row");
        Assert.Equal(12, (await DirectoryRowAsync(app, "u1", "w-1"))!.Value<long>("balance"));
    }

    [Fact]
    public async Task A_duplicate_or_late_ledger_event_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1", unit: "u1");
        var directory = app.Service<WorkersTable>();
        var at = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8));
        var first = new LedgerEvent("t1", "w-1", "u1", 1, 5, "adjustment", "奖励", "x", 5, 0, 0, at, "2026-11-28");
        var second = first with { TxId = "t2", Sequence = 2, BalanceAfter = 9 };

        var applied = new[]
        {
            await directory.ApplyAsync(first, CancellationToken.None),
            await directory.ApplyAsync(second, CancellationToken.None),
            await directory.ApplyAsync(second, CancellationToken.None),
            await directory.ApplyAsync(first, CancellationToken.None),
        };

        Assert.Equal([true, true, false, false], applied);
        Assert.Equal(9, (await DirectoryRowAsync(app, "u1", "w-1"))!.Value<long>("balance"));
    }

    [Fact]
    public async Task A_duplicate_delivery_through_the_queue_is_harmless()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1", unit: "u1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 3, reason = "奖励" }, idempotencyKey: "a");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 4, reason = "奖励" }, idempotencyKey: "b");
        await TestApp.EventuallyAsync(async () => (await DirectoryRowAsync(app, "u1", "w-1"))?.Value<long>("balance") == 7, "both events projected");
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-ledger-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var stale = new LedgerEvent("t-old", "w-1", "u1", 1, 3, "adjustment", "奖励", "x", 3, 0, 0, default, "2026-11-28");

        await queue.SendMessageAsync(Rewards.Functions.Json.Serialize(stale));
        await queue.SendMessageAsync(Rewards.Functions.Json.Serialize(stale));

        await app.IdleAsync(Rewards.Functions.Storage.StorageNames.LedgerEvents);
        Assert.Equal(7, (await DirectoryRowAsync(app, "u1", "w-1"))!.Value<long>("balance"));
        // After the idle wait above; nothing runs messages of the poison queue, so a peek sees all there is.
        var poison = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-ledger-events-poison");
        Assert.Empty((await poison.PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task The_sweep_publishes_an_outbox_row_that_a_failed_publish_left_behind()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-10));
        await using var app = await TestApp.StartAsync(azurite, clock);
        await app.WorkerAsync("w-1", unit: "u1");
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-ledger-events");
        await queue.DeleteAsync();

        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 8, reason = "奖励" }, idempotencyKey: "a");
        var leftBehind = (await Partition.SnapshotAsync(app, "w-1")).Count(r => r.StartsWith("out|", StringComparison.Ordinal));
        await queue.CreateAsync();
        clock.SetUtcNow(TimeProvider.System.GetUtcNow().AddMinutes(2));
        var published = await app.Service<Outbox>().SweepAsync(clock.GetUtcNow().AddMinutes(-1), CancellationToken.None);

        Assert.Equal(201, status);
        Assert.Equal(1, leftBehind);
        Assert.Equal(1, published);
        Assert.DoesNotContain(await Partition.SnapshotAsync(app, "w-1"), r => r.StartsWith("out|", StringComparison.Ordinal));
        await TestApp.EventuallyAsync(async () => (await DirectoryRowAsync(app, "u1", "w-1"))?.Value<long>("balance") == 8, "the swept event was projected");
    }
}
