using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Campaigns;

[Collection(StorageCollection.Name)]
public sealed class CampaignTests(AzuriteFixture azurite)
{
    private static readonly object HealthDay = new { id = "525", name = "5·25 职工健康日", startsAt = "2026-05-25T00:00:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "learning", "quiz" }, multiplier = 2 };

    private static async Task<Newtonsoft.Json.Linq.JObject> LearnAsync(TestApp app, string worker, string content)
    {
        var (_, view) = await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views", worker);
        return (await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views/{view.Value<string>("viewId")}/complete", worker)).Body;
    }

    [Fact]
    public async Task Points_are_doubled_on_the_health_day_and_the_ledger_names_the_campaign()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 24, 23, 59, 0, TimeSpan.FromHours(8)));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", points: 5, minSeconds: 0, title: "心肺复苏");
        await app.ContentAsync("c-2", points: 5, minSeconds: 0, title: "灭火器");
        var (created, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/campaigns", json: HealthDay);

        var before = await LearnAsync(app, worker, "c-1");
        clock.Advance(TimeSpan.FromMinutes(2));
        var during = await LearnAsync(app, worker, "c-2");

        Assert.Equal(201, created);
        Assert.Equal(5, before.Value<long>("awarded"));
        Assert.Equal(10, during.Value<long>("awarded"));
        Assert.Equal("学习《灭火器》（5·25 职工健康日 ×2）", during.Value<string>("reason"));
    }

    public static TheoryData<object, string> BadCampaigns => new()
    {
        { new { id = "c", name = "x", startsAt = "2026-05-25T00:00:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "learning" }, multiplier = -2 }, "multiplier" },
        { new { id = "c", name = "x", startsAt = "2026-05-26T00:00:00", endsAt = "2026-05-25T00:00:00", actions = new[] { "learning" }, multiplier = 2 }, "endsAt" },
        { new { id = "c", name = "x", startsAt = "2026-05-25T00:00:00+08:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "learning" }, multiplier = 2 }, "startsAt" },
        { new { id = "c", name = "x", startsAt = "2026-05-25T00:00:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "sleeping" }, multiplier = 2 }, "actions" },
        { new { id = "c", name = "x", startsAt = "2026-05-25T00:00:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "learning" }, multiplier = "2" }, "multiplier" },
    };

    [Theory]
    [MemberData(nameof(BadCampaigns))]
    public async Task A_bad_campaign_is_refused_with_the_field_and_nothing_is_stored(object campaign, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/campaigns", json: campaign);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/campaigns");

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty(list["items"]!);
    }
}
