using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Catalog;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Redemptions;

/// <summary>The reconciliation can fail: it finds a held balance no redemption explains and stock that does not add up.</summary>
[Collection(StorageCollection.Name)]
public sealed class ReconciliationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Tampered_held_points_and_stock_are_reported()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = 5, partnerId = "p-001" });
        var (_, clean) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        var tables = app.Service<TableServiceClient>();
        var names = app.Service<IOptions<StorageOptions>>().Value;

        await tables.GetTableClient(names.Table(StorageNames.Accounts)).UpdateEntityAsync(new TableEntity("w-1", RowKeys.Account) { ["Held"] = 5L, ["Balance"] = -5L }, ETag.All, TableUpdateMode.Merge);
        await tables.GetTableClient(names.Table(StorageNames.Stock)).UpdateEntityAsync(new TableEntity("r-001", "stock") { ["Remaining"] = 7L }, ETag.All, TableUpdateMode.Merge);
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");

        Assert.Empty(clean["mismatches"]!);
        Assert.Empty(clean["stockMismatches"]!);
        Assert.Equal("w-1", report["mismatches"]![0]!.Value<string>("workerId"));
        Assert.Equal("r-001", report["stockMismatches"]![0]!.Value<string>("rewardId"));
    }

    [Fact]
    public async Task A_redemption_left_reserved_while_its_order_is_cancelled_is_reported()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var token = await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = 5, partnerId = "p-001" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 30, reason = "测试" }, idempotencyKey: "fund");
        var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, "r1");
        var id = redemption.Value<string>("id")!;
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", token)).Body.Value<string>("status") == "reserved", "reserved");
        var (_, clean) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        var tables = app.Service<TableServiceClient>();
        var names = app.Service<IOptions<StorageOptions>>().Value;

        // The stuck state of the cancel race: the order is over, the worker's side never heard of it.
        await tables.GetTableClient(names.Table(StorageNames.Orders)).UpdateEntityAsync(new TableEntity("p-001", id) { ["Status"] = "cancelled" }, ETag.All, TableUpdateMode.Merge);
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");

        Assert.Empty(clean["redemptionMismatches"]!);
        var mismatch = Assert.Single(report["redemptionMismatches"]!);
        Assert.Equal((id, "reserved", "cancelled"), (mismatch.Value<string>("redemptionId"), mismatch.Value<string>("redemptionStatus"), mismatch.Value<string>("orderStatus")));
    }
}
