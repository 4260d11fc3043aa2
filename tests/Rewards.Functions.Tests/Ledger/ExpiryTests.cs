using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Accounts;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Ledger;

[Collection(StorageCollection.Name)]
public sealed class ExpiryTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Fact]
    public async Task Points_are_announced_then_expire_once_oldest_first()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 0, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.Settings["AzureWebJobs:ExpirePoints:Disabled"] = "true");
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
}
