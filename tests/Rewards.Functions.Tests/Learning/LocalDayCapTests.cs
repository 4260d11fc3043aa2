using Microsoft.Extensions.Time.Testing;
using Rewards.Domain;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Learning;

[Collection(StorageCollection.Name)]
public sealed class LocalDayCapTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static async Task<(int Status, Newtonsoft.Json.Linq.JObject Body)> LearnAsync(TestApp app, string worker, string contentId)
    {
        var (_, view) = await app.SendAsync(HttpMethod.Post, $"/api/content/{contentId}/views", worker);
        return await app.SendAsync(HttpMethod.Post, $"/api/content/{contentId}/views/{view.Value<string>("viewId")}/complete", worker);
    }

    [Fact]
    public async Task Awards_at_2359_and_0001_Shanghai_fall_on_different_days()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 24, 23, 59, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", points: 20, minSeconds: 0);
        await app.ContentAsync("c-2", points: 5, minSeconds: 0);
        await app.ContentAsync("c-3", points: 5, minSeconds: 0);

        var first = await LearnAsync(app, worker, "c-1");
        var capped = await LearnAsync(app, worker, "c-2");
        clock.SetUtcNow(new DateTimeOffset(2026, 5, 25, 0, 1, 0, Shanghai));
        var nextDay = await LearnAsync(app, worker, "c-3");

        Assert.Equal(20, first.Body.Value<long>("awarded"));
        Assert.Equal((409, RefusalCodes.DailyCapReached), (capped.Status, capped.Body.Value<string>("code")));
        Assert.Equal((200, 5L), (nextDay.Status, nextDay.Body.Value<long>("awarded")));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        Assert.Equal("2026-05-25", me["today"]!.Value<string>("day"));
        Assert.Equal(5, me["today"]!["actions"]!["learning"]!.Value<long>("earned"));
    }

    [Fact]
    public async Task An_award_that_would_cross_the_cap_pays_up_to_it_and_says_so()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 24, 10, 0, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", points: 18, minSeconds: 0);
        await app.ContentAsync("c-2", points: 5, minSeconds: 0, title: "灭火器使用");

        await LearnAsync(app, worker, "c-1");
        var (status, body) = await LearnAsync(app, worker, "c-2");

        Assert.Equal(200, status);
        Assert.Equal(2, body.Value<long>("awarded"));
        Assert.Contains("上限", body.Value<string>("reason"), StringComparison.Ordinal);
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", worker);
        Assert.Contains("上限", ledger["items"]![0]!.Value<string>("reason"), StringComparison.Ordinal);
    }
}
