using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Fuzz;
using Rewards.Functions.Tests.Hazards;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.OpenApi;

/// <summary>A worker's and an admin's day through the API, every answer recorded and checked against the document.</summary>
[Collection(StorageCollection.Name)]
public sealed class RecordedFlowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Recorded_answers_of_the_worker_and_admin_flows_validate_against_their_schemas()
    {
        using var recorder = new AnswerRecorder();
        await using var app = await TestApp.StartAsync(azurite, recorder: recorder);
        async Task<JObject> Send(HttpMethod method, string path, string? bearer = TestApp.AdminKey, object? json = null, string? raw = null, bool idempotent = false)
        {
            using var request = app.Request(method, path, bearer, json);
            if (raw is not null)
            {
                request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
            }

            if (idempotent)
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            }

            using var response = await app.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return text.StartsWith('{') ? JObject.Parse(text) : [];
        }

        // The program: a unit, workers, content, a quiz, a campaign, a competition, a partner's prize, an activity.
        await Send(HttpMethod.Post, "/api/admin/units", json: new { id = "unit-a", name = "一车间" });
        await Send(HttpMethod.Post, "/api/admin/units", json: new { id = "unit-a", name = "一车间" });
        await Send(HttpMethod.Put, "/api/admin/units/unit-a", json: new { name = "第一车间" });
        var worker = await app.WorkerAsync("w-1");
        using (var csv = app.Request(HttpMethod.Post, "/api/admin/workers"))
        {
            csv.Content = new StringContent("id,displayName,unitId\nw-2,王芳,unit-a\n", Encoding.UTF8, "text/csv");
            (await app.Http.SendAsync(csv)).Dispose();
        }

        await app.ContentAsync("c-1", points: 5, minSeconds: 0, title: "安全帽的正确佩戴");
        await Send(HttpMethod.Put, "/api/admin/content/c-1", raw: ValidBodies.For("PUT", "api/admin/content/{id}"));
        await Send(HttpMethod.Post, "/api/admin/quizzes", raw: ValidBodies.For("POST", "api/admin/quizzes"));
        await Send(HttpMethod.Post, "/api/admin/campaigns", raw: ValidBodies.For("POST", "api/admin/campaigns"));
        await Send(HttpMethod.Post, "/api/admin/competitions", raw: ValidBodies.For("POST", "api/admin/competitions"));
        await Send(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-1", name = "大兴区职工服务社" });
        await Send(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-1", title = "急救包", cost = 10, stock = 5, partnerId = "p-1" });
        await Send(HttpMethod.Put, "/api/admin/rewards/r-1", json: new { id = "r-1", title = "家庭急救包", cost = 10, partnerId = "p-1" });
        await Send(HttpMethod.Post, "/api/admin/rewards/r-1/restock", json: new { quantity = 5 }, idempotent: true);
        var local = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime;
        string At(double hours) => local.AddHours(hours).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        await Send(HttpMethod.Post, "/api/admin/activities", json: new { id = "a-1", title = "健步走", kind = "walk", place = "念坛公园", unitIds = Array.Empty<string>(), startsAt = At(0), endsAt = At(3), checkInOpensAt = At(-1), checkInClosesAt = At(2), points = 10 });
        await Send(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 100, reason = "现场表彰" }, idempotent: true);

        // The worker's day.
        await Send(HttpMethod.Get, "/api/me", worker);
        var view = await Send(HttpMethod.Post, "/api/content/c-1/views", worker);
        await Send(HttpMethod.Post, $"/api/content/c-1/views/{view.Value<string>("viewId")}/complete", worker);
        await Send(HttpMethod.Get, "/api/content", worker);
        await Send(HttpMethod.Get, "/api/quizzes", worker);
        var attempt = await Send(HttpMethod.Post, "/api/quizzes/q-1/attempts", worker);
        await Send(HttpMethod.Post, $"/api/quizzes/q-1/attempts/{attempt.Value<string>("attemptId")}/answers", worker, new { answers = new Dictionary<string, int> { ["q1"] = 0 } });
        var share = await Send(HttpMethod.Post, "/api/shares", worker, new { contentId = "c-1" });
        await Send(HttpMethod.Get, $"/api/shares/{share.Value<string>("code")}", bearer: null);
        await Send(HttpMethod.Post, $"/api/shares/{share.Value<string>("code")}/opens", bearer: null);
        await Send(HttpMethod.Get, "/api/rewards", worker);
        var redemption = await Send(HttpMethod.Post, "/api/redemptions", worker, new { rewardId = "r-1", quantity = 1, delivery = new { name = "张伟", phone = "13800000000", address = "黄村" } }, idempotent: true);
        var redemptionId = redemption.Value<string>("id")!;
        await TestApp.EventuallyAsync(async () => (await Send(HttpMethod.Get, $"/api/redemptions/{redemptionId}", worker)).Value<string>("status") == "reserved", "reserved");
        await Send(HttpMethod.Get, "/api/me/redemptions", worker);
        await Send(HttpMethod.Post, $"/api/redemptions/{redemptionId}/cancel", worker);
        var (_, hazard) = await Hazards.Hazards.SubmitAsync(app, worker, TestPhotos.Jpeg(640, 480));
        var hazardId = hazard.Value<string>("id")!;
        await Hazards.Hazards.ProcessedAsync(app, hazardId);
        await Send(HttpMethod.Get, "/api/me/hazards", worker);
        await Send(HttpMethod.Get, $"/api/hazards/{hazardId}", worker);
        await Send(HttpMethod.Get, $"/api/hazards/{hazardId}/photo?size=thumb", worker);
        await Send(HttpMethod.Get, "/api/activities", worker);
        var code = (await Send(HttpMethod.Get, "/api/admin/activities/a-1/checkin-code")).Value<string>("code");
        await Send(HttpMethod.Post, "/api/activities/a-1/checkins", worker, new { code });
        await Send(HttpMethod.Put, "/api/me/preferences", worker, new { anonymousOnBoards = true });
        await Send(HttpMethod.Get, "/api/leaderboards/individual?period=all", worker);
        await Send(HttpMethod.Get, "/api/leaderboards/units?by=participation", worker);
        await Send(HttpMethod.Get, "/api/me/ledger?limit=2", worker);

        // The admin's day.
        await Hazards.Hazards.ReviewAsync(app, hazardId, new { decision = "accept", severity = "general" });
        await Hazards.Hazards.RectifyAsync(app, hazardId, TestPhotos.Jpeg(640, 480, scene: 1));
        await Send(HttpMethod.Post, $"/api/admin/hazards/{hazardId}/verify");
        await Send(HttpMethod.Get, "/api/admin/units/unit-a/hazards");
        foreach (var path in new[]
        {
            "/api/admin/overview", "/api/admin/orders", "/api/admin/orders?status=cancelled", "/api/admin/reconciliation", "/api/admin/audit",
            "/api/admin/reports/workers", "/api/admin/reports/ledger?format=csv", "/api/admin/reports/activities", "/api/admin/reports/nope",
            "/api/admin/workers?unitId=unit-a", "/api/admin/workers/w-1", "/api/admin/workers/w-1/ledger", "/api/admin/workers/w-1/redemptions",
            "/api/admin/units", "/api/admin/content", "/api/admin/content/c-1", "/api/admin/quizzes", "/api/admin/quizzes/q-1",
            "/api/admin/campaigns", "/api/admin/campaigns/health-day", "/api/admin/competitions", "/api/admin/competitions/comp-1",
            "/api/admin/rewards", "/api/admin/rewards/r-1", "/api/admin/activities", "/api/admin/activities/a-1", "/api/admin/rules",
            "/api/admin/hazards?status=verified", "/api/admin/workers/nobody", "/api/health",
        })
        {
            await Send(HttpMethod.Get, path);
        }

        await Send(HttpMethod.Post, "/api/admin/units/unit-a/posters");
        await Send(HttpMethod.Post, "/api/admin/competitions/comp-1/rounds/r1/close");
        await Send(HttpMethod.Put, "/api/admin/rules", raw: ValidBodies.For("PUT", "api/admin/rules"));
        await Send(HttpMethod.Delete, "/api/admin/campaigns/health-day");
        await Send(HttpMethod.Delete, "/api/admin/campaigns/health-day");
        using (var questions = app.Request(HttpMethod.Post, "/api/admin/quizzes/q-1/questions"))
        {
            questions.Content = new StringContent("text,option1,option2,option3,option4,answer\n安全出口要？,畅通,堆物,,,1\n", Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));
            (await app.Http.SendAsync(questions)).Dispose();
        }

        var validated = await OpenApiAnswers.AssertValidAsync(app.Http, recorder);

        string[] required =
        [
            "get /api/me 200", "get /api/me/ledger 200", "get /api/quizzes 200", "post /api/quizzes/{id}/attempts 201", "post /api/quizzes/{id}/attempts/{attemptId}/answers 200",
            "get /api/rewards 200", "post /api/redemptions 202", "get /api/me/redemptions 200", "post /api/redemptions/{id}/cancel 200",
            "post /api/hazards 202", "get /api/me/hazards 200", "get /api/hazards/{id} 200", "get /api/hazards/{id}/photo 200",
            "post /api/activities/{id}/checkins 201", "get /api/leaderboards/{board} 200", "post /api/shares/{code}/opens 200",
            "get /api/admin/overview 200", "get /api/admin/orders 200", "get /api/admin/hazards 200", "post /api/admin/hazards/{id}/rectification 200",
            "get /api/admin/reports/{name} 200", "get /api/admin/reports/activities 200", "get /api/admin/audit 200", "post /api/admin/units/{id}/posters 200",
            "post /api/admin/workers 200", "post /api/admin/workers 201", "post /api/admin/adjustments 201", "post /api/admin/rewards/{id}/restock 200",
            "delete /api/admin/campaigns/{id} 204", "delete /api/admin/campaigns/{id} 404", "post /api/admin/quizzes/{id}/questions 200", "put /api/admin/rules 200", "get /api/admin/workers/{id} 404",
        ];
        Assert.All(required, r => Assert.True(validated.Contains(r), $"{r} was not recorded; recorded:\n{string.Join("\n", validated.Distinct())}"));
        Assert.DoesNotContain(validated, r => System.Text.RegularExpressions.Regex.IsMatch(r, @" 5\d\d$"));
        Assert.True(validated.Distinct().Count() >= 70, $"{validated.Distinct().Count()} kinds of answer:\n{string.Join("\n", validated.Distinct())}");
    }
}
