using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Redemptions;

/// <summary>GET /api/admin/orders: every partner's orders, overdue ones (past the acceptance deadline, still unaccepted) first.</summary>
[Collection(StorageCollection.Name)]
public sealed class AdminOrdersTests(AzuriteFixture azurite)
{
    /// <summary>Counts only the calls to the Orders and Partners tables, so the queue listeners' polling does not blur the figure.</summary>
    private sealed class OrderTableCalls(StorageOptions storage) : HttpPipelineSynchronousPolicy
    {
        private readonly string[] _tables = [$"/{storage.Table(StorageNames.Orders)}", $"/{storage.Table(StorageNames.Partners)}"];

        private long _calls;

        public long Calls => Interlocked.Read(ref _calls);

        public override void OnSendingRequest(HttpMessage message)
        {
            var path = message.Request.Uri.Path;
            if (_tables.Any(t => path.Contains(t, StringComparison.OrdinalIgnoreCase)))
            {
                Interlocked.Increment(ref _calls);
            }
        }
    }

    private sealed record Seeded(TestApp App, Dictionary<string, string> Ids);

    /// <summary>
    /// Partner p-a accepts within 3 days, p-b within 10. a1 (5 days old, reserved) and b2 (11 days, reserved) are overdue;
    /// a2 (1 day, reserved), a3 (6 days, accepted) and b1 (5 days, reserved, but p-b has 10 days) are not.
    /// </summary>
    private static async Task<Seeded> SeedAsync(AzuriteFixture azurite, Action<Rewards.DevHost.Hosting.DevHostOptions>? configure = null)
    {
        var app = await TestApp.StartAsync(azurite, configure: configure);
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-a", name = "大兴区职工服务社", acceptanceDays = 3 })).Status);
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-b", name = "黄村劳保用品店", acceptanceDays = 10 })).Status);
        var orders = app.Service<OrdersTable>();
        var now = TimeProvider.System.GetUtcNow();
        var ids = new Dictionary<string, string>();
        foreach (var (name, partner, ageDays, status) in new[] { ("a3", "p-a", 6, "accepted"), ("a1", "p-a", 5, "reserved"), ("a2", "p-a", 1, "reserved"), ("b2", "p-b", 11, "reserved"), ("b1", "p-b", 5, "reserved") })
        {
            var at = now.AddDays(-ageDays);
            var id = RowKeys.NewId(at);
            await orders.AddAsync(new RedemptionMessage(id, "w-1", "r-001", "家庭急救包", partner, 1, 10, "{\"name\":\"张伟\"}"), at, CancellationToken.None);
            if (status != "reserved")
            {
                await orders.MoveAsync((await orders.FindAsync(partner, id, CancellationToken.None))!, new Dictionary<string, object?> { ["Status"] = status }, at, CancellationToken.None);
            }

            ids[name] = id;
        }

        return new Seeded(app, ids);
    }

    private static async Task<List<JObject>> AllAsync(TestApp app, string query)
    {
        var items = new List<JObject>();
        string? cursor = null;
        do
        {
            var (status, page) = await app.SendAsync(HttpMethod.Get, $"/api/admin/orders?{query}{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(200, status);
            items.AddRange(page["items"]!.Children<JObject>());
            cursor = page.Value<string>("nextCursor");
        }
        while (cursor is not null);
        return items;
    }

    private static string Names(Seeded s, IEnumerable<JObject> items) =>
        string.Join(",", items.Select(i => s.Ids.Single(p => p.Value == i.Value<string>("id")).Key + (i.Value<bool>("overdue") ? "!" : "")));

    [Fact]
    public async Task Overdue_orders_come_first_and_are_marked_then_the_rest_by_partner_oldest_first()
    {
        var s = await SeedAsync(azurite);
        await using var _ = s.App;

        var items = await AllAsync(s.App, "limit=50");

        Assert.Equal("a1!,b2!,a3,a2,b1", Names(s, items));
        var first = items[0];
        Assert.Equal(("p-a", "大兴区职工服务社", "reserved", "张伟"), (first.Value<string>("partnerId"), first.Value<string>("partnerName"), first.Value<string>("status"), first["recipient"]!.Value<string>("name")));
        Assert.True(first.Value<DateTime>("acceptBy").ToUniversalTime() < TimeProvider.System.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Status_and_partner_filter_the_list_and_keep_the_overdue_ones_first()
    {
        var s = await SeedAsync(azurite);
        await using var _ = s.App;

        Assert.Equal("a1!,b2!,a2,b1", Names(s, await AllAsync(s.App, "status=reserved")));
        Assert.Equal("a3", Names(s, await AllAsync(s.App, "status=accepted")));
        Assert.Equal("b2!,b1", Names(s, await AllAsync(s.App, "partnerId=p-b")));
        Assert.Equal("a1!,a2", Names(s, await AllAsync(s.App, "partnerId=p-a&status=reserved")));
        Assert.Equal("", Names(s, await AllAsync(s.App, "status=delivered")));
        Assert.Equal("", Names(s, await AllAsync(s.App, "partnerId=p-none")));
    }

    [Fact]
    public async Task Pages_of_two_walk_the_same_list_once_each_with_a_bounded_number_of_storage_calls()
    {
        OrderTableCalls? calls = null;
        var s = await SeedAsync(azurite, o => o.ConfigureServices = services =>
            services.AddSingleton<HttpPipelinePolicy>(p => calls = new OrderTableCalls(p.GetRequiredService<IOptions<StorageOptions>>().Value)));
        await using var _ = s.App;
        var pages = new List<(int Items, long Calls)>();
        var items = new List<JObject>();
        string? cursor = null;

        do
        {
            var before = calls!.Calls;
            var (status, page) = await s.App.SendAsync(HttpMethod.Get, $"/api/admin/orders?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(200, status);
            pages.Add((page["items"]!.Count(), calls.Calls - before));
            items.AddRange(page["items"]!.Children<JObject>());
            cursor = page.Value<string>("nextCursor");
        }
        while (cursor is not null && pages.Count < 20);

        Assert.Equal("a1!,b2!,a3,a2,b1", Names(s, items));
        Assert.All(pages, p => Assert.InRange(p.Items, 0, 2));
        Assert.All(pages, p => Assert.InRange(p.Calls, 1, 1 + AdminOrders.MaxQueriesPerPage));
        Console.WriteLine($"admin orders, limit 2: {pages.Count} pages, storage calls per page {string.Join(" ", pages.Select(p => p.Calls))}");
    }

    [Fact]
    public async Task A_page_that_finds_nothing_within_its_query_budget_comes_back_short_with_a_cursor_that_goes_on()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-a", name = "三十天接单", acceptanceDays = 30 });
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-z", name = "一天接单", acceptanceDays = 1 });
        var orders = app.Service<OrdersTable>();
        var now = TimeProvider.System.GetUtcNow();
        var slow = new List<string>();
        string? overdue = null;
        foreach (var (partner, age) in Enumerable.Range(0, 6).Select(i => ("p-a", 5.0 + i)).Append(("p-z", 2.0)))
        {
            var at = now.AddDays(-age);
            var id = RowKeys.NewId(at);
            await orders.AddAsync(new RedemptionMessage(id, "w-1", "r-001", "家庭急救包", partner, 1, 10, null), at, CancellationToken.None);
            if (partner == "p-a")
            {
                slow.Add(id);
            }
            else
            {
                overdue = id;
            }
        }

        // p-a's six orders pass storage's coarse filter (older than the shortest deadline, one day) but are not overdue
        // at p-a, and storage lists them before p-z's: with a limit of 1 the overdue pass spends its query budget on them.
        var (_, first) = await app.SendAsync(HttpMethod.Get, "/api/admin/orders?limit=1");
        var all = await AllAsync(app, "limit=1");

        Assert.Empty(first["items"]!);
        Assert.NotNull(first.Value<string>("nextCursor"));
        Assert.Equal([overdue!, .. slow.Order(StringComparer.Ordinal)], all.Select(i => i.Value<string>("id")!));
        Assert.Equal([true, false, false, false, false, false, false], all.Select(i => i.Value<bool>("overdue")));
    }

    [Fact]
    public async Task Bad_filters_and_cursors_are_400_and_the_list_is_for_admins_only()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        var badStatus = await app.SendAsync(HttpMethod.Get, "/api/admin/orders?status=lost");
        var badPartner = await app.SendAsync(HttpMethod.Get, "/api/admin/orders?partnerId=%2Fx");
        var badCursor = await app.SendAsync(HttpMethod.Get, "/api/admin/orders?cursor=" + System.Buffers.Text.Base64Url.EncodeToString("x|1|"u8));
        var forged = await app.SendAsync(HttpMethod.Get, "/api/admin/orders?cursor=" + System.Buffers.Text.Base64Url.EncodeToString("r|1|no-such-token"u8));
        var anonymous = await app.SendAsync(HttpMethod.Get, "/api/admin/orders", bearer: null);
        var asWorker = await app.SendAsync(HttpMethod.Get, "/api/admin/orders", worker);

        Assert.Equal((400, "validation-failed"), (badStatus.Status, badStatus.Body.Value<string>("code")));
        Assert.NotNull(badStatus.Body["errors"]!["status"]);
        Assert.Equal((400, "validation-failed"), (badPartner.Status, badPartner.Body.Value<string>("code")));
        Assert.Equal((400, "invalid-cursor"), (badCursor.Status, badCursor.Body.Value<string>("code")));
        Assert.Equal(200, forged.Status); // a tampered storage continuation only moves where the listing resumes
        Assert.Equal((401, "missing-credentials"), (anonymous.Status, anonymous.Body.Value<string>("code")));
        Assert.Equal((403, "forbidden"), (asWorker.Status, asWorker.Body.Value<string>("code")));
    }
}
