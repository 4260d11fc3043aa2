using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Accounts;
using Rewards.Functions.Admin;
using Rewards.Functions.Catalog;
using Rewards.Functions.Partners;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Ledger;

[Collection(StorageCollection.Name)]
public sealed class ExpiryTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Fact]
    public async Task Points_are_announced_then_expire_once_oldest_first()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 0, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.WithoutTimers());
        await app.WorkerAsync("w-1");
        var expiry = app.Service<ExpiryUseCase>();
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 10, reason = "2025 年积分" }, idempotencyKey: "a");
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 1, 9, 0, 0, Shanghai));
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 5, reason = "2026 年积分" }, idempotencyKey: "b");

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 9, 0, 0, Shanghai));
        var early = await expiry.RunAsync(CancellationToken.None);
        var worker = (await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-1/link")).Body.Value<string>("token");
        var (_, december) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 30, 0, Shanghai));
        var due = await expiry.RunAsync(CancellationToken.None);
        var again = await expiry.RunAsync(CancellationToken.None);
        var (_, january) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", worker);

        Assert.Equal((0, 1, 0), (early, due, again));
        Assert.Equal(10, december["expiringWithin30Days"]!.Value<long>("points"));
        Assert.Equal(5, january.Value<long>("balance"));
        Assert.Equal(("expiry", -10L), (ledger["items"]![0]!.Value<string>("kind"), ledger["items"]![0]!.Value<long>("amount")));
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
    }

    [Fact]
    public async Task Points_held_by_a_redemption_over_new_year_still_expire_on_their_date_when_it_is_cancelled_after()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 0, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.WithoutTimers());
        await app.Service<PartnersTable>().AddAsync(new Partner("p-001", "服务社", null, "https://partner.example.cn/hook", 30), CancellationToken.None);
        await app.Service<CatalogTables>().AddAsync(new Reward("r-001", "急救包", null, null, 10, "p-001", 0, null, null, true), 5, CancellationToken.None);
        await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 10, reason = "2025 年积分" }, idempotencyKey: "a");
        var expiry = app.Service<ExpiryUseCase>();

        // Redeem before New Year: the 2025 points, due as 2027 begins, are held across it.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 20, 9, 0, 0, Shanghai));
        var worker = (await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-1/link")).Body.Value<string>("token");
        var (requested, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", worker, new { rewardId = "r-001", quantity = 1 }, "redeem-1");
        var id = redemption.Value<string>("id");
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", worker)).Body.Value<string>("status") == "reserved", "the redemption was reserved");
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 30, 0, Shanghai));
        var atNewYear = await expiry.RunAsync(CancellationToken.None);

        // Cancel after New Year: the points come back to their 2025 lot, which is past its date.
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 5, 10, 0, 0, Shanghai));
        var (cancelled, _) = await app.SendAsync(HttpMethod.Post, $"/api/redemptions/{id}/cancel", worker);
        var (_, back) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        var afterCancel = await expiry.RunAsync(CancellationToken.None);
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", worker);

        Assert.Equal((202, 200), (requested, cancelled));
        Assert.Equal(0, atNewYear);
        Assert.Equal((10L, 0L), (back.Value<long>("balance"), back.Value<long>("held")));
        Assert.Equal(1, afterCancel);
        Assert.Equal((0L, 0L), (me.Value<long>("balance"), me.Value<long>("held")));
        Assert.Equal(("expiry", -10L), (ledger["items"]![0]!.Value<string>("kind"), ledger["items"]![0]!.Value<long>("amount")));
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
    }

    [Fact]
    public async Task The_hourly_run_reads_only_the_workers_whose_points_are_due()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 0, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.WithoutTimers("ProjectLedgerEvent"));
        await FundAsync(app, "due", 10);
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 1, 9, 0, 0, Shanghai));
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => await FundAsync(app, $"later-{i:D2}", 5));
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 30, 0, Shanghai));
        await app.Service<RulesStore>().GetAsync(CancellationToken.None);
        var counter = app.Service<StorageCallCounter>();

        var before = counter.Calls;
        var expired = await app.Service<ExpiryUseCase>().RunAsync(CancellationToken.None);
        var calls = counter.Calls - before;

        // The due worker costs about ten calls (schedule query, ledger read, outlook row, the expiry line's read,
        // index, transaction and publish, the schedule's next row); a run that looked at the forty others would
        // read forty more ledgers.
        Assert.Equal(1, expired);
        Assert.InRange(calls, 1, 12);
        Assert.Equal(0, (await app.Service<AccountsTable>().ReadAsync("due", Rewards.Domain.Ledger.SnapshotQuery.Nothing, CancellationToken.None)).Account!.State.Balance);
        Assert.Equal(5, (await app.Service<AccountsTable>().ReadAsync("later-00", Rewards.Domain.Ledger.SnapshotQuery.Nothing, CancellationToken.None)).Account!.State.Balance);
    }

    private static async Task FundAsync(TestApp app, string workerId, int amount)
    {
        await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = workerId, DisplayName = "职工", UnitId = "u1" }, CancellationToken.None);
        await app.Service<Adjustments>().AdjustAsync(new AdjustmentRequest { WorkerId = workerId, Amount = amount, Reason = "积分" }, $"fund-{workerId}", CancellationToken.None);
    }
}
