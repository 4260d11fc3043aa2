using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

/// <summary>Who may check in, when, and what it pays.</summary>
[Collection(StorageCollection.Name)]
public sealed class CheckInTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_repeat_returns_the_same_body_even_with_a_later_code_and_pays_once()
    {
        var clock = ActivityApi.ClockAtOpening();
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());

        var first = await ActivityApi.CheckInAsync(app, worker, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));
        clock.Advance(TimeSpan.FromMinutes(5));
        var again = await ActivityApi.CheckInAsync(app, worker, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));
        var stale = await ActivityApi.CheckInAsync(app, worker, "a-walk", "000000");
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", worker);

        Assert.Equal(201, first.Status);
        Assert.Equal((201, 201), (again.Status, stale.Status));
        Assert.True(JToken.DeepEquals(first.Body, again.Body), $"{first.Body} then {again.Body}");
        Assert.True(JToken.DeepEquals(first.Body, stale.Body), $"{first.Body} then {stale.Body}");
        Assert.Equal("参加健步走《5·25 健步走》签到", first.Body.Value<string>("reason"));
        Assert.Single(ledger["items"]!);
        Assert.Equal("activity", ledger["items"]![0]!.Value<string>("kind"));
        Assert.Equal(1, (await ActivityApi.ScreenAsync(app, "a-walk")).Value<long>("checkedIn"));
    }

    [Fact]
    public async Task A_worker_of_a_unit_the_activity_does_not_cover_gets_403()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var outsider = await app.WorkerAsync("w-b", unit: "unit-b");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk(unitIds: ["unit-a"]));

        var (status, problem) = await ActivityApi.CheckInAsync(app, outsider, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/activities", outsider);

        Assert.Equal((403, "not-invited"), (status, problem.Value<string>("code")));
        Assert.Empty(list["items"]!);
        Assert.Equal(0, (await ActivityApi.ScreenAsync(app, "a-walk")).Value<long>("checkedIn"));
    }

    [Fact]
    public async Task The_window_is_kept_in_local_time()
    {
        // 07:29:59 in Shanghai is 23:29:59 UTC the day before: a window read in UTC would be hours off.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(ActivityApi.Opening.AddSeconds(-1));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var early = await app.WorkerAsync("w-1");
        var onTime = await app.WorkerAsync("w-2");
        var late = await app.WorkerAsync("w-3");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());

        var tooEarly = await ActivityApi.CheckInAsync(app, early, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/activities", onTime);
        var opened = await ActivityApi.CheckInAsync(app, onTime, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));
        clock.SetUtcNow(new DateTimeOffset(2026, 5, 25, 10, 0, 0, TimeSpan.FromHours(8)));
        var closed = await ActivityApi.CheckInAsync(app, late, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));

        Assert.Equal((409, "check-in-closed"), (tooEarly.Status, tooEarly.Body.Value<string>("code")));
        Assert.Equal(201, opened.Status);
        Assert.True(list["items"]![0]!.Value<bool>("open"));
        Assert.Equal((409, "check-in-closed"), (closed.Status, closed.Body.Value<string>("code")));
    }

    [Fact]
    public async Task A_campaign_covering_activity_doubles_the_points_and_they_count_as_earnings()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var worker = await app.WorkerAsync("w-1");
        var (campaign, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/campaigns", json: new { id = "525", name = "5·25 职工健康日", startsAt = "2026-05-25T00:00:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "activity" }, multiplier = 2 });
        await ActivityApi.CreateAsync(app, ActivityApi.Walk(points: 40));

        var (status, body) = await ActivityApi.CheckInAsync(app, worker, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));

        Assert.Equal(201, campaign);
        Assert.Equal(201, status);
        Assert.Equal(80, body.Value<long>("awarded"));
        Assert.Contains("5·25 职工健康日 ×2", body.Value<string>("reason"), StringComparison.Ordinal);

        // Past the overall daily cap of 50: an activity is not cut by the caps, and it is an earning (level, boards).
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        Assert.Equal(80, me.Value<long>("lifetimeEarned"));
        await TestApp.EventuallyAsync(
            async () => (await app.SendAsync(HttpMethod.Get, "/api/leaderboards/individual?period=week", worker)).Body["items"] is { } items && items.Any(i => i.Value<string>("id") == "w-1" && i.Value<long>("points") == 80),
            "the week's board shows the activity points");
    }

    [Fact]
    public async Task The_worker_sees_the_activities_of_their_unit_and_whether_they_checked_in()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk("a-walk"));
        await ActivityApi.CreateAsync(app, ActivityApi.Walk("a-other-unit", unitIds: ["unit-z"]));
        await ActivityApi.CheckInAsync(app, worker, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));

        var (status, list) = await app.SendAsync(HttpMethod.Get, "/api/activities", worker);

        Assert.Equal(200, status);
        var item = Assert.Single(list["items"]!);
        Assert.Equal(("a-walk", true, true, "健步走"), (item.Value<string>("id"), item.Value<bool>("open"), item.Value<bool>("checkedIn"), item.Value<string>("kindName")));
    }

    [Fact]
    public async Task A_revoked_link_cannot_check_in()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-1/link", json: new { revokePrevious = true });

        var (status, problem) = await ActivityApi.CheckInAsync(app, worker, "a-walk", await ActivityApi.CodeAsync(app, "a-walk"));

        Assert.Equal((401, "invalid-token"), (status, problem.Value<string>("code")));
        Assert.Equal(0, (await ActivityApi.ScreenAsync(app, "a-walk")).Value<long>("checkedIn"));
    }
}
