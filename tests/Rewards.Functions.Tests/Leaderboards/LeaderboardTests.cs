using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Accounts;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Leaderboards;

[Collection(StorageCollection.Name)]
public sealed class LeaderboardTests(AzuriteFixture azurite)
{
    private static readonly object NoCaps = new { timeZone = "Asia/Shanghai", dailyCap = 0, actions = new { learning = new { dailyCap = 0 } } };

    internal static async Task LearnAsync(TestApp app, string worker, string content)
    {
        var (_, view) = await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views", worker);
        var (status, _) = await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views/{view.Value<string>("viewId")}/complete", worker);
        Assert.Equal(200, status);
    }

    internal static async Task<JArray> BoardAsync(TestApp app, string token, string board, string query = "period=all&limit=100")
    {
        var (status, body) = await app.SendAsync(HttpMethod.Get, $"/api/leaderboards/{board}?{query}", token);
        Assert.Equal(200, status);
        return (JArray)body["items"]!;
    }

    [Fact]
    public async Task Boards_rank_workers_and_units_by_points_and_participation()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: NoCaps);
        var a = await app.WorkerAsync("w-a", unit: "u1", name: "张伟");
        var b = await app.WorkerAsync("w-b", unit: "u1", name: "王芳");
        var c = await app.WorkerAsync("w-c", unit: "u2", name: "李娜");
        await app.WorkerAsync("w-d", unit: "u2", name: "刘洋");
        await app.ContentAsync("c-1", 5, 0);
        await app.ContentAsync("c-2", 3, 0);
        await LearnAsync(app, a, "c-1");
        await LearnAsync(app, a, "c-2");
        await LearnAsync(app, b, "c-2");
        await LearnAsync(app, c, "c-1");

        await TestApp.EventuallyAsync(async () => (await BoardAsync(app, a, "individual")).Sum(i => i.Value<long>("points")) == 16, "every award on the board");
        var people = await BoardAsync(app, a, "individual");
        var units = await BoardAsync(app, a, "units");
        var rates = await BoardAsync(app, a, "units", "period=all&by=participation");
        var week = await BoardAsync(app, a, "individual", "period=week");

        Assert.Equal(["张伟:8:1", "李娜:5:2", "王芳:3:3"], people.Select(i => $"{i.Value<string>("displayName")}:{i.Value<long>("points")}:{i.Value<int>("rank")}"));
        Assert.Equal(["u1:11", "u2:5"], units.Select(i => $"{i.Value<string>("id")}:{i.Value<long>("points")}"));
        Assert.Equal(["u1:10000:2/2", "u2:5000:1/2"], rates.Select(i => $"{i.Value<string>("id")}:{i.Value<long>("points")}:{i.Value<int>("active")}/{i.Value<int>("members")}"));
        Assert.Equal(3, week.Count);
    }

    [Fact]
    public async Task A_replayed_ledger_event_changes_no_board_or_badge_twice()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var a = await app.WorkerAsync("w-a", unit: "u1");
        await app.ContentAsync("c-1", 5, 0);
        await LearnAsync(app, a, "c-1");
        await TestApp.EventuallyAsync(async () => (await BoardAsync(app, a, "individual")).Count == 1, "projected");
        var (_, meBefore) = await app.SendAsync(HttpMethod.Get, "/api/me", a);
        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-ledger-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var replay = new LedgerEvent("t-replay", "w-a", "u1", 1, 5, "learning", "学习", "content:c-1", 5, 0, 5, default, "2026-11-28");

        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync(Rewards.Functions.Json.Serialize(replay));
        }

        await app.IdleAsync(Rewards.Functions.Storage.StorageNames.LedgerEvents);
        var (_, meAfter) = await app.SendAsync(HttpMethod.Get, "/api/me", a);
        Assert.Equal(5, (await BoardAsync(app, a, "individual"))[0]!.Value<long>("points"));
        Assert.Equal(5, (await BoardAsync(app, a, "units"))[0]!.Value<long>("points"));
        Assert.Equal(meBefore["badges"]!.ToString(), meAfter["badges"]!.ToString());
    }

    [Fact]
    public async Task An_event_for_lines_that_do_not_exist_changes_nothing_and_ends()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var a = await app.WorkerAsync("w-a", unit: "u1");
        await app.ContentAsync("c-1", 5, 0);
        await LearnAsync(app, a, "c-1");
        await TestApp.EventuallyAsync(async () => (await BoardAsync(app, a, "individual")).Count == 1, "projected");

        await app.Service<Projector>().ApplyAsync(new LedgerEvent("t-ghost", "w-a", "u1", 500, 5, "learning", "?", "?", 5, 0, 5, default, "2026-11-28"), CancellationToken.None);

        Assert.Equal(5, (await BoardAsync(app, a, "individual"))[0]!.Value<long>("points"));
    }

    [Fact]
    public async Task A_top_100_read_of_a_board_of_1200_is_one_storage_call()
    {
        // No timer may touch storage while the calls are counted.
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.WithoutTimers());
        var table = app.Service<Azure.Data.Tables.TableServiceClient>().GetTableClient(app.Service<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Table(StorageNames.Leaderboards));
        await Parallel.ForEachAsync(Enumerable.Range(0, 1200).Chunk(100), async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(i => new Azure.Data.Tables.TableTransactionAction(
                Azure.Data.Tables.TableTransactionActionType.UpsertReplace,
                new Azure.Data.Tables.TableEntity(LeaderboardsTable.Partition, LeaderboardsTable.Individual(Rewards.Domain.Progress.Periods.All, 10 + (i * 7919 % 1200), $"w-{i:D4}"))
                {
                    ["Points"] = (long)(10 + (i * 7919 % 1200)), ["DisplayName"] = "职工", ["UnitId"] = $"u{i % 20}",
                })), ct));
        var queries = app.Service<LeaderboardQueries>();
        var counter = app.Service<StorageCallCounter>();
        await queries.TopAsync("individual", "week", null, "points", 100, CancellationToken.None); // reads and caches the rules

        var before = counter.Calls;
        var top = await queries.TopAsync("individual", "all", null, "points", 100, CancellationToken.None);
        var calls = counter.Calls - before;

        Assert.Equal(1, calls);
        var points = top.Value!.Items.Select(i => i.Points).ToList();
        Assert.Equal(100, points.Count);
        Assert.Equal(1209L, points[0]);
        Assert.Equal(points.OrderByDescending(p => p), points);
    }

    [Fact]
    public async Task A_worker_who_opts_out_shows_as_anonymous()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var a = await app.WorkerAsync("w-a", unit: "u1", name: "张伟");
        await app.ContentAsync("c-1", 5, 0);
        await LearnAsync(app, a, "c-1");
        await TestApp.EventuallyAsync(async () => (await BoardAsync(app, a, "individual")).Count == 1, "projected");

        var (status, _) = await app.SendAsync(HttpMethod.Put, "/api/me/preferences", a, new { anonymousOnBoards = true });
        var entry = (await BoardAsync(app, a, "individual"))[0]!;

        Assert.Equal(200, status);
        Assert.Equal(("匿名", "", 5L), (entry.Value<string>("displayName"), entry.Value<string>("id"), entry.Value<long>("points")));
    }

    [Fact]
    public async Task Badges_and_streaks_show_on_me()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var a = await app.WorkerAsync("w-a");
        for (var d = 0; d < 7; d++)
        {
            await app.ContentAsync($"c-{d}", 15, 0);
            await LearnAsync(app, a, $"c-{d}");
            clock.Advance(TimeSpan.FromDays(1));
        }

        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, "/api/me", a)).Body["badges"]!.Count() == 2, "two badges");
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", a);

        Assert.Equal(["learning-streak-7", "lifetime-100"], me["badges"]!.Select(b => b.Value<string>("code")));
        Assert.Equal("连续学习7天", me["badges"]![0]!.Value<string>("name"));
        Assert.Equal((7, 7), (me["streak"]!.Value<int>("current"), me["streak"]!.Value<int>("learning")));
    }

    [Theory]
    [InlineData("teams", "period=all")]
    [InlineData("individual", "period=year")]
    [InlineData("individual", "period=campaign&campaignId=nope")]
    [InlineData("individual", "period=all&by=participation")]
    [InlineData("individual", "period=all&limit=1000")]
    public async Task A_bad_board_query_is_a_400(string board, string query)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var a = await app.WorkerAsync("w-a");

        var (status, problem) = await app.SendAsync(HttpMethod.Get, $"/api/leaderboards/{board}?{query}", a);

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
    }
}
