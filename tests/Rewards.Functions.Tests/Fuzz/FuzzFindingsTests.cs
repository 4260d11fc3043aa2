using System.Net.Http.Headers;
using System.Text;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Fuzz;

/// <summary>What the HTTP fuzz found, pinned down so that no seed is needed to see it again.</summary>
[Collection(StorageCollection.Name)]
public sealed class FuzzFindingsTests(AzuriteFixture azurite)
{
    private static async Task<(int Status, string? Type, string Body)> PostRawAsync(TestApp app, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.AdminKey);
        request.Headers.Add("Idempotency-Key", "finding-1");
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_asset_is_a_not_found_problem_not_an_empty_404()
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var response = await app.Http.GetAsync("/assets/x.js");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    [InlineData("a%5Cb")]
    [InlineData("x1500")]
    public async Task Rotating_the_key_of_a_partner_id_storage_cannot_hold_is_not_found(string id)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Post, $"/api/admin/partners/{(id == "x1500" ? new string('x', 1500) : id)}/rotate-key");

        Assert.Equal((404, "partner-not-found"), (status, problem.Value<string>("code")));
    }

    [Theory]
    [InlineData("/api/redemptions", """{"rewardId":"r-1","quantity":123456789012345678901234567890}""")]
    [InlineData("/api/admin/content", """{"id":"c-1","title":"t","kind":"video","points":1e308,"minSeconds":0}""")]
    [InlineData("/api/admin/adjustments", """{"workerId":"w-1","amount":9223372036854775807,"reason":"现场表彰"}""")]
    [InlineData("/api/admin/adjustments", """{"workerId":"w-1","amount":123456789012345678901234567890,"reason":"现场表彰"}""")]
    public async Task A_number_out_of_range_for_its_field_is_a_validation_problem(string path, string json)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var token = await app.WorkerAsync("w-1");

        var (status, type, body) = path.StartsWith("/api/admin/", StringComparison.Ordinal)
            ? await PostRawAsync(app, path, json)
            : await SendAsWorkerAsync(app, token, path, json);

        Assert.True(status == 400 && type == "application/problem+json" && body.Contains("\"validation-failed\"", StringComparison.Ordinal), $"{status} {body}");
    }

    [Theory]
    [InlineData("""{"id":{"competitionId":"w-1"},"title":"消防知识","questionsPerAttempt":3,"timeLimitSeconds":300,"pointsPerCorrect":2,"questions":[]}""")]
    [InlineData("""{"id":"q-1","title":"消防知识","questionsPerAttempt":3.0000000000000001,"timeLimitSeconds":300,"pointsPerCorrect":2,"questions":[]}""")]
    [InlineData("""{"id":"q-1","title":"消防知识","questionsPerAttempt":3,"timeLimitSeconds":300,"pointsPerCorrect":2,"questions":[0.0,"x",true]}""")]
    [InlineData("""{"id":"q-1","title":"消防知识","questionsPerAttempt":3,"timeLimitSeconds":300,"pointsPerCorrect":2,"questions":[{"of":1e308,"answer":false,"id":"x"}]}""")]
    public async Task A_quiz_of_the_wrong_shape_is_a_client_error(string json)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, type, body) = await PostRawAsync(app, "/api/admin/quizzes", json);

        Assert.True(status is 400 or 422 && type == "application/problem+json", $"{status} {body}");
    }

    [Fact]
    public async Task The_openapi_document_asked_for_by_many_at_once_is_served_to_each()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => app.Http.GetAsync("/api/openapi.json")));

        Assert.All(answers, a => Assert.Equal(200, (int)a.StatusCode));
    }

    private static async Task<(int, string?, string)> SendAsWorkerAsync(TestApp app, string token, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", "finding-1");
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
