using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Api;

[Collection(StorageCollection.Name)]
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_worker_created_by_an_admin_learns_through_a_link_and_the_ledger_adds_up()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8)));
        using var recorder = new AnswerRecorder();
        await using var app = await TestApp.StartAsync(azurite, clock, recorder: recorder);

        var (created, worker) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-01" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "daxing-02", name = "大兴运输" }); // an import names only known units
        using var csv = new HttpRequestMessage(HttpMethod.Post, "/api/admin/workers") { Content = new StringContent("id,displayName,unitId\nw-002,王芳,daxing-01\nw-003,李娜,daxing-02\n", Encoding.UTF8, "text/csv") };
        csv.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.AdminKey);
        var (imported, import) = await app.SendAsync(csv);
        var (linked, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link");
        var token = link.Value<string>("token")!;
        await app.ContentAsync("c-001", points: 5, minSeconds: 30, title: "安全帽的正确佩戴");
        await app.ContentAsync("c-002", points: 3, minSeconds: 20, title: "苯系物中毒的预防");

        foreach (var content in new[] { "c-001", "c-002" })
        {
            var (started, view) = await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views", token);
            Assert.Equal(201, started);
            clock.Advance(TimeSpan.FromSeconds(view.Value<int>("minSeconds")));
            var (completed, _) = await app.SendAsync(HttpMethod.Post, $"/api/content/{content}/views/{view.Value<string>("viewId")}/complete", token);
            Assert.Equal(200, completed);
        }

        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/content", token);
        var (_, page1) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger?limit=1", token);
        var (_, page2) = await app.SendAsync(HttpMethod.Get, $"/api/me/ledger?limit=1&cursor={page1.Value<string>("nextCursor")}", token);
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");

        Assert.Equal((201, "张伟"), (created, worker.Value<string>("displayName")));
        Assert.Equal((200, 2, 0), (imported, import.Value<int>("created"), import["errors"]!.Count()));
        Assert.Equal(200, linked);
        // The token rides in the fragment, which no request carries: the path a server (or its telemetry) sees is /w/.
        var url = new Uri(link.Value<string>("url")!);
        Assert.Equal(($"{app.Http.BaseAddress!.ToString().TrimEnd('/')}/w/", "#" + token), (url.GetLeftPart(UriPartial.Path), url.Fragment));
        Assert.Equal(8, me.Value<long>("balance"));
        Assert.Equal(8, me.Value<long>("lifetimeEarned"));
        Assert.Equal(8, me["today"]!.Value<long>("earned"));
        Assert.All(list["items"]!, i => Assert.True(i.Value<bool>("completed")));
        Assert.Equal("学习《苯系物中毒的预防》", page1["items"]![0]!.Value<string>("reason"));
        Assert.Equal(8, page1["items"]![0]!.Value<long>("balanceAfter"));
        Assert.Equal("学习《安全帽的正确佩戴》", page2["items"]![0]!.Value<string>("reason"));
        Assert.Equal(3, report.Value<int>("checked"));
        Assert.Empty(report["mismatches"]!);
        Assert.Contains("get /api/me/ledger 200", await OpenApi.OpenApiAnswers.AssertValidAsync(app.Http, recorder));
    }
}
