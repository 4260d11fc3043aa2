using Azure.Storage.Queues;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Accounts;
using Rewards.Functions.Admin;
using Rewards.Functions.Leaderboards;
using Rewards.Functions.Overview;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Hazards;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Tests.Leaderboards;

namespace Rewards.Functions.Tests.Overview;

[Collection(StorageCollection.Name)]
public sealed class OverviewTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly string[] Workers = ["w-a", "w-b", "w-c", "w-d"];
    private static readonly string[] Earning = ["learning", "quiz", "share", "hazard", "competition"];

    /// <summary>The JSON of a GET without Newtonsoft's date guessing, so times keep their offset as sent.</summary>
    private static async Task<JObject> GetAsync(TestApp app, string path)
    {
        using var request = app.Request(HttpMethod.Get, path);
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonConvert.DeserializeObject<JObject>(await response.Content.ReadAsStringAsync(), new JsonSerializerSettings { DateParseHandling = DateParseHandling.None })!;
    }

    /// <summary>Every ledger line of every worker, through the admin API: (worker, local day, kind, amount).</summary>
    private static async Task<List<(string Worker, string Day, string Kind, long Amount)>> LedgerAsync(TestApp app)
    {
        var lines = new List<(string, string, string, long)>();
        foreach (var worker in Workers)
        {
            var page = await GetAsync(app, $"/api/admin/workers/{worker}/ledger?limit=100");
            lines.AddRange(page["items"]!.Select(i => (worker, DateTimeOffset.Parse(i.Value<string>("at")!, System.Globalization.CultureInfo.InvariantCulture).ToOffset(Shanghai).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), i.Value<string>("kind")!, i.Value<long>("amount"))));
        }

        return lines;
    }

    private static Dictionary<string, long> PointsByKind(JToken? points) =>
        (points as JObject)?.Properties().Where(p => p.Value.Value<long>() != 0).ToDictionary(p => p.Name, p => p.Value.Value<long>()) ?? [];

    private static string Show(Dictionary<string, long> d) => string.Join(",", d.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static async Task<(TestApp App, FakeTimeProvider Clock, Dictionary<string, string> Tokens)> WorkloadAsync(AzuriteFixture azurite)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Shanghai));
        var app = await TestApp.StartAsync(azurite, clock);
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: new { timeZone = "Asia/Shanghai", dailyCap = 0, actions = new { learning = new { dailyCap = 0 } } });
        var tokens = new Dictionary<string, string>
        {
            ["w-a"] = await app.WorkerAsync("w-a", unit: "u1", name: "张伟"),
            ["w-b"] = await app.WorkerAsync("w-b", unit: "u1", name: "王芳"),
            ["w-c"] = await app.WorkerAsync("w-c", unit: "u2", name: "李娜"),
            ["w-d"] = await app.WorkerAsync("w-d", unit: "u2", name: "刘洋"),
        };
        await app.ContentAsync("c-1", 5, 0);
        await app.ContentAsync("c-2", 3, 0);
        await app.ContentAsync("c-3", 4, 0);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-001", name = "大兴职工服务社", acceptanceDays = 3 });
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = 5, partnerId = "p-001" })).Status);

        // Day one: learning in both units, an adjustment, a redemption and an accepted hazard.
        await LeaderboardTests.LearnAsync(app, tokens["w-a"], "c-1");
        await LeaderboardTests.LearnAsync(app, tokens["w-a"], "c-2");
        await LeaderboardTests.LearnAsync(app, tokens["w-b"], "c-1");
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-c", amount = 20, reason = "补发" }, idempotencyKey: "fund-c")).Status);
        Assert.Equal(202, (await app.SendAsync(HttpMethod.Post, "/api/redemptions", tokens["w-c"], new { rewardId = "r-001", quantity = 1, delivery = new { name = "李娜", phone = "13800000000", address = "大兴区" } }, "redeem-c")).Status);
        var (sent, report) = await Hazards.Hazards.SubmitAsync(app, tokens["w-c"], TestPhotos.Jpeg(640, 480));
        Assert.Equal(202, sent);
        await Hazards.Hazards.ProcessedAsync(app, report.Value<string>("id")!, "u2");
        Assert.Equal(200, (await Hazards.Hazards.ReviewAsync(app, report.Value<string>("id")!, new { decision = "accept", severity = "general" })).Status);

        // Day two: learning, a share credited by a colleague, a negative adjustment.
        clock.Advance(TimeSpan.FromDays(1));
        await LeaderboardTests.LearnAsync(app, tokens["w-a"], "c-3");
        var (_, share) = await app.SendAsync(HttpMethod.Post, "/api/shares", tokens["w-c"], new { contentId = "c-1" });
        var (_, open) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{share.Value<string>("code")}/opens", tokens["w-b"]);
        Assert.True(open.Value<bool>("credited"));
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-a", amount = -2, reason = "更正" }, idempotencyKey: "fix-a")).Status);
        await app.IdleAsync();
        return (app, clock, tokens);
    }

    [Fact]
    public async Task The_overview_figures_equal_the_figures_computed_from_the_ledgers_and_the_directory()
    {
        var (app, _, _) = await WorkloadAsync(azurite);
        await using var _app = app;
        var lines = await LedgerAsync(app);
        var units = new Dictionary<string, string> { ["w-a"] = "u1", ["w-b"] = "u1", ["w-c"] = "u2", ["w-d"] = "u2" };
        string Expected(string day) => Show(lines.Where(l => l.Day == day && l.Amount != 0).GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount)));
        int Active(string day, string? unit = null) => lines.Where(l => l.Day == day && Earning.Contains(l.Kind) && l.Amount > 0 && (unit is null || units[l.Worker] == unit)).Select(l => l.Worker).Distinct().Count();
        string Seen(JObject o) => string.Join(";", o["days"]!.TakeLast(2).Select(d => $"{d.Value<string>("date")}:{Show(PointsByKind(d["points"]))}:{d.Value<int>("active")}"));
        var expected = string.Join(";", new[] { "2026-11-27", "2026-11-28" }.Select(d => $"{d}:{Expected(d)}:{Active(d)}"));

        JObject overview = [];
        await TestApp.EventuallyAsync(async () => Seen(overview = await GetAsync(app, "/api/admin/overview")) == expected, "the overview caught up with the ledger", state: () => Seen(overview) + " expected " + expected);

        // The figures of the workload, spelled out, so the expectation cannot be empty.
        Assert.Equal("2026-11-27:adjustment=20,hazard=5,learning=13:3;2026-11-28:adjustment=-2,learning=4,share=1:2", expected);
        Assert.Equal(("2026-11-28", "2026-11"), (overview.Value<string>("today"), overview.Value<string>("month")));
        Assert.Equal(30, overview["days"]!.Count());
        Assert.Equal(Expected("2026-11-28"), Show(PointsByKind(overview["todayFigures"]!["points"])));
        Assert.Equal(Active("2026-11-28"), overview["todayFigures"]!.Value<int>("active"));
        var month = lines.Where(l => l.Amount != 0).GroupBy(l => l.Kind).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        Assert.Equal(Show(month), Show(PointsByKind(overview["monthFigures"]!["points"])));
        Assert.Equal(lines.Where(l => Earning.Contains(l.Kind) && l.Amount > 0).Select(l => l.Worker).Distinct().Count(), overview["monthFigures"]!.Value<int>("active"));

        // Participation by unit: members from the directory, active from the ledger.
        foreach (var unit in new[] { "u1", "u2" })
        {
            var row = overview["units"]!.Single(u => u.Value<string>("id") == unit);
            var members = (await GetAsync(app, $"/api/admin/workers?unitId={unit}&limit=100"))["items"]!.Count();
            var activeMonth = lines.Where(l => units[l.Worker] == unit && Earning.Contains(l.Kind) && l.Amount > 0).Select(l => l.Worker).Distinct().Count();
            Assert.Equal((members, Active("2026-11-28", unit), activeMonth), (row.Value<int>("members"), row.Value<int>("activeToday"), row.Value<int>("activeMonth")));
            Assert.Equal(Math.Round((double)activeMonth / members, 4), row.Value<double>("rateMonth"));
        }

        // Redemptions and hazards, against the workers' redemptions and the hazard review list.
        var redemptions = (await GetAsync(app, "/api/admin/workers/w-c/redemptions"))["items"]!;
        var open = redemptions.Count(r => r.Value<string>("status") is "pending" or "reserved" or "accepted" or "shipped");
        Assert.Equal((redemptions.Count(), open), (overview["monthFigures"]!["redemptions"]!.Value<int>("requested"), overview["open"]!.Value<int>("redemptions")));
        var hazards = (await GetAsync(app, "/api/admin/hazards?limit=100"))["items"]!;
        Assert.Equal(hazards.Count(h => h.Value<string>("status") is "accepted" or "rectified"), overview["open"]!.Value<int>("hazards"));
        Assert.Equal(1, overview["open"]!.Value<int>("hazards"));
    }

    [Fact]
    public async Task A_redelivered_ledger_event_counts_nothing_twice_and_the_request_costs_a_handful_of_calls()
    {
        var (app, _, _) = await WorkloadAsync(azurite);
        await using var _app = app;
        var expected = "2026-11-28:adjustment=-2,learning=4,share=1:2";
        string Today(JObject o) => $"{o.Value<string>("today")}:{Show(PointsByKind(o["todayFigures"]!["points"]))}:{o["todayFigures"]!.Value<int>("active")}";
        JObject before = [];
        await TestApp.EventuallyAsync(async () => Today(before = await GetAsync(app, "/api/admin/overview")) == expected, "projected", state: () => Today(before));

        var queue = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-ledger-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var replay = new LedgerEvent("t-replay", "w-a", "u1", 4, 4, "learning", "学习", "content:c-3", 4, 0, 4, default, "2026-11-28");
        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync(Rewards.Functions.Json.Serialize(replay));
        }

        await app.Service<Projector>().ApplyAsync(replay with { Sequence = 5 }, CancellationToken.None);
        await app.IdleAsync(StorageNames.LedgerEvents);
        var after = await GetAsync(app, "/api/admin/overview");

        Assert.Equal(Today(before), Today(after));
        Assert.Equal(before["days"]!.ToString(), after["days"]!.ToString());
        Assert.Equal(before["units"]!.ToString(), after["units"]!.ToString());

        var counter = app.Service<StorageCallCounter>();
        var queries = app.Service<OverviewQueries>();
        await queries.GetAsync(CancellationToken.None); // warms the rules and units caches
        var calls = counter.Calls;
        await queries.GetAsync(CancellationToken.None);
        calls = counter.Calls - calls;

        // One range of overview rows, one of member counts, the last reconciliation, and one per poison queue.
        Assert.Equal(3 + PoisonQueues.Names.Count, calls);
    }
    [Fact]
    public async Task Members_of_one_unit_earning_at_once_are_each_counted_once()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock);
        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: new { timeZone = "Asia/Shanghai", dailyCap = 0, actions = new { learning = new { dailyCap = 0 } } });
        var tokens = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            tokens.Add(await app.WorkerAsync($"w-{i:D2}", unit: "u1"));
        }

        await app.ContentAsync("c-1", 5, 0);
        await app.ContentAsync("c-2", 3, 0);

        // Every projection of these lines changes the same unit's month row: they race on its ETag and retry.
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (token, _) =>
        {
            await LeaderboardTests.LearnAsync(app, token, "c-1");
            await LeaderboardTests.LearnAsync(app, token, "c-2");
        });
        JObject seen = [];
        await TestApp.EventuallyAsync(async () => (seen = await GetAsync(app, "/api/admin/overview"))["todayFigures"]!["points"]!.Value<long?>("learning") >= 16 * 8, "every line projected", state: () => seen["todayFigures"]!.ToString(Formatting.None) + seen["poisonQueues"]!.ToString(Formatting.None));
        await app.IdleAsync(StorageNames.LedgerEvents);
        var overview = await GetAsync(app, "/api/admin/overview");
        var unit = overview["units"]!.Single(u => u.Value<string>("id") == "u1");

        Assert.Equal((16 * 8L, 16), (overview["todayFigures"]!["points"]!.Value<long>("learning"), overview["todayFigures"]!.Value<int>("active")));
        Assert.Equal((16 * 8L, 16), (overview["monthFigures"]!["points"]!.Value<long>("learning"), overview["monthFigures"]!.Value<int>("active")));
        Assert.Equal((16, 16, 1.0), (unit.Value<int>("members"), unit.Value<int>("activeToday"), unit.Value<double>("rateToday")));
    }
}
