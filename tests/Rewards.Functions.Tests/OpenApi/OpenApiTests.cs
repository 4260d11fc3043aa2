using Newtonsoft.Json.Linq;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Tests.Infrastructure;
using Rewards.Functions.Tests.Webhooks;

namespace Rewards.Functions.Tests.OpenApi;

[Collection(StorageCollection.Name)]
public sealed class OpenApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_document_is_openapi_3_1_and_lists_every_http_function_of_the_catalog()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (status, doc) = await app.SendAsync(HttpMethod.Get, "/api/openapi.json", bearer: null);
        var catalog = FunctionCatalog.Discover([typeof(Rewards.Functions.RewardsServices).Assembly]);

        Assert.Equal(200, status);
        Assert.StartsWith("3.1", doc.Value<string>("openapi"), StringComparison.Ordinal);
        Assert.Equal(["adminKey", "partnerKey", "screenLink", "workerToken"], ((JObject)doc["components"]!["securitySchemes"]!).Properties().Select(p => p.Name).Order());
        Assert.True(catalog.Http.Count > 70, $"{catalog.Http.Count} HTTP functions");
        Assert.All(catalog.Http, f => Assert.All(f.Methods, m =>
            Assert.True(doc["paths"]?["/" + f.Route]?[m.ToLowerInvariant()]?.Value<string>("operationId") == f.Name, $"{m} /{f.Route} ({f.Name}) is in the document")));
        var act = doc["paths"]!["/api/partner/orders/{id}/{action}"]!["post"]!;
        Assert.Equal(["id", "action"], act["parameters"]!.Select(p => p.Value<string>("name")));
        Assert.Contains("invalid-transition", act["x-problem-codes"]!.Values<string>());
        Assert.Equal("partnerKey", ((JObject)act["security"]![0]!).Properties().Single().Name);
        Assert.Equal("adminKey", ((JObject)doc["paths"]!["/api/admin/webhooks/poison/replay"]!["post"]!["security"]![0]!).Properties().Single().Name);
        Assert.Equal("workerToken", ((JObject)doc["paths"]!["/api/redemptions"]!["post"]!["security"]![0]!).Properties().Single().Name);
        Assert.Contains("webhookSecret", doc["components"]!["schemas"]!["PartnerCreated"]!["required"]!.Values<string>());
    }

    [Fact]
    public async Task Query_parameters_and_the_idempotency_key_header_are_in_the_document()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, doc) = await app.SendAsync(HttpMethod.Get, "/api/openapi.json", bearer: null);
        IEnumerable<(string In, string? Name)> Parameters(string path, string method) =>
            doc["paths"]![path]![method]!["parameters"]!.Select(p => (p.Value<string>("in")!, p.Value<string>("name")));

        var orders = doc["paths"]!["/api/partner/orders"]!["get"]!["parameters"]!;
        var key = doc["paths"]!["/api/redemptions"]!["post"]!["parameters"]!.Single(p => p.Value<string>("name") == "Idempotency-Key");

        Assert.Equal([("query", "cursor"), ("query", "limit"), ("query", "status")], Parameters("/api/partner/orders", "get"));
        Assert.Equal((1, 100, 20), (orders[1]!["schema"]!.Value<int>("minimum"), orders[1]!["schema"]!.Value<int>("maximum"), orders[1]!["schema"]!.Value<int>("default")));
        Assert.Contains("reserved", orders[2]!["schema"]!["enum"]!.Values<string>());
        Assert.Equal(("header", true), (key.Value<string>("in"), key.Value<bool>("required")));
        Assert.Matches(key["schema"]!.Value<string>("pattern")!, "2f6c0d2e-retry-1");
        Assert.Contains("idempotency-key-required", doc["paths"]!["/api/redemptions"]!["post"]!["x-problem-codes"]!.Values<string>());
        Assert.DoesNotContain(Parameters("/api/redemptions/{id}", "get"), p => p.In != "path");
    }

    [Fact]
    public async Task Recorded_answers_of_an_end_to_end_flow_validate_against_their_schemas()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var w = await WebhookWorld.StartAsync(azurite);
        using var recorder = new AnswerRecorder();
        using var http = new HttpClient(recorder) { BaseAddress = w.App.Http.BaseAddress };
        async Task<JToken> Send(HttpMethod method, string path, string? bearer, object? json = null)
        {
            using var request = w.App.Request(method, path, bearer, json);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return text.Length > 0 && text[0] is '{' or '[' ? JToken.Parse(text) : new JObject();
        }

        var created = await Send(HttpMethod.Post, "/api/admin/partners", TestApp.AdminKey, new { id = "p-a", name = "服务社", webhookUrl = receiver.Url });
        var key = created.Value<string>("apiKey")!;
        await Send(HttpMethod.Post, "/api/admin/rewards", TestApp.AdminKey, new { id = "r-p-a", title = "急救包", cost = 10, stock = 5, partnerId = "p-a" });
        var redemption = await Send(HttpMethod.Post, "/api/redemptions", w.Worker, new { rewardId = "r-p-a", quantity = 1, delivery = new { name = "张伟", phone = "13800000000", address = "黄村" } });
        var id = redemption.Value<string>("id")!;
        await TestApp.EventuallyAsync(async () => (await Send(HttpMethod.Get, $"/api/redemptions/{id}", w.Worker)).Value<string>("status") == "reserved", "reserved");
        await Send(HttpMethod.Get, "/api/me/redemptions", w.Worker);
        await Send(HttpMethod.Get, "/api/partner/orders?status=reserved", key);
        await Send(HttpMethod.Get, $"/api/partner/orders/{id}", key);
        await Send(HttpMethod.Post, $"/api/partner/orders/{id}/accept", key);
        await Send(HttpMethod.Post, $"/api/partner/orders/{id}/deliver", key);
        await Send(HttpMethod.Post, $"/api/partner/orders/{id}/ship", key, new { trackingNo = "SF1" });
        await Send(HttpMethod.Get, "/api/partner/me", key);
        await Send(HttpMethod.Get, "/api/partner/shipping.csv", key);
        await Send(HttpMethod.Put, "/api/partner/webhook", key, new { url = receiver.Url });
        await Send(HttpMethod.Post, "/api/partner/webhook/test", key);
        await TestApp.EventuallyAsync(async () => (await Send(HttpMethod.Get, "/api/partner/webhook/deliveries", key))["items"]!.Count() >= 2, "deliveries recorded");
        await Send(HttpMethod.Post, "/api/partner/webhook/rotate-secret", key);
        await Send(HttpMethod.Post, "/api/admin/partners/p-a/rotate-webhook-secret", TestApp.AdminKey);
        await Send(HttpMethod.Get, "/api/admin/partners/p-a", TestApp.AdminKey);
        await Send(HttpMethod.Get, "/api/admin/partners", TestApp.AdminKey);
        await Send(HttpMethod.Get, "/api/admin/webhooks/poison", TestApp.AdminKey);
        await Send(HttpMethod.Post, "/api/admin/webhooks/poison/replay", TestApp.AdminKey);
        await Send(HttpMethod.Get, "/api/partner/orders/nope", key);
        await Send(HttpMethod.Get, "/api/partner/orders", null);
        var validated = await OpenApiAnswers.AssertValidAsync(http, recorder);

        Assert.True(validated.Distinct().Count() >= 20, string.Join("\n", validated.Distinct()));
        Assert.Contains(validated, v => v.EndsWith(" 409", StringComparison.Ordinal));
        Assert.Contains(validated, v => v.EndsWith(" 404", StringComparison.Ordinal));
        Assert.Contains(validated, v => v.EndsWith(" 401", StringComparison.Ordinal));
    }
}
