using System.Text;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Api;

[Collection(StorageCollection.Name)]
public sealed class BadInputTests(AzuriteFixture azurite)
{
    private static async Task<(int Status, string? Code, Newtonsoft.Json.Linq.JObject Body)> PostRawAsync(TestApp app, string path, string body, string contentType = "application/json")
    {
        using var request = app.Request(HttpMethod.Post, path);
        request.Content = new StringContent(body, Encoding.UTF8, contentType);
        request.Headers.Add("Idempotency-Key", "k");
        var (status, json) = await app.SendAsync(request);
        return (status, json.Value<string>("code"), json);
    }

    [Theory]
    [InlineData("{\"workerId\":\"w-1\",\"amount\":5,", "malformed-json")]
    [InlineData("[1,2]", "malformed-json")]
    [InlineData("{\"workerId\":\"w-1\",\"reason\":\"x\"}", "validation-failed")]
    [InlineData("{\"workerId\":\"w-1\",\"amount\":\"5\",\"reason\":\"x\"}", "validation-failed")]
    [InlineData("{\"workerId\":\"w-1\",\"amount\":5.5,\"reason\":\"x\"}", "validation-failed")]
    [InlineData("{\"workerId\":7,\"amount\":5,\"reason\":\"x\"}", "validation-failed")]
    [InlineData("{\"workerId\":\"w/1\",\"amount\":5,\"reason\":\"x\"}", "validation-failed")]
    [InlineData("{\"workerId\":\"w-1\",\"amount\":0,\"reason\":\"x\"}", "invalid-amount")]
    [InlineData("{\"workerId\":\"nobody\",\"amount\":5,\"reason\":\"x\"}", "worker-not-found")]
    public async Task A_bad_adjustment_gets_a_problem_with_a_stable_code_and_moves_no_point(string body, string code)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1");
        var before = await Partition.SnapshotAsync(app, "w-1");

        var (status, actual, problem) = await PostRawAsync(app, "/api/admin/adjustments", body);

        Assert.Equal(code, actual);
        Assert.InRange(status, 400, 499);
        Assert.Equal(status, problem.Value<int>("status"));
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
    }

    [Fact]
    public async Task Missing_fields_are_named_in_the_problem()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, code, problem) = await PostRawAsync(app, "/api/admin/content", "{\"id\":\"c-1\",\"kind\":\"podcast\"}");

        Assert.Equal((400, "validation-failed"), (status, code));
        Assert.NotNull(problem["errors"]!["title"]);
        Assert.NotNull(problem["errors"]!["kind"]);
        Assert.NotNull(problem["errors"]!["points"]);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/content");
        Assert.Empty(list["items"]!);
    }

    [Fact]
    public async Task An_oversize_body_is_refused_before_it_is_read_whole()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var huge = "{\"id\":\"c-1\",\"title\":\"" + new string('x', 100_000) + "\"}";

        var (status, code, _) = await PostRawAsync(app, "/api/admin/content", huge);

        Assert.Equal((413, "payload-too-large"), (status, code));
    }

    [Fact]
    public async Task An_adjustment_without_an_idempotency_key_is_refused()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.WorkerAsync("w-1");

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 5, reason = "x" });

        Assert.Equal((400, "idempotency-key-required"), (status, problem.Value<string>("code")));
    }

    [Fact]
    public async Task Unknown_fields_such_as_balance_are_never_bound()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-1", displayName = "张伟", unitId = "u1", balance = 999, lifetimeEarned = 999, tokenVersion = 7 });
        var (_, worker) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers/w-1");

        Assert.Equal(201, status);
        Assert.Equal(0, worker.Value<long>("balance"));
        Assert.Equal(0, worker.Value<long>("lifetimeEarned"));
    }

    [Fact]
    public async Task Unknown_content_and_unknown_views_are_404_and_write_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", 5, 0);
        var before = await Partition.SnapshotAsync(app, "w-1");

        var (startStatus, start) = await app.SendAsync(HttpMethod.Post, "/api/content/nope/views", worker);
        var (completeStatus, complete) = await app.SendAsync(HttpMethod.Post, "/api/content/c-1/views/nope/complete", worker);

        Assert.Equal((404, "content-not-found"), (startStatus, start.Value<string>("code")));
        Assert.Equal((404, "view-not-found"), (completeStatus, complete.Value<string>("code")));
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
    }

    [Fact]
    public async Task A_bad_limit_or_cursor_is_a_400()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        var (limitStatus, limit) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger?limit=0", worker);
        var (cursorStatus, cursor) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger?cursor=%%%", worker);

        Assert.Equal((400, "validation-failed"), (limitStatus, limit.Value<string>("code")));
        Assert.Equal((400, "invalid-cursor"), (cursorStatus, cursor.Value<string>("code")));
    }
}
