using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Hazards;

/// <summary>Points for reports go through the ledger, each once; the moves of a report are a state machine.</summary>
[Collection(StorageCollection.Name)]
public sealed class HazardPointsTests(AzuriteFixture azurite)
{
    private static async Task<(TestApp App, string Worker, string Id)> ReportedAsync(AzuriteFixture azurite)
    {
        var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1", name: "张伟");
        var (_, created) = await Hazards.SubmitAsync(app, worker, TestPhotos.Jpeg(640, 480));
        var id = created.Value<string>("id")!;
        await Hazards.ProcessedAsync(app, id);
        return (app, worker, id);
    }

    private static async Task<JArray> HazardLinesAsync(TestApp app, string worker) =>
        new([.. (await app.SendAsync(HttpMethod.Get, "/api/me/ledger", worker)).Body["items"]!.Where(l => l.Value<string>("kind") == "hazard")]);

    [Fact]
    public async Task Accepting_twice_awards_once()
    {
        var (app, worker, id) = await ReportedAsync(azurite);
        await using var _ = app;

        var first = await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "major" });
        var second = await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "major" });
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal(first.Body.ToString(), second.Body.ToString());
        Assert.Equal(10, me.Value<long>("balance"));
        Assert.Single(await HazardLinesAsync(app, worker));
    }

    [Fact]
    public async Task Accepting_again_with_another_severity_is_an_invalid_transition()
    {
        var (app, worker, id) = await ReportedAsync(azurite);
        await using var _ = app;

        await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "general" });
        var (status, problem) = await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "critical" });

        Assert.Equal((409, "invalid-transition"), (status, problem.Value<string>("code")));
        Assert.Equal(5, (await app.SendAsync(HttpMethod.Get, "/api/me", worker)).Body.Value<long>("balance"));
    }

    [Fact]
    public async Task Reject_then_accept_is_409_and_pays_nothing()
    {
        var (app, worker, id) = await ReportedAsync(azurite);
        await using var _ = app;

        var rejected = await Hazards.ReviewAsync(app, id, new { decision = "reject", reason = "照片与描述不符" });
        var before = await Partition.SnapshotAsync(app, "w-1");
        var (status, problem) = await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "general" });

        Assert.Equal("rejected", rejected.Body.Value<string>("status"));
        Assert.Equal((409, "invalid-transition"), (status, problem.Value<string>("code")));
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
        Assert.Empty(await HazardLinesAsync(app, worker));
    }

    [Fact]
    public async Task A_verified_rectification_pays_one_bonus_and_the_history_shows_every_step_with_its_points()
    {
        var (app, worker, id) = await ReportedAsync(azurite);
        await using var _ = app;

        await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "general" });
        var early = await app.SendAsync(HttpMethod.Post, $"/api/admin/hazards/{id}/verify");
        var rectified = await Hazards.RectifyAsync(app, id, TestPhotos.Jpeg(640, 480, scene: 1));
        var again = await Hazards.RectifyAsync(app, id, TestPhotos.Jpeg(640, 480, scene: 2));
        var verified = await app.SendAsync(HttpMethod.Post, $"/api/admin/hazards/{id}/verify");
        var repeat = await app.SendAsync(HttpMethod.Post, $"/api/admin/hazards/{id}/verify");
        var (_, report) = await app.SendAsync(HttpMethod.Get, $"/api/hazards/{id}", worker);

        Assert.Equal((409, "invalid-transition"), (early.Status, early.Body.Value<string>("code")));
        Assert.Equal(("rectified", 200), (rectified.Body.Value<string>("status"), again.Status));
        Assert.Equal((200, 200, "verified"), (verified.Status, repeat.Status, repeat.Body.Value<string>("status")));
        Assert.Equal(2, (await HazardLinesAsync(app, worker)).Count);
        Assert.Equal(10, (await app.SendAsync(HttpMethod.Get, "/api/me", worker)).Body.Value<long>("balance"));
        Assert.Equal(
            ["submitted:0", "accepted:5", "rectified:0", "verified:5"],
            report["history"]!.Select(s => $"{s.Value<string>("status")}:{s.Value<long>("points")}"));
        Assert.Equal(10, report.Value<long>("points"));
        Assert.Equal(3, (await Hazards.BlobsAsync(app)).Count);
        Assert.Equal((640, 480), TestPhotos.Size(await Hazards.PhotoAsync(app, id, "after", worker)));
    }

    [Fact]
    public async Task The_daily_limit_holds_under_20_parallel_submissions_and_refused_ones_leave_no_blob()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: new { timeZone = "Asia/Shanghai", dailyCap = 50, actions = new { hazard = new { attemptsPerDay = 3 } } });
        var photo = TestPhotos.Jpeg(640, 480);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Hazards.SubmitAsync(app, worker, photo, place: $"{i}号车间")));

        Assert.Equal(3, results.Count(r => r.Status == 202));
        Assert.All(results.Where(r => r.Status != 202), r => Assert.Equal((409, "daily-limit-reached"), (r.Status, r.Body.Value<string>("code"))));
        Assert.Equal(3, (await Hazards.BlobsAsync(app)).Count(b => !b.EndsWith("-t", StringComparison.Ordinal)));
        var (_, mine) = await app.SendAsync(HttpMethod.Get, "/api/me/hazards", worker);
        Assert.Equal((3, 3, 3), (mine["items"]!.Count(), mine.Value<int>("sentToday"), mine.Value<int>("perDay")));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_same_report_and_another_body_under_it_is_422()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        var photo = TestPhotos.Jpeg(640, 480);

        var first = await Hazards.SubmitAsync(app, worker, photo, key: "tap-1");
        var again = await Hazards.SubmitAsync(app, worker, photo, key: "tap-1");
        var other = await Hazards.SubmitAsync(app, worker, photo, place: "二车间", key: "tap-1");

        Assert.Equal((202, 202), (first.Status, again.Status));
        Assert.Equal(first.Body.Value<string>("id"), again.Body.Value<string>("id"));
        Assert.Equal((422, "idempotency-key-reused"), (other.Status, other.Body.Value<string>("code")));
        Assert.Single((await app.SendAsync(HttpMethod.Get, "/api/me/hazards", worker)).Body["items"]!);
        Assert.Single(await Hazards.BlobsAsync(app), b => !b.EndsWith("-t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hazard_points_are_earnings_they_count_on_the_board_and_the_first_acceptance_earns_the_hunter_badge()
    {
        var (app, worker, id) = await ReportedAsync(azurite);
        await using var _ = app;

        await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "critical" });

        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, "/api/me", worker)).Body["badges"]!.Any(b => b.Value<string>("name") == "隐患猎手"), "the projector gave 隐患猎手");
        var (_, board) = await app.SendAsync(HttpMethod.Get, "/api/leaderboards/individual?period=all", worker);
        Assert.Equal(("张伟", 30), (board["items"]![0]!.Value<string>("displayName"), board["items"]![0]!.Value<long>("points")));
        Assert.Equal(30, (await app.SendAsync(HttpMethod.Get, "/api/me", worker)).Body.Value<long>("lifetimeEarned"));
    }

    [Fact]
    public async Task Another_workers_report_and_photo_are_404()
    {
        var (app, _, id) = await ReportedAsync(azurite);
        await using var __ = app;
        var other = await app.WorkerAsync("w-2");

        var report = await app.SendAsync(HttpMethod.Get, $"/api/hazards/{id}", other);
        var photo = await app.SendAsync(HttpMethod.Get, $"/api/hazards/{id}/photo?size=full", other);
        var thumb = await app.SendAsync(HttpMethod.Get, $"/api/hazards/{id}/photo?size=thumb", other);

        Assert.Equal((404, "hazard-not-found"), (report.Status, report.Body.Value<string>("code")));
        Assert.Equal((404, 404), (photo.Status, thumb.Status));
        Assert.Empty((await app.SendAsync(HttpMethod.Get, "/api/me/hazards", other)).Body["items"]!);
    }

    [Fact]
    public async Task A_units_backlog_lists_its_open_hazards_with_how_long_each_has_been_open()
    {
        var (app, worker, id) = await ReportedAsync(azurite);
        await using var _ = app;
        var (_, second) = await Hazards.SubmitAsync(app, worker, TestPhotos.Jpeg(640, 480, scene: 1), place: "仓库");
        await Hazards.ProcessedAsync(app, second.Value<string>("id")!);

        await Hazards.ReviewAsync(app, id, new { decision = "accept", severity = "major" });
        await Hazards.ReviewAsync(app, second.Value<string>("id")!, new { decision = "reject", reason = "不属于隐患" });
        var (status, backlog) = await app.SendAsync(HttpMethod.Get, "/api/admin/units/unit-a/hazards");
        var (_, accepted) = await app.SendAsync(HttpMethod.Get, "/api/admin/hazards?status=accepted");

        Assert.Equal((200, 1), (status, backlog.Value<int>("open")));
        Assert.Equal((id, "accepted", "major"), (backlog["items"]![0]!.Value<string>("id"), backlog["items"]![0]!.Value<string>("status"), backlog["items"]![0]!.Value<string>("severity")));
        Assert.True(backlog["items"]![0]!.Value<double>("openDays") >= 0);
        Assert.Equal([id], accepted["items"]!.Select(i => i.Value<string>("id")));
        Assert.Equal("张伟", accepted["items"]![0]!.Value<string>("displayName"));
    }
}
