using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Catalog;

[Collection(StorageCollection.Name)]
public sealed class CatalogTests(AzuriteFixture azurite)
{
    private static object Prize(string id = "r-001", int cost = 10, int stock = 5, string partnerId = "p-001", string? from = null, string? until = null) =>
        new { id, title = "急救包", description = "家庭急救包一套", cost, stock, partnerId, perWorkerLimit = 2, availableFrom = from, availableUntil = until };

    [Fact]
    public async Task A_prize_shows_its_stock_and_a_restock_counts_once_per_key()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);

        var (created, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: Prize());
        var restocks = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.SendAsync(HttpMethod.Post, "/api/admin/rewards/r-001/restock", json: new { quantity = 20 }, idempotencyKey: "delivery-2026-11")));
        var (reused, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards/r-001/restock", json: new { quantity = 30 }, idempotencyKey: "delivery-2026-11");
        var (_, view) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards/r-001");

        Assert.Equal(201, created);
        Assert.All(restocks, r => Assert.Equal(200, r.Status));
        Assert.Equal((422, "idempotency-key-reused"), (reused, problem.Value<string>("code")));
        var stock = view["stock"]!;
        Assert.Equal((25L, 0L, 0L, 5L, 20L), (stock.Value<long>("remaining"), stock.Value<long>("reserved"), stock.Value<long>("delivered"), stock.Value<long>("initial"), stock.Value<long>("restocked")));
    }

    [Fact]
    public async Task Workers_see_what_is_open_in_stock_and_affordable()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 15, reason = "奖励" }, idempotencyKey: "a");
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: Prize("cheap", cost: 10));
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: Prize("dear", cost: 100));
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: Prize("gone", stock: 0));
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: Prize("later", from: "2026-12-01T00:00:00"));

        var (status, list) = await app.SendAsync(HttpMethod.Get, "/api/rewards", worker);

        Assert.Equal(200, status);
        Assert.Equal(
            ["cheap:True:True", "dear:True:False", "gone:False:True", "later:False:True"],
            list["items"]!.Select(i => $"{i.Value<string>("id")}:{i.Value<bool>("available")}:{i.Value<bool>("affordable")}").Order(StringComparer.Ordinal));
    }

    public static TheoryData<object, string> BadPrizes => new()
    {
        { Prize(cost: 0), "cost" },
        { Prize(stock: -1), "stock" },
        { Prize(partnerId: "p-404"), "partnerId" },
        { Prize(from: "2026-12-31T00:00:00", until: "2026-12-01T00:00:00"), "availableUntil" },
        { Prize(from: "tomorrow"), "availableFrom" },
    };

    [Theory]
    [MemberData(nameof(BadPrizes))]
    public async Task A_bad_prize_is_refused_with_its_field_and_nothing_is_stored(object prize, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: prize);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards");

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty(list["items"]!);
    }

    [Fact]
    public async Task A_restock_of_zero_or_of_an_unknown_prize_is_refused()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (zero, zeroProblem) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards/r-001/restock", json: new { quantity = 0 }, idempotencyKey: "k");
        var (unknown, unknownProblem) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards/r-404/restock", json: new { quantity = 5 }, idempotencyKey: "k");

        Assert.Equal((400, "validation-failed"), (zero, zeroProblem.Value<string>("code")));
        Assert.Equal((404, "reward-not-found"), (unknown, unknownProblem.Value<string>("code")));
    }
}
