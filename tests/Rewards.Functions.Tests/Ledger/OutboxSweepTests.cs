using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Ledger;

[Collection(StorageCollection.Name)]
public sealed class OutboxSweepTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>What a writer that dies right after its commit leaves: a ledger line and its outbox row, never published.</summary>
    private static async Task<string> CommitAndCrashAsync(TestApp app, string workerId, long amount)
    {
        var accounts = app.Service<AccountsTable>();
        var account = (await accounts.ReadAsync(workerId, SnapshotQuery.Nothing, CancellationToken.None)).Account!;
        var now = app.Clock!.GetUtcNow();
        var txId = RowKeys.NewId(now);
        var (next, line) = Rewards.Domain.Ledger.Postings.Post(account.State, new Posting(amount, LedgerKinds.Adjustment, "奖励", "crash"), txId, now).Value;
        var e = new LedgerEvent(txId, workerId, "u1", line.Sequence, amount, line.Kind, line.Reason, line.SourceRef, next.Balance, next.Held, next.LifetimeEarned, now, "2026-03-02");
        await accounts.CommitAsync(
            [
                new(TableTransactionActionType.Add, AccountRow.TxRow(workerId, line)),
                new(TableTransactionActionType.UpdateMerge, AccountRow.Update(workerId, next, null, account.Version!), new Azure.ETag(account.Version!)),
                Outbox.Row(e),
            ],
            CancellationToken.None);
        return txId;
    }

    private static async Task<int> OutboxRowsAsync(TestApp app, string workerId) =>
        (await Partition.SnapshotAsync(app, workerId)).Count(r => r.StartsWith(RowKeys.OutboxFrom, StringComparison.Ordinal));

    [Fact]
    public async Task The_sweep_publishes_a_row_a_crash_left_and_reads_nothing_that_is_not_due()
    {
        var clock = new FakeTimeProvider(T0);
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.WithoutTimers("ProjectLedgerEvent"));
        var workers = app.Service<WorkerAdmin>();
        await workers.SaveAsync(new WorkerRequest { Id = "crashed", DisplayName = "职工", UnitId = "u1" }, CancellationToken.None);
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await workers.SaveAsync(new WorkerRequest { Id = $"recent-{i:D2}", DisplayName = "职工", UnitId = "u1" }, ct));
        var txId = await CommitAndCrashAsync(app, "crashed", 7);

        // Twenty more crashes, later: their index rows are in a bucket that is not due yet.
        clock.SetUtcNow(T0.AddMinutes(19));
        foreach (var i in Enumerable.Range(0, 20))
        {
            await CommitAndCrashAsync(app, $"recent-{i:D2}", 3);
        }

        clock.SetUtcNow(T0.AddMinutes(20));
        var counter = app.Service<StorageCallCounter>();
        var outbox = app.Service<Outbox>();
        var before = counter.Calls;
        var published = await outbox.SweepAsync(clock.GetUtcNow() - OutboxIndex.Grace, CancellationToken.None);
        var calls = counter.Calls - before;
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-ledger-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var messages = (await queue.PeekMessagesAsync(32)).Value.Select(m => Json.Deserialize<LedgerEvent>(m.Body.ToString())!).ToList();

        // One query of the due index rows, one of the crashed worker's outbox rows, the queue put and the row
        // delete, one transaction deleting the index row: five, however many rows are not due.
        Assert.Equal(1, published);
        Assert.Equal(5, calls);
        Assert.Equal([txId], messages.Select(m => m.TxId));
        Assert.Equal(0, await OutboxRowsAsync(app, "crashed"));
        Assert.Equal(1, await OutboxRowsAsync(app, "recent-07"));

        // Once their bucket is past its grace, the later ones are published too: deferred, never skipped.
        clock.SetUtcNow(T0.AddMinutes(40));
        var later = await outbox.SweepAsync(clock.GetUtcNow() - OutboxIndex.Grace, CancellationToken.None);
        var index = app.Service<TableServiceClient>().GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Schedule));

        Assert.Equal(20, later);
        Assert.Equal(0, await OutboxRowsAsync(app, "recent-07"));
        Assert.Empty(await index.QueryAsync<TableEntity>(Filters.Partition(OutboxIndex.Partition)).ToListAsync());
    }

    [Fact]
    public async Task An_award_pays_for_its_index_row_once_per_bucket()
    {
        var clock = new FakeTimeProvider(T0);
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.WithoutTimers("ProjectLedgerEvent"));
        await app.WorkerAsync("w-1", unit: "u1");
        var index = app.Service<TableServiceClient>().GetTableClient(app.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Schedule));

        foreach (var (minute, key) in new[] { (0, "a"), (1, "b"), (2, "c"), (6, "d") })
        {
            clock.SetUtcNow(T0.AddMinutes(minute));
            var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 1, reason = "奖励" }, idempotencyKey: key);
            Assert.Equal(201, status);
        }

        var rows = await index.QueryAsync<TableEntity>(Filters.Partition(OutboxIndex.Partition)).ToListAsync();
        Assert.Equal([T0, T0.AddMinutes(5)], rows.Select(r => r.GetDateTimeOffset("At")!.Value).Order());
    }
}
