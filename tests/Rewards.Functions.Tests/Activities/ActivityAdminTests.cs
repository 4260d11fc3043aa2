using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

[Collection(StorageCollection.Name)]
public sealed class ActivityAdminTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_activity_is_created_read_changed_listed_and_deleted()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());

        var (created, body) = await ActivityApi.RawAsync(app, HttpMethod.Post, "/api/admin/activities", ActivityApi.Walk(capacity: 20, unitIds: ["unit-a", "unit-b"]));
        var (again, duplicate) = await app.SendAsync(HttpMethod.Post, "/api/admin/activities", json: ActivityApi.Walk());
        var (changed, after) = await app.SendAsync(HttpMethod.Put, "/api/admin/activities/a-walk", json: ActivityApi.Walk(points: 15, capacity: 30, title: "健步走（改）"));
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities");
        var (deleted, _) = await app.SendAsync(HttpMethod.Delete, "/api/admin/activities/a-walk");
        var (gone, missing) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities/a-walk");

        Assert.Equal(201, created);
        Assert.Equal(("walk", "健步走", 20, 0), (body.Value<string>("kind"), body.Value<string>("kindName"), body.Value<int>("capacity"), body.Value<int>("checkedIn")));
        Assert.Equal(["unit-a", "unit-b"], body["unitIds"]!.Values<string>());
        Assert.Equal("2026-05-25T07:30:00", body.Value<string>("checkInOpensAt"));
        Assert.Equal((409, "already-exists"), (again, duplicate.Value<string>("code")));
        Assert.Equal((200, 15, 30, "健步走（改）"), (changed, after.Value<int>("points"), after.Value<int>("capacity"), after.Value<string>("title")));
        Assert.Equal("a-walk", Assert.Single(list["items"]!).Value<string>("id"));
        Assert.Equal(204, deleted);
        Assert.Equal((404, "activity-not-found"), (gone, missing.Value<string>("code")));
    }

    public static TheoryData<object, string> BadActivities => new()
    {
        { new { id = "a", title = "x", kind = "dancing", startsAt = "2026-05-25T08:00:00", endsAt = "2026-05-25T09:00:00", checkInOpensAt = "2026-05-25T08:00:00", checkInClosesAt = "2026-05-25T09:00:00", points = 5 }, "kind" },
        { new { id = "a", title = "x", kind = "walk", startsAt = "2026-05-25T08:00:00", endsAt = "2026-05-25T07:00:00", checkInOpensAt = "2026-05-25T08:00:00", checkInClosesAt = "2026-05-25T09:00:00", points = 5 }, "endsAt" },
        { new { id = "a", title = "x", kind = "walk", startsAt = "2026-05-25T08:00:00", endsAt = "2026-05-25T09:00:00", checkInOpensAt = "2026-05-25T09:00:00", checkInClosesAt = "2026-05-25T08:00:00", points = 5 }, "checkInClosesAt" },
        { new { id = "a", title = "x", kind = "walk", startsAt = "2026-05-25T08:00:00+08:00", endsAt = "2026-05-25T09:00:00", checkInOpensAt = "2026-05-25T08:00:00", checkInClosesAt = "2026-05-25T09:00:00", points = 5 }, "startsAt" },
        { new { id = "a", title = "x", kind = "walk", startsAt = "2026-05-25T08:00:00", endsAt = "2026-05-25T09:00:00", checkInOpensAt = "2026-05-25T08:00:00", checkInClosesAt = "2026-05-25T09:00:00", points = -1 }, "points" },
        { new { id = "a", title = "x", kind = "walk", startsAt = "2026-05-25T08:00:00", endsAt = "2026-05-25T09:00:00", checkInOpensAt = "2026-05-25T08:00:00", checkInClosesAt = "2026-05-25T09:00:00", points = 5, capacity = 0 }, "capacity" },
        { new { id = "a", title = "x", kind = "walk", startsAt = "2026-05-25T08:00:00", endsAt = "2026-05-25T09:00:00", checkInOpensAt = "2026-05-25T08:00:00", checkInClosesAt = "2026-05-25T09:00:00", points = "5" }, "points" },
        { new { id = "a", title = "x", kind = "walk", unitIds = new[] { "bad/unit" }, startsAt = "2026-05-25T08:00:00", endsAt = "2026-05-25T09:00:00", checkInOpensAt = "2026-05-25T08:00:00", checkInClosesAt = "2026-05-25T09:00:00", points = 5 }, "unitIds" },
    };

    [Theory]
    [MemberData(nameof(BadActivities))]
    public async Task A_bad_activity_is_refused_with_the_field_and_nothing_is_stored(object activity, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/activities", json: activity);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities");

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty(list["items"]!);
    }

    [Fact]
    public async Task An_activity_with_check_ins_keeps_its_places_and_stays()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var tokens = await ActivityApi.WorkersAsync(app, 3);
        await ActivityApi.CreateAsync(app, ActivityApi.Walk(capacity: 5));
        var code = await ActivityApi.CodeAsync(app, "a-walk");
        foreach (var token in tokens)
        {
            Assert.Equal(201, (await ActivityApi.CheckInAsync(app, token, "a-walk", code)).Status);
        }

        var (tooSmall, problem) = await app.SendAsync(HttpMethod.Put, "/api/admin/activities/a-walk", json: ActivityApi.Walk(capacity: 2));
        var (exact, _) = await app.SendAsync(HttpMethod.Put, "/api/admin/activities/a-walk", json: ActivityApi.Walk(capacity: 3));
        var extra = (await ActivityApi.WorkersAsync(app, 1, prefix: "x"))[0];
        var full = await ActivityApi.CheckInAsync(app, extra, "a-walk", code);
        var (deleted, kept) = await app.SendAsync(HttpMethod.Delete, "/api/admin/activities/a-walk");

        Assert.Equal((409, "capacity-below-checked-in"), (tooSmall, problem.Value<string>("code")));
        Assert.Equal(200, exact);
        Assert.Equal((409, "activity-full"), (full.Status, full.Body.Value<string>("code")));
        Assert.Equal((409, "activity-has-check-ins"), (deleted, kept.Value<string>("code")));
    }

    [Fact]
    public async Task Workers_cannot_use_the_admin_routes_and_admins_cannot_check_in()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk());

        Assert.Equal(403, (await app.SendAsync(HttpMethod.Get, "/api/admin/activities/a-walk/checkin-code", worker)).Status);
        Assert.Equal(403, (await app.SendAsync(HttpMethod.Post, "/api/admin/activities", worker, ActivityApi.Walk("a-2"))).Status);
        Assert.Equal(403, (await app.SendAsync(HttpMethod.Get, "/api/admin/reports/activities", worker)).Status);
        Assert.Equal(401, (await app.SendAsync(HttpMethod.Get, "/api/admin/activities/a-walk/checkin-code", bearer: null)).Status);
        Assert.Equal(403, (await ActivityApi.CheckInAsync(app, TestApp.AdminKey, "a-walk", "000000")).Status);
        Assert.Equal(404, (await ActivityApi.CheckInAsync(app, worker, "no-such", "000000")).Status);
    }

    [Fact]
    public async Task Rules_name_activity_only_through_campaigns()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: new { timeZone = "Asia/Shanghai", dailyCap = 50, actions = new { activity = new { dailyCap = 20 } } });

        Assert.Equal(400, status);
        Assert.NotNull(problem["errors"]!["actions.activity"]);
    }
}
