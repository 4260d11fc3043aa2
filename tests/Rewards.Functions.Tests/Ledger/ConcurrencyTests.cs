using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Ledger;

[Collection(StorageCollection.Name)]
public sealed class ConcurrencyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Fifty_parallel_completions_of_one_view_award_once_and_all_get_the_same_outcome()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", points: 5, minSeconds: 0);
        var (_, view) = await app.SendAsync(HttpMethod.Post, "/api/content/c-1/views", worker);
        var viewId = view.Value<string>("viewId");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            app.SendAsync(HttpMethod.Post, $"/api/content/c-1/views/{viewId}/complete", worker)));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Single(results.Select(r => r.Body.ToString()).Distinct());
        Assert.Equal(5, results[0].Body.Value<long>("awarded"));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        Assert.Equal(5, me.Value<long>("balance"));
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", worker);
        Assert.Single(ledger["items"]!);
    }

    [Fact]
    public async Task Thirty_parallel_adjustments_with_distinct_keys_all_apply()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        var results = await Task.WhenAll(Enumerable.Range(1, 30).Select(i =>
            app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = i, reason = $"补发 {i}" }, idempotencyKey: $"key-{i}")));

        Assert.All(results, r => Assert.Equal(201, r.Status));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        Assert.Equal(Enumerable.Range(1, 30).Sum(), me.Value<long>("balance"));
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger?limit=100", worker);
        Assert.Equal(30, ledger["items"]!.Count());
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        Assert.Empty(report["mismatches"]!);
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_ten_times_in_parallel_applies_once()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        var body = new { workerId = "w-1", amount = 7, reason = "安全标兵奖励" };

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: body, idempotencyKey: "same-key")));

        Assert.All(results, r => Assert.Equal(201, r.Status));
        Assert.Single(results.Select(r => r.Body.Value<string>("txId")).Distinct());
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        Assert.Equal(7, me.Value<long>("balance"));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_refused_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 7, reason = "奖励" }, idempotencyKey: "k");

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 70, reason = "奖励" }, idempotencyKey: "k");

        Assert.Equal(422, status);
        Assert.Equal("idempotency-key-reused", problem.Value<string>("code"));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        Assert.Equal(7, me.Value<long>("balance"));
    }
}
