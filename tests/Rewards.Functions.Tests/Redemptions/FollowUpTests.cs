using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Tests.Failures;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Redemptions;

/// <summary>
/// An order's move is committed before its consequences run in the worker's partition. When those meet contention
/// that outlasts the writer's retries, the move is still answered as done, and its follow-up row makes the sweep
/// settle the redemption later: a final order never keeps the worker's points held.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class FollowUpTests(AzuriteFixture azurite)
{
    private sealed record Setup(TestApp App, ScriptedFaults Faults, FakeTimeProvider Clock, string Worker, string PartnerKey, string RedemptionId);

    private static async Task<Setup> StartAsync(AzuriteFixture azurite, bool reserve = true)
    {
        var (faults, clock) = (new ScriptedFaults(), new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8))));
        var s = await FulfilmentTests.ReservedAsync(azurite, clock: clock, reserve: reserve, configure: o =>
        {
            o.WithoutTimers(reserve ? [] : ["ReserveRedemption"]);
            o.ConfigureServices += services => services.AddSingleton<HttpPipelinePolicy>(faults);
        });
        return new Setup(s.App, faults, clock, s.Worker, s.PartnerKey, s.RedemptionId);
    }

    private static async Task<(long Balance, long Held)> PointsAsync(Setup s)
    {
        var (_, me) = await s.App.SendAsync(HttpMethod.Get, "/api/me", s.Worker);
        return (me.Value<long>("balance"), me.Value<long>("held"));
    }

    private static Task<int> SweepAsync(Setup s) =>
        s.App.Service<FulfilmentUseCase>().FollowUpDueAsync(s.Clock.GetUtcNow() - FulfilmentUseCase.FollowUpGrace, CancellationToken.None);

    [Fact]
    public async Task A_reject_whose_refund_meets_lasting_contention_is_answered_and_the_sweep_refunds_it_once()
    {
        var s = await StartAsync(azurite);
        await using var _ = s.App;

        s.Faults.Arm(m => ScriptedFaults.IsTransactionIn(m, "w-1"), times: int.MaxValue, fault: ScriptedFaults.Conflict);
        var (status, order) = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/reject", s.PartnerKey, new { reason = "缺货" });
        s.Faults.Disarm();
        var held = await PointsAsync(s);
        var tooEarly = await SweepAsync(s);
        s.Clock.Advance(FulfilmentUseCase.FollowUpGrace + TimeSpan.FromSeconds(1));
        var swept = await SweepAsync(s);
        var again = await SweepAsync(s);

        Assert.True(s.Faults.Injected > 1, $"only {s.Faults.Injected} conflicts were met");
        Assert.Equal((200, "rejected"), (status, order.Value<string>("status")));
        Assert.Equal((20L, 10L), held);
        Assert.Equal((0, 1, 0), (tooEarly, swept, again));
        Assert.Equal((30L, 0L), await PointsAsync(s));
        var (_, redemption) = await s.App.SendAsync(HttpMethod.Get, $"/api/redemptions/{s.RedemptionId}", s.Worker);
        Assert.Equal("rejected", redemption.Value<string>("status"));
        var (_, ledger) = await s.App.SendAsync(HttpMethod.Get, "/api/me/ledger", s.Worker);
        Assert.Single(ledger["items"]!, l => l.Value<string>("kind") == "release");
        var (_, report) = await s.App.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
    }

    [Fact]
    public async Task A_move_whose_consequences_ran_leaves_no_follow_up_for_the_sweep()
    {
        var s = await StartAsync(azurite);
        await using var _ = s.App;

        await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/accept", s.PartnerKey);
        await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/ship", s.PartnerKey, new { trackingNo = "SF123" });
        var (delivered, _) = await s.App.SendAsync(HttpMethod.Post, $"/api/partner/orders/{s.RedemptionId}/deliver", s.PartnerKey);
        s.Clock.Advance(FulfilmentUseCase.FollowUpGrace + TimeSpan.FromSeconds(1));

        Assert.Equal(200, delivered);
        Assert.Equal(0, await SweepAsync(s));
        Assert.Equal((20L, 0L), await PointsAsync(s));
    }

    [Fact]
    public async Task A_cancel_of_a_pending_redemption_that_meets_lasting_contention_is_503_and_changes_nothing()
    {
        var s = await StartAsync(azurite, reserve: false);
        await using var _ = s.App;

        s.Faults.Arm(m => ScriptedFaults.IsTransactionIn(m, "w-1"), times: int.MaxValue, fault: ScriptedFaults.Conflict);
        var (status, problem) = await s.App.SendAsync(HttpMethod.Post, $"/api/redemptions/{s.RedemptionId}/cancel", s.Worker);
        s.Faults.Disarm();
        var (_, redemption) = await s.App.SendAsync(HttpMethod.Get, $"/api/redemptions/{s.RedemptionId}", s.Worker);
        var (retried, _) = await s.App.SendAsync(HttpMethod.Post, $"/api/redemptions/{s.RedemptionId}/cancel", s.Worker);

        Assert.Equal((503, "contention"), (status, problem.Value<string>("code")));
        Assert.Equal("pending", redemption.Value<string>("status"));
        Assert.Equal(200, retried);
        Assert.Equal((30L, 0L), await PointsAsync(s));
    }
}
