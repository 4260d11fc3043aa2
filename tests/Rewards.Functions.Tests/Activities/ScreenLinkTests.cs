using Rewards.Functions.Activities;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

/// <summary>A venue screen signs in with a link for one activity, never with the admin key, and reads that activity's code and nothing else.</summary>
[Collection(StorageCollection.Name)]
public sealed class ScreenLinkTests(AzuriteFixture azurite)
{
    private static async Task<(TestApp App, string Token)> StartAsync(AzuriteFixture azurite)
    {
        var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());
        var (status, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/activities/a-walk/screen-link");
        Assert.True(status == 200, link.ToString());
        var url = link.Value<string>("url")!;
        Assert.Contains("/console/activities/a-walk/checkin#st_", url, StringComparison.Ordinal);
        return (app, url[(url.IndexOf('#', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public async Task A_screen_link_reads_its_activitys_code_and_count_and_the_code_checks_a_worker_in()
    {
        var (app, token) = await StartAsync(azurite);
        await using var _ = app;
        var worker = await app.WorkerAsync("w-1");

        using var response = await app.Http.SendAsync(app.Request(HttpMethod.Get, "/api/screen/checkin-code", token));
        var (status, screen) = await app.SendAsync(app.Request(HttpMethod.Get, "/api/screen/checkin-code", token));
        var (checkedIn, _) = await ActivityApi.CheckInAsync(app, worker, "a-walk", screen.Value<string>("code")!);
        var (_, after) = await app.SendAsync(app.Request(HttpMethod.Get, "/api/screen/checkin-code", token));
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities");

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal((200, "a-walk", "5·25 健步走"), (status, screen.Value<string>("activityId"), screen.Value<string>("title")));
        Assert.Matches("^[0-9]{6}$", screen.Value<string>("code"));
        Assert.Equal(201, checkedIn);
        Assert.Equal(1, after.Value<int>("checkedIn"));
        Assert.Equal(1, list["items"]!.Single(i => i.Value<string>("id") == "a-walk").Value<int>("checkedIn"));
    }

    [Fact]
    public async Task A_screen_link_opens_nothing_else_and_no_other_credential_opens_the_screen_endpoint()
    {
        var (app, token) = await StartAsync(azurite);
        await using var _ = app;
        var worker = await app.WorkerAsync("w-1");

        var (adminArea, adminProblem) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities/a-walk/checkin-code", token);
        var (workerArea, _) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        var (asWorker, workerProblem) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", worker);
        var (asAdmin, _) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code");
        var (none, noneProblem) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", bearer: null);
        var (tampered, tamperedProblem) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", token[..^3] + (token.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA"));
        var (workerAsScreen, _) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", "st_" + worker["wt_".Length..]);

        Assert.Equal((403, "forbidden"), (adminArea, adminProblem.Value<string>("code")));
        Assert.Equal(403, workerArea);
        Assert.Equal((403, "forbidden"), (asWorker, workerProblem.Value<string>("code")));
        Assert.Equal(403, asAdmin);
        Assert.Equal((401, "missing-credentials"), (none, noneProblem.Value<string>("code")));
        Assert.Equal((401, "invalid-token"), (tampered, tamperedProblem.Value<string>("code")));
        Assert.Equal(401, workerAsScreen);
    }

    [Fact]
    public async Task A_screen_link_ends_after_the_check_in_closes_and_with_its_activity()
    {
        var (app, token) = await StartAsync(azurite);
        await using var _ = app;
        var (_, other) = await app.SendAsync(HttpMethod.Post, "/api/admin/activities/a-missing/screen-link");

        // The walk's check-in closes at 10:00 local, 2.5 hours after the clock's start.
        app.Clock!.Advance(TimeSpan.FromHours(2.5) + ScreenLinks.Grace - TimeSpan.FromMinutes(1));
        var (stillValid, _) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", token);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var (expired, expiredProblem) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", token);

        Assert.Equal("activity-not-found", other.Value<string>("code"));
        Assert.Equal(200, stillValid);
        Assert.Equal((401, "invalid-token"), (expired, expiredProblem.Value<string>("code")));
    }

    [Fact]
    public async Task A_new_screen_link_ends_the_ones_issued_before_for_that_activity_only()
    {
        var (app, first) = await StartAsync(azurite);
        await using var _ = app;
        await ActivityApi.CreateAsync(app, ActivityApi.Walk(id: "a-other", title: "工间操"));
        var (_, other) = await app.SendAsync(HttpMethod.Post, "/api/admin/activities/a-other/screen-link");

        var (_, second) = await app.SendAsync(HttpMethod.Post, "/api/admin/activities/a-walk/screen-link");
        var secondToken = second.Value<string>("url")![(second.Value<string>("url")!.IndexOf('#', StringComparison.Ordinal) + 1)..];
        var otherToken = other.Value<string>("url")![(other.Value<string>("url")!.IndexOf('#', StringComparison.Ordinal) + 1)..];
        var (replaced, problem) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", first);
        var (newest, screen) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", secondToken);
        var (untouched, otherScreen) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", otherToken);

        Assert.Equal((401, "invalid-token"), (replaced, problem.Value<string>("code")));
        Assert.Equal((200, "a-walk"), (newest, screen.Value<string>("activityId")));
        Assert.Equal((200, "a-other"), (untouched, otherScreen.Value<string>("activityId")));
    }

    [Fact]
    public async Task A_screen_link_of_a_deleted_activity_finds_no_activity()
    {
        var (app, token) = await StartAsync(azurite);
        await using var _ = app;

        var (deleted, _) = await app.SendAsync(HttpMethod.Delete, "/api/admin/activities/a-walk");
        var (status, problem) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", token);

        Assert.Equal(204, deleted);
        Assert.Equal((404, "activity-not-found"), (status, problem.Value<string>("code")));
    }
}
