using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Sharing;

[Collection(StorageCollection.Name)]
public sealed class SharingTests(AzuriteFixture azurite)
{
    private static async Task<(TestApp App, string Sharer, string Code)> ShareAsync(AzuriteFixture azurite)
    {
        var app = await TestApp.StartAsync(azurite);
        var sharer = await app.WorkerAsync("w-0", name: "张伟");
        await app.ContentAsync("c-1", 5, 0, title: "心肺复苏");
        var (status, share) = await app.SendAsync(HttpMethod.Post, "/api/shares", sharer, new { contentId = "c-1" });
        Assert.Equal(201, status);
        return (app, sharer, share.Value<string>("code")!);
    }

    [Fact]
    public async Task Five_distinct_colleagues_with_a_cap_of_three_credit_three()
    {
        var (app, sharer, code) = await ShareAsync(azurite);
        await using var _ = app;
        var openers = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            openers.Add(await app.WorkerAsync($"w-{i}"));
        }

        var results = new List<bool>();
        foreach (var opener in openers)
        {
            var (status, open) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", opener);
            Assert.Equal(200, status);
            results.Add(open.Value<bool>("credited"));
        }

        Assert.Equal([true, true, true, false, false], results);
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", sharer);
        Assert.Equal(3, me.Value<long>("balance"));
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", sharer);
        Assert.All(ledger["items"]!, l => Assert.Equal("分享《心肺复苏》被同事打开", l.Value<string>("reason")));
    }

    [Fact]
    public async Task A_pair_of_colleagues_credits_once_a_local_week_whatever_the_code()
    {
        // Sunday evening in Shanghai: the next local week starts in two hours.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 22, 0, 0, TimeSpan.FromHours(8)));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.Settings["AzureWebJobs:SweepOutbox:Disabled"] = "true");
        var sharer = await app.WorkerAsync("w-0");
        var opener = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", 5, 0);
        await app.ContentAsync("c-2", 5, 0);

        async Task<bool> FreshCodeOpenedAsync(string content)
        {
            var (_, share) = await app.SendAsync(HttpMethod.Post, "/api/shares", sharer, new { contentId = content });
            var (_, open) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{share.Value<string>("code")}/opens", opener);
            return open.Value<bool>("credited");
        }

        var thisWeek = new[] { await FreshCodeOpenedAsync("c-1"), await FreshCodeOpenedAsync("c-2"), await FreshCodeOpenedAsync("c-1") };
        clock.Advance(TimeSpan.FromHours(3));
        var nextWeek = new[] { await FreshCodeOpenedAsync("c-2"), await FreshCodeOpenedAsync("c-1") };

        Assert.Equal([true, false, false], thisWeek);
        Assert.Equal([true, false], nextWeek);
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", sharer);
        Assert.Equal(2, me.Value<long>("balance"));
    }

    [Fact]
    public async Task The_share_page_shows_an_anonymous_sharer_as_anonymous()
    {
        var (app, sharer, code) = await ShareAsync(azurite);
        await using var _ = app;

        var (_, before) = await app.SendAsync(HttpMethod.Get, $"/api/shares/{code}", bearer: null);
        await app.SendAsync(HttpMethod.Put, "/api/me/preferences", sharer, new { anonymousOnBoards = true });
        var (_, after) = await app.SendAsync(HttpMethod.Get, $"/api/shares/{code}", bearer: null);

        Assert.Equal("张伟", before.Value<string>("sharedBy"));
        Assert.Equal("匿名", after.Value<string>("sharedBy"));
        Assert.DoesNotContain("张伟", after.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_ones_own_share_credits_nothing()
    {
        var (app, sharer, code) = await ShareAsync(azurite);
        await using var _ = app;

        var (status, open) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", sharer);

        Assert.Equal((200, false, "self"), (status, open.Value<bool>("credited"), open.Value<string>("reason")));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", sharer);
        Assert.Equal(0, me.Value<long>("balance"));
    }

    [Fact]
    public async Task One_colleague_opening_many_times_in_parallel_credits_once()
    {
        var (app, sharer, code) = await ShareAsync(azurite);
        await using var _ = app;
        var opener = await app.WorkerAsync("w-1");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", opener)));

        Assert.Single(results, r => r.Body.Value<bool>("credited"));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", sharer);
        Assert.Equal(1, me.Value<long>("balance"));
    }

    [Fact]
    public async Task Anonymous_opens_are_counted_and_earn_nothing()
    {
        var (app, sharer, code) = await ShareAsync(azurite);
        await using var _ = app;

        var (status, open) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", bearer: null);
        await app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", bearer: null);
        var share = await app.Service<Rewards.Functions.Sharing.SharesTable>().FindAsync(code, CancellationToken.None);

        Assert.Equal((200, false), (status, open.Value<bool>("credited")));
        Assert.Equal(2, share!.AnonymousOpens);
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", sharer);
        Assert.Equal(0, me.Value<long>("balance"));
    }

    [Fact]
    public async Task Unknown_shares_content_and_revoked_openers_are_refused()
    {
        var (app, sharer, code) = await ShareAsync(azurite);
        await using var _ = app;
        var opener = await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-1/link", json: new { revokePrevious = true });

        var unknown = await app.SendAsync(HttpMethod.Post, "/api/shares/nope/opens", opener);
        var noContent = await app.SendAsync(HttpMethod.Post, "/api/shares", sharer, new { contentId = "c-404" });
        var revoked = await app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", opener);
        var (shown, view) = await app.SendAsync(HttpMethod.Get, $"/api/shares/{code}", bearer: null);

        Assert.Equal((404, "share-not-found"), (unknown.Status, unknown.Body.Value<string>("code")));
        Assert.Equal((404, "content-not-found"), (noContent.Status, noContent.Body.Value<string>("code")));
        Assert.Equal((401, "invalid-token"), (revoked.Status, revoked.Body.Value<string>("code")));
        Assert.Equal((200, "心肺复苏", "张伟"), (shown, view.Value<string>("title"), view.Value<string>("sharedBy")));
    }
}
