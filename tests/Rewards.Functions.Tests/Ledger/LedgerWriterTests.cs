using Microsoft.Extensions.Time.Testing;
using Rewards.Domain;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Admin;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Ledger;

[Collection(StorageCollection.Name)]
public sealed class LedgerWriterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_stale_etag_is_retried_by_reading_and_deciding_again()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1");
        var writer = app.Service<LedgerWriter>();
        var adjustments = app.Service<Rewards.Functions.Admin.Adjustments>();
        var seen = new List<long>();

        var outcome = await writer.WriteAsync(
            new LedgerCommand("w-1", null, "adj:slow", "h", SnapshotQuery.Nothing),
            read =>
            {
                seen.Add(read.Account.State.Balance);
                if (seen.Count == 1)
                {
                    // Another writer commits between this writer's read and its write.
                    adjustments.AdjustAsync(new AdjustmentRequest { WorkerId = "w-1", Amount = 10, Reason = "先到" }, "fast", CancellationToken.None).GetAwaiter().GetResult();
                }

                // Doubles the balance plus one: a decision that depends on what was read.
                return ((LedgerChange)new Posting(read.Account.State.Balance + 1, LedgerKinds.Adjustment, "翻倍", "test"))
                    .As(posted => new AdjustmentOutcome(posted.Line!.TxId, "w-1", posted.Line.Amount, posted.Account.Balance));
            },
            CancellationToken.None);

        Assert.Equal([0L, 10L], seen);
        Assert.Equal(11, outcome.Value!.Amount);
        Assert.Equal(21, outcome.Value.Balance);
        var report = await app.Service<Reconciliation>().RunAsync(CancellationToken.None);
        Assert.Empty(report.Mismatches);
    }

    [Fact]
    public async Task A_refused_debit_changes_no_row()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 5, reason = "奖励" }, idempotencyKey: "a");
        var before = await Partition.SnapshotAsync(app, "w-1");

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = -6, reason = "扣减" }, idempotencyKey: "b");

        Assert.Equal(422, status);
        Assert.Equal(RefusalCodes.InsufficientPoints, problem.Value<string>("code"));
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
    }

    [Fact]
    public async Task A_too_early_completion_changes_no_row()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", points: 5, minSeconds: 30);
        var (_, view) = await app.SendAsync(HttpMethod.Post, "/api/content/c-1/views", worker);
        clock.Advance(TimeSpan.FromSeconds(29));
        var before = await Partition.SnapshotAsync(app, "w-1");

        var (status, problem) = await app.SendAsync(HttpMethod.Post, $"/api/content/c-1/views/{view.Value<string>("viewId")}/complete", worker);

        Assert.Equal(422, status);
        Assert.Equal(RefusalCodes.TooEarly, problem.Value<string>("code"));
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
    }
}
