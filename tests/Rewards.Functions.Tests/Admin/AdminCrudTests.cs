using System.Text.Json.Nodes;
using Rewards.Functions.Tests.Fuzz;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Admin;

/// <summary>The one shape every admin CRUD endpoint shares (AdminCrud): 404 with the thing's code, 409 on a taken id, the URL's id.</summary>
[Collection(StorageCollection.Name)]
public sealed class AdminCrudTests(AzuriteFixture azurite)
{
    /// <summary>A delete of a missing row is a 404 response from the table SDK, not an exception: it must not be read as deleted (204).</summary>
    [Theory]
    [InlineData("GET", "content", "content-not-found")]
    [InlineData("GET", "quizzes", "quiz-not-found")]
    [InlineData("GET", "campaigns", "campaign-not-found")]
    [InlineData("GET", "competitions", "competition-not-found")]
    [InlineData("GET", "partners", "partner-not-found")]
    [InlineData("GET", "rewards", "reward-not-found")]
    [InlineData("GET", "activities", "activity-not-found")]
    [InlineData("DELETE", "content", "content-not-found")]
    [InlineData("DELETE", "quizzes", "quiz-not-found")]
    [InlineData("DELETE", "campaigns", "campaign-not-found")]
    [InlineData("DELETE", "competitions", "competition-not-found")]
    [InlineData("DELETE", "activities", "activity-not-found")]
    public async Task Reading_or_deleting_what_is_not_there_answers_404_with_its_code(string method, string collection, string code)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(new HttpMethod(method), $"/api/admin/{collection}/nothing-here");

        Assert.Equal((404, code), (status, problem.Value<string>("code")));
    }

    [Theory]
    [InlineData("content", "title")]
    [InlineData("quizzes", "title")]
    [InlineData("campaigns", "name")]
    [InlineData("competitions", "title")]
    [InlineData("partners", "name")]
    [InlineData("rewards", "title")]
    public async Task Creating_an_id_that_is_taken_answers_409_and_keeps_the_first(string collection, string field)
    {
        await using var app = await StartWithPartnerAsync();
        var first = Body("POST", $"api/admin/{collection}");
        var id = (string)first["id"]!;
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, $"/api/admin/{collection}", json: first)).Status);
        var second = Body("POST", $"api/admin/{collection}");
        second[field] = "第二次";

        var (status, problem) = await app.SendAsync(HttpMethod.Post, $"/api/admin/{collection}", json: second);

        Assert.Equal((409, "already-exists"), (status, problem.Value<string>("code")));
        var (_, kept) = await app.SendAsync(HttpMethod.Get, $"/api/admin/{collection}/{id}");
        Assert.Equal((string)first[field]!, (string?)kept.SelectTokens($"$..{field}").First());
    }

    [Fact]
    public async Task Creating_a_unit_that_is_taken_answers_409_and_keeps_its_name()
    {
        await using var app = await TestApp.StartAsync(azurite);
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "u-1", name = "大兴制药" })).Status);

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "u-1", name = "别的名字" });

        Assert.Equal((409, "already-exists"), (status, problem.Value<string>("code")));
        var (_, units) = await app.SendAsync(HttpMethod.Get, "/api/admin/units");
        Assert.Equal("大兴制药", (string?)units.SelectToken("items[?(@.id == 'u-1')].name"));
    }

    [Theory]
    [InlineData("content")]
    [InlineData("quizzes")]
    [InlineData("campaigns")]
    [InlineData("partners")]
    [InlineData("rewards")]
    public async Task Replacing_with_another_id_in_the_body_is_refused_and_stores_nothing(string collection)
    {
        await using var app = await StartWithPartnerAsync();
        var body = Body("PUT", $"api/admin/{collection}/{{id}}");
        var named = (string)body["id"]!;

        var (status, problem) = await app.SendAsync(HttpMethod.Put, $"/api/admin/{collection}/another-id", json: body);

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]?["id"]);
        Assert.Equal(404, (await app.SendAsync(HttpMethod.Get, $"/api/admin/{collection}/another-id")).Status);
        Assert.Equal(404, (await app.SendAsync(HttpMethod.Get, $"/api/admin/{collection}/{named}")).Status);
    }

    [Fact]
    public async Task A_replace_that_names_another_id_and_breaks_a_rule_is_told_both()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var body = Body("PUT", "api/admin/campaigns/{id}");
        body["endsAt"] = "2026-05-24T00:00:00";

        var (status, problem) = await app.SendAsync(HttpMethod.Put, "/api/admin/campaigns/another-id", json: body);

        Assert.Equal(400, status);
        Assert.NotNull(problem["errors"]?["id"]);
        Assert.NotNull(problem["errors"]?["endsAt"]);
    }

    [Theory]
    [InlineData("partners", "partner-not-found")]
    [InlineData("rewards", "reward-not-found")]
    public async Task Changing_what_is_not_there_answers_404_and_creates_nothing(string collection, string code)
    {
        await using var app = await StartWithPartnerAsync();
        var body = Body("PUT", $"api/admin/{collection}/{{id}}");
        var id = (string)body["id"]!;

        var (status, problem) = await app.SendAsync(HttpMethod.Put, $"/api/admin/{collection}/{id}", json: body);

        Assert.Equal((404, code), (status, problem.Value<string>("code")));
        Assert.Equal(404, (await app.SendAsync(HttpMethod.Get, $"/api/admin/{collection}/{id}")).Status);
    }

    [Fact]
    public async Task Renaming_a_unit_that_is_not_there_answers_404_and_creates_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Put, "/api/admin/units/u-none", json: new { name = "新名字" });

        Assert.Equal((404, "unit-not-found"), (status, problem.Value<string>("code")));
        var (_, units) = await app.SendAsync(HttpMethod.Get, "/api/admin/units");
        Assert.Empty(units["items"]!);
    }

    /// <summary>The fuzz's valid body of a route, as a node a test may change.</summary>
    private static JsonObject Body(string method, string route) =>
        JsonNode.Parse(ValidBodies.For(method, route) ?? throw new InvalidOperationException($"No valid body for {method} {route}"))!.AsObject();

    /// <summary>An app with the partner the valid prize body names, so that a prize is refused only for what a test changes.</summary>
    private async Task<TestApp> StartWithPartnerAsync()
    {
        var app = await TestApp.StartAsync(azurite);
        var partner = Body("POST", "api/admin/partners");
        partner["id"] = "p-fuzz";
        partner.Remove("webhookUrl");
        var (status, body) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: partner);
        Assert.True(status == 201, $"creating the partner answered {status}: {body}");
        return app;
    }
}
