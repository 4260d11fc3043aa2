using Microsoft.Extensions.Time.Testing;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Admin;
using Rewards.Functions.Identity;
using Rewards.Functions.Tests.Catalog;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Workers;

namespace Rewards.Functions.Tests.Redemptions;

[Collection(StorageCollection.Name)]
public sealed class FulfilmentTests(AzuriteFixture azurite)
{
    internal sealed record Setup(TestApp App, string Worker, string PartnerKey, string RedemptionId);

    /// <summary>A prize of partner p-001, a worker with 30 points and one redemption of it, reserved (or left pending when <paramref name="reserve"/> is false).</summary>
    internal static async Task<Setup> ReservedAsync(AzuriteFixture azurite, string workerId = "w-1", FakeTimeProvider? clock = null, Action<DevHostOptions>? configure = null, bool reserve = true)
    {
        var app = await TestApp.StartAsync(azurite, clock, configure ?? (o => o.Settings["AzureWebJobs:ExpireUnacceptedOrders:Disabled"] = "true"));
        var (_, partner) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: PartnerTests.Partner);
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = 5, partnerId = "p-001" });
        await app.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = workerId, DisplayName = "职工", UnitId = "u1" }, CancellationToken.None);
        await app.Service<Rewards.Functions.Admin.Adjustments>().AdjustAsync(new AdjustmentRequest { WorkerId = workerId, Amount = 30, Reason = "测试" }, "fund", CancellationToken.None);
        var token = app.Service<WorkerTokens>().Issue(workerId, 1).Token;
        var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, "r1");
        var id = redemption.Value<string>("id")!;
        if (reserve)
        {
            await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", token)).Body.Value<string>("status") == "reserved", "reserved");
        }

        return new Setup(app, token, partner.Value<string>("apiKey")!, id);
    }

    private static async Task<(long Remaining, long Reserved, long Delivered)> StockAsync(TestApp app)
    {
        var (_, prize) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards/r-001");
        return (prize["stock"]!.Value<long>("remaining"), prize["stock"]!.Value<long>("reserved"), prize["stock"]!.Value<long>("delivered"));
    }

    private static async Task<(long Balance, long Held)> PointsAsync(TestApp app, string token)
    {
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        return (me.Value<long>("balance"), me.Value<long>("held"));
    }

    [Fact]
    public async Task A_reject_sent_twice_refunds_once_and_restocks_once()
    {
        var s = await ReservedAsync(azurite);
        await using var _ = s.App;

        var first = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/reject", s.PartnerKey, new { reason = "缺货" });
        var second = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/reject", s.PartnerKey, new { reason = "缺货" });

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal((30L, 0L), await PointsAsync(s.App, s.Worker));
        Assert.Equal((5L, 0L, 0L), await StockAsync(s.App));
        var (_, redemption) = await s.App.SendAsync(HttpMethod.Get, $"/api/redemptions/{s.RedemptionId}", s.Worker);
        Assert.Equal("rejected", redemption.Value<string>("status"));
        var (_, ledger) = await s.App.SendAsync(HttpMethod.Get, "/api/me/ledger", s.Worker);
        Assert.Single(ledger["items"]!, l => l.Value<string>("kind") == "release");
    }

    [Fact]
    public async Task Accept_ship_and_deliver_turn_the_hold_into_spent_points()
    {
        var s = await ReservedAsync(azurite);
        await using var _ = s.App;

        await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/accept", s.PartnerKey);
        var (noTracking, _) = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/ship", s.PartnerKey);
        await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/ship", s.PartnerKey, new { trackingNo = "SF123" });
        var (delivered, order) = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/deliver", s.PartnerKey);
        var (late, lateProblem) = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/reject", s.PartnerKey);

        Assert.Equal(400, noTracking);
        Assert.Equal((200, "delivered", "SF123"), (delivered, order.Value<string>("status"), order.Value<string>("trackingNo")));
        Assert.Equal((409, "invalid-transition"), (late, lateProblem.Value<string>("code")));
        Assert.Equal((20L, 0L), await PointsAsync(s.App, s.Worker));
        Assert.Equal((4L, 0L, 1L), await StockAsync(s.App));
        var (_, mine) = await s.App.SendAsync(HttpMethod.Get, $"/api/redemptions/{s.RedemptionId}", s.Worker);
        Assert.Equal(("delivered", "SF123"), (mine.Value<string>("status"), mine.Value<string>("trackingNo")));
        var (_, report) = await s.App.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
    }

    [Fact]
    public async Task A_cancel_racing_an_accept_has_exactly_one_outcome()
    {
        var s = await ReservedAsync(azurite);
        await using var _ = s.App;

        var results = await Task.WhenAll(
            s.App.SendAsync(HttpMethod.Post, $"/api/redemptions/{s.RedemptionId}/cancel", s.Worker),
            s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/accept", s.PartnerKey));

        Assert.Single(results, r => r.Status == 200);
        Assert.Single(results, r => r.Status == 409 && r.Body.Value<string>("code") == "invalid-transition");
        var (_, redemption) = await s.App.SendAsync(HttpMethod.Get, $"/api/redemptions/{s.RedemptionId}", s.Worker);
        var cancelled = redemption.Value<string>("status") == "cancelled";
        Assert.Equal(cancelled ? (30L, 0L) : (20L, 10L), await PointsAsync(s.App, s.Worker));
        Assert.Equal(cancelled ? (5L, 0L, 0L) : (4L, 1L, 0L), await StockAsync(s.App));
    }

    [Fact]
    public async Task A_partner_cannot_see_or_move_another_partners_orders()
    {
        var s = await ReservedAsync(azurite);
        await using var _ = s.App;
        var (_, other) = await s.App.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-002", name = "另一家", webhookUrl = "https://other.example.cn/hook" });
        var otherKey = other.Value<string>("apiKey");

        var (_, list) = await s.App.SendAsync(HttpMethod.Get, "/api/partner/orders", otherKey);
        var (status, problem) = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/accept", otherKey);
        var (_, own) = await s.App.SendAsync(HttpMethod.Get, "/api/partner/orders?status=reserved", s.PartnerKey);

        Assert.Empty(list["items"]!);
        Assert.Equal((404, "order-not-found"), (status, problem.Value<string>("code")));
        Assert.Single(own["items"]!);
    }

    [Fact]
    public async Task The_deadline_timer_refunds_an_order_nobody_accepted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8)));
        var s = await ReservedAsync(azurite, clock: clock);
        await using var _ = s.App;
        var fulfilment = s.App.Service<Rewards.Functions.Redemptions.FulfilmentUseCase>();

        var early = await fulfilment.ExpireDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var due = await fulfilment.ExpireDueAsync(CancellationToken.None);
        var again = await fulfilment.ExpireDueAsync(CancellationToken.None);

        Assert.Equal((0, 1, 0), (early, due, again));
        var (_, redemption) = await s.App.SendAsync(HttpMethod.Get, $"/api/redemptions/{s.RedemptionId}", s.Worker);
        Assert.Equal("expired", redemption.Value<string>("status"));
        Assert.Equal((30L, 0L), await PointsAsync(s.App, s.Worker));
        Assert.Equal((5L, 0L, 0L), await StockAsync(s.App));
        var (_, report) = await s.App.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
        Assert.Empty(report["stockMismatches"]!);
        Assert.Empty(report["deliveredAndRefunded"]!);
    }

    [Fact]
    public async Task A_worker_cannot_cancel_another_workers_redemption()
    {
        var s = await ReservedAsync(azurite);
        await using var _ = s.App;
        await s.App.Service<WorkerAdmin>().SaveAsync(new WorkerRequest { Id = "w-2", DisplayName = "其他", UnitId = "u1" }, CancellationToken.None);
        var other = s.App.Service<WorkerTokens>().Issue("w-2", 1).Token;

        var (status, problem) = await s.App.SendAsync(HttpMethod.Post, $"/api/redemptions/{s.RedemptionId}/cancel", other);

        Assert.Equal((404, "redemption-not-found"), (status, problem.Value<string>("code")));
        Assert.Equal((20L, 10L), await PointsAsync(s.App, s.Worker));
    }
}
