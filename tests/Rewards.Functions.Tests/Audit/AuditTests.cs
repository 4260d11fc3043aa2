using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Audit;

[Collection(StorageCollection.Name)]
public sealed partial class AuditTests(AzuriteFixture azurite)
{
    /// <summary>
    /// A successful call of every admin write endpoint, in an order that works (creates first, deletes last). The
    /// test fails when the function catalog has an admin write that is not here, so a new endpoint gets audited
    /// and checked the day it is added.
    /// </summary>
    private static readonly (string Method, string Route, string Path, object? Body)[] Writes =
    [
        ("POST", "api/admin/units", "/api/admin/units", new { id = "u-1", name = "大兴制药" }),
        ("PUT", "api/admin/units/{id}", "/api/admin/units/u-1", new { name = "大兴制药厂" }),
        ("POST", "api/admin/workers", "/api/admin/workers", new { id = "w-1", displayName = "张伟", unitId = "u-1" }),
        ("POST", "api/admin/workers/{id}/link", "/api/admin/workers/w-1/link", null),
        ("POST", "api/admin/units/{id}/posters", "/api/admin/units/u-1/posters", null),
        ("POST", "api/admin/adjustments", "/api/admin/adjustments", new { workerId = "w-1", amount = 10, reason = "奖励" }),
        ("PUT", "api/admin/rules", "/api/admin/rules", new { timeZone = "Asia/Shanghai", dailyCap = 50 }),
        ("POST", "api/admin/content", "/api/admin/content", new { id = "c-1", title = "安全帽的正确佩戴", kind = "video", points = 5, minSeconds = 0 }),
        ("PUT", "api/admin/content/{id}", "/api/admin/content/c-1", new { id = "c-1", title = "安全帽佩戴", kind = "video", points = 5, minSeconds = 0 }),
        ("POST", "api/admin/campaigns", "/api/admin/campaigns", new { id = "cp-1", name = "5·25 职工健康日", startsAt = "2026-05-25T00:00:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "learning" }, multiplier = 2 }),
        ("PUT", "api/admin/campaigns/{id}", "/api/admin/campaigns/cp-1", new { id = "cp-1", name = "职工健康日", startsAt = "2026-05-25T00:00:00", endsAt = "2026-05-26T00:00:00", actions = new[] { "learning" }, multiplier = 2 }),
        ("POST", "api/admin/quizzes", "/api/admin/quizzes", Quiz("消防知识")),
        ("PUT", "api/admin/quizzes/{id}", "/api/admin/quizzes/q-1", Quiz("消防安全知识")),
        ("POST", "api/admin/quizzes/{id}/questions", "/api/admin/quizzes/q-1/questions", "text,option1,option2,option3,option4,answer\n发现有人触电，首先应？,切断电源,用手拉开,,,1\n"),
        ("POST", "api/admin/competitions", "/api/admin/competitions", new
        {
            id = "k-1", title = "知识竞赛",
            rounds = new object[] { new { id = "r1", title = "初赛", quizId = "q-1", opensAt = "2026-06-15T09:00:00", closesAt = "2026-06-15T10:00:00" } },
            placings = new { champions = 1, runnersUp = 0, thirds = 0, championPoints = 10, runnerUpPoints = 0, thirdPoints = 0 },
        }),
        ("POST", "api/admin/competitions/{id}/rounds/{roundId}/close", "/api/admin/competitions/k-1/rounds/r1/close", null),
        ("POST", "api/admin/partners", "/api/admin/partners", new { id = "p-1", name = "服务社", webhookUrl = "https://partner.example.cn/hook" }),
        ("PUT", "api/admin/partners/{id}", "/api/admin/partners/p-1", new { id = "p-1", name = "职工服务社", webhookUrl = "https://partner.example.cn/hook" }),
        ("POST", "api/admin/partners/{id}/rotate-key", "/api/admin/partners/p-1/rotate-key", null),
        ("POST", "api/admin/partners/{id}/rotate-webhook-secret", "/api/admin/partners/p-1/rotate-webhook-secret", null),
        ("POST", "api/admin/webhooks/poison/replay", "/api/admin/webhooks/poison/replay", null),
        ("POST", "api/admin/rewards", "/api/admin/rewards", new { id = "r-1", title = "急救包", cost = 10, stock = 5, partnerId = "p-1" }),
        ("PUT", "api/admin/rewards/{id}", "/api/admin/rewards/r-1", new { id = "r-1", title = "家庭急救包", cost = 10, stock = 5, partnerId = "p-1" }),
        ("POST", "api/admin/rewards/{id}/restock", "/api/admin/rewards/r-1/restock", new { quantity = 3 }),
        ("POST", "api/admin/activities", "/api/admin/activities", Activities.ActivityApi.Walk()),
        ("PUT", "api/admin/activities/{id}", "/api/admin/activities/a-walk", Activities.ActivityApi.Walk(title: "5·25 健步走（东线）")),
        ("POST", "api/admin/activities/{id}/screen-link", "/api/admin/activities/a-walk/screen-link", null),
        ("DELETE", "api/admin/activities/{id}", "/api/admin/activities/a-walk", null),
        ("DELETE", "api/admin/competitions/{id}", "/api/admin/competitions/k-1", null),
        ("DELETE", "api/admin/quizzes/{id}", "/api/admin/quizzes/q-1", null),
        ("DELETE", "api/admin/campaigns/{id}", "/api/admin/campaigns/cp-1", null),
        ("DELETE", "api/admin/content/{id}", "/api/admin/content/c-1", null),
    ];

    private static readonly string[] HazardWrites =
        ["POST api/admin/hazards/{id}/review", "POST api/admin/hazards/{id}/rectification", "POST api/admin/hazards/{id}/verify"];

    [Fact]
    public async Task Every_admin_write_endpoint_in_the_catalog_leaves_exactly_one_audit_record()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 3, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.Settings["AzureWebJobs:CloseCompetitionRounds:Disabled"] = "true");
        var catalog = app.Service<FunctionCatalog>().Http
            .Where(f => f.Route.StartsWith("api/admin/", StringComparison.Ordinal))
            .SelectMany(f => f.Methods.Where(m => m is not "GET" and not "HEAD").Select(m => (Method: m, f.Route, f.Name)))
            .ToList();
        Assert.Empty(catalog.Select(c => $"{c.Method} {c.Route}").Except(Writes.Select(w => $"{w.Method} {w.Route}")).Except(HazardWrites));

        foreach (var (method, route, path, body) in Writes)
        {
            // A string body is a CSV upload; every other body is JSON.
            using var request = app.Request(new HttpMethod(method), path, json: body is string ? null : body);
            if (body is string csv)
            {
                request.Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
            }

            if (route.Contains("adjustments", StringComparison.Ordinal) || route.Contains("restock", StringComparison.Ordinal))
            {
                request.Headers.Add("Idempotency-Key", "audit-test");
            }

            var (status, answer) = await app.SendAsync(request);
            Assert.True(status is >= 200 and < 300, $"{method} {path} answered {status}: {answer}");
        }

        // The hazard review moves need a report that a worker sent and the photo trigger processed; the
        // rectification is a multipart upload.
        var worker = app.Service<Identity.WorkerTokens>().Issue("w-1", 1).Token;
        var reported = await Hazards.Hazards.SubmitAsync(app, worker, Hazards.TestPhotos.Jpeg(640, 480));
        var hazard = reported.Body.Value<string>("id")!;
        await Hazards.Hazards.ProcessedAsync(app, hazard, "u-1");
        var moves = new[]
        {
            await Hazards.Hazards.ReviewAsync(app, hazard, new { decision = "accept", severity = "major" }),
            await Hazards.Hazards.RectifyAsync(app, hazard, Hazards.TestPhotos.Jpeg(640, 480, scene: 1)),
            await app.SendAsync(HttpMethod.Post, $"/api/admin/hazards/{hazard}/verify"),
        };
        Assert.All(moves, m => Assert.True(m.Status is >= 200 and < 300, $"a hazard move answered {m.Status}: {m.Body}"));

        var records = await AllAsync(app);
        foreach (var (method, route, name) in catalog)
        {
            var mine = records.Where(r => r.Value<string>("action") == name).ToList();
            Assert.True(mine.Count == 1, $"{method} {route} ({name}) left {mine.Count} audit records");
            Assert.Equal(("done", method), (mine[0].Value<string>("outcome"), mine[0].Value<string>("method")));
        }

        Assert.Equal(Writes.Length + HazardWrites.Length, records.Count);
    }

    [Fact]
    public async Task A_record_names_the_key_by_a_hash_id_never_the_key_and_masks_secrets()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "u-1", name = "大兴制药" });
        await app.SendAsync(HttpMethod.Put, "/api/admin/units/u-1", json: new { name = "大兴制药厂" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-1", name = "服务社", webhookUrl = "https://partner.example.cn/hook", apiKey = "pk_p-1.sneaky" });

        var records = await AllAsync(app);
        var rename = records.Single(r => r.Value<string>("action") == "AdminRenameUnit");
        var partner = records.Single(r => r.Value<string>("action") == "AdminCreatePartner");

        Assert.DoesNotContain(TestApp.AdminKey, records.ToString(), StringComparison.Ordinal);
        Assert.Matches(KeyId(), rename.Value<string>("keyId")!);
        Assert.Equal(("units/u-1", "name: 大兴制药"), (rename.Value<string>("target"), rename.Value<string>("before")));
        Assert.Contains("大兴制药厂", rename.Value<string>("after"), StringComparison.Ordinal);
        Assert.Equal("partners/p-1", partner.Value<string>("target"));
        Assert.DoesNotContain("sneaky", partner.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_write_and_a_read_leave_no_record()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (bad, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "a/b", name = "" });
        var (missing, _) = await app.SendAsync(HttpMethod.Put, "/api/admin/units/nowhere", json: new { name = "无" });
        var (wrongKey, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", "ak_wrong", new { id = "u-2", name = "二" });
        await app.SendAsync(HttpMethod.Get, "/api/admin/units");

        Assert.Equal((400, 404, 401), (bad, missing, wrongKey));
        Assert.Empty(await AllAsync(app));
    }

    [Fact]
    public async Task The_log_filters_by_action_and_pages_newest_first()
    {
        await using var app = await TestApp.StartAsync(azurite);
        for (var i = 0; i < 5; i++)
        {
            await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = $"u-{i}", name = $"单位{i}" });
        }

        await app.SendAsync(HttpMethod.Put, "/api/admin/units/u-0", json: new { name = "改名" });

        var (_, first) = await app.SendAsync(HttpMethod.Get, "/api/admin/audit?action=AdminCreateUnit&limit=3");
        var (_, second) = await app.SendAsync(HttpMethod.Get, $"/api/admin/audit?action=AdminCreateUnit&limit=3&cursor={first.Value<string>("nextCursor")}");
        var targets = first["items"]!.Concat(second["items"]!).Select(r => r.Value<string>("target")).ToList();

        Assert.Equal(["units/u-4", "units/u-3", "units/u-2", "units/u-1", "units/u-0"], targets);
        Assert.Null(second.Value<string>("nextCursor"));
    }

    private static async Task<List<JToken>> AllAsync(TestApp app)
    {
        var (status, page) = await app.SendAsync(HttpMethod.Get, "/api/admin/audit?limit=200");
        Assert.Equal(200, status);
        return [.. page["items"]!];
    }

    private static object Quiz(string title) => new
    {
        id = "q-1", title, questionsPerAttempt = 1, timeLimitSeconds = 300, pointsPerCorrect = 2,
        questions = new object[] { new { id = "x1", text = "灭火器口诀？", options = new[] { "提拔握压", "拔提压握" }, answer = 0 } },
    };

    [GeneratedRegex("^ak:[0-9a-f]{12}$")]
    private static partial Regex KeyId();
}
