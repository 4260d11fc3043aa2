using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Failures;

/// <summary>
/// What a client hears when storage fails: a committed write is reported as done, never as a failure; an
/// escaped exception is a problem with a stable code, never an empty 500; contention is 503 with Retry-After.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class FailureAnswerTests(AzuriteFixture azurite)
{
    private static async Task<(TestApp App, ScriptedFaults Faults, string Token)> StartAsync(AzuriteFixture azurite)
    {
        var faults = new ScriptedFaults();
        var app = await TestApp.StartAsync(azurite, configure: o =>
        {
            o.ConfigureServices += s => s.AddSingleton<HttpPipelinePolicy>(faults);
            o.Settings["AzureWebJobs:SweepOutbox:Disabled"] = "true";
        });
        await app.ContentAsync("c-001", points: 5, minSeconds: 0);
        return (app, faults, await app.WorkerAsync("w-1"));
    }

    [Fact]
    public async Task An_award_whose_commit_answer_is_lost_and_whose_retries_are_exhausted_is_reported_as_awarded()
    {
        var (app, faults, token) = await StartAsync(azurite);
        await using var _ = app;
        var (_, view) = await app.SendAsync(HttpMethod.Post, "/api/content/c-001/views", token);
        var viewId = view.Value<string>("viewId");

        // The transaction commits, its answer is lost, and every retry of the SDK fails in transport.
        faults.Arm(ScriptedFaults.IsTransaction, times: 4, firstAfterSending: true);
        var (status, body) = await app.SendAsync(HttpMethod.Post, $"/api/content/c-001/views/{viewId}/complete", token);
        var (again, replay) = await app.SendAsync(HttpMethod.Post, $"/api/content/c-001/views/{viewId}/complete", token);
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);

        Assert.Equal(4, faults.Injected);
        Assert.Equal((200, 5), (status, body.Value<int>("awarded")));
        Assert.Equal((200, body.ToString()), (again, replay.ToString()));
        Assert.Equal(5L, me.Value<long>("balance"));
    }

    [Fact]
    public async Task A_graded_quiz_whose_commit_answer_is_lost_is_reported_graded_not_already_submitted()
    {
        var (app, faults, token) = await StartAsync(azurite);
        await using var _ = app;
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: Quizzes.QuizTests.Quiz);
        var (_, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", token);
        var answers = attempt["questions"]!.ToDictionary(q => q.Value<string>("id")!, q => Quizzes.QuizTests.Key[q.Value<string>("id")!]);

        // No idempotency key names a quiz submission: only reading back the rows the transaction added tells
        // that it went through, since deciding again would find the attempt submitted.
        faults.Arm(ScriptedFaults.IsTransaction, times: 4, firstAfterSending: true);
        var (status, graded) = await app.SendAsync(HttpMethod.Post, $"/api/quizzes/q-001/attempts/{attempt.Value<string>("attemptId")}/answers", token, new { answers });
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);

        Assert.Equal(4, faults.Injected);
        Assert.Equal((200, 3, 6), (status, graded.Value<int>("correct"), graded.Value<int>("awarded")));
        Assert.Equal(6L, me.Value<long>("balance"));
    }

    [Fact]
    public async Task A_prize_whose_stock_commit_answer_is_lost_is_still_created_with_its_stock()
    {
        var (app, faults, _) = await StartAsync(azurite);
        await using var _ = app;
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-1", name = "服务社" });

        // The stock transaction commits, its answer is lost, and the SDK's retry meets the rows it wrote (409).
        faults.Arm(ScriptedFaults.IsTransaction, times: 1, firstAfterSending: true);
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-1", title = "急救包", cost = 10, stock = 5, partnerId = "p-1" });
        var (read, prize) = await app.SendAsync(HttpMethod.Get, "/api/admin/rewards/r-1");

        Assert.Equal(1, faults.Injected);
        Assert.Equal(201, status);
        Assert.Equal((200, 5L), (read, prize["stock"]!.Value<long>("remaining")));
    }

    [Fact]
    public async Task An_award_whose_event_cannot_be_published_is_still_awarded_and_the_sweep_publishes_it()
    {
        var (app, faults, token) = await StartAsync(azurite);
        await using var _ = app;
        var ledgerEvents = app.Service<IOptions<StorageOptions>>().Value.Queue(StorageNames.LedgerEvents);
        var (_, view) = await app.SendAsync(HttpMethod.Post, "/api/content/c-001/views", token);

        faults.Arm(m => ScriptedFaults.IsQueueSend(m, ledgerEvents), times: 4);
        var (status, body) = await app.SendAsync(HttpMethod.Post, $"/api/content/c-001/views/{view.Value<string>("viewId")}/complete", token);
        var accounts = app.Service<AccountsTable>();
        var left = (await accounts.ReadAsync("w-1", new SnapshotQuery { Outbox = [body.Value<string>("txId")!] }, CancellationToken.None)).Rows.OfType<OutboxRow>().Count();
        var published = await app.Service<Outbox>().SweepAsync(DateTimeOffset.MaxValue, CancellationToken.None);

        Assert.Equal(4, faults.Injected);
        Assert.Equal((200, 5), (status, body.Value<int>("awarded")));
        Assert.Equal(1, left);
        Assert.Equal(1, published);
        await TestApp.EventuallyAsync(
            async () => (await app.SendAsync(HttpMethod.Get, "/api/leaderboards/individual?period=all", token)).Body["items"]!.Any(i => i.Value<long>("points") == 5),
            "the swept event reaches the leaderboard");
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_problem_with_a_trace_id_and_no_internals()
    {
        var (app, faults, token) = await StartAsync(azurite);
        await using var _ = app;

        faults.Arm(_ => true, times: 1, fault: () => new InvalidOperationException("secret internals at Rewards.Functions.Accounts"));
        using var response = await app.Http.SendAsync(app.Request(HttpMethod.Get, "/api/me", token));
        var text = await response.Content.ReadAsStringAsync();
        var body = Newtonsoft.Json.Linq.JObject.Parse(text);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("internal-error", body.Value<string>("code"));
        Assert.False(string.IsNullOrEmpty(body.Value<string>("traceId")));
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rewards.Functions", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contention_that_outlasts_the_retries_of_a_fulfilment_is_503_with_retry_after()
    {
        var (app, faults, _) = await StartAsync(azurite);
        await using var __ = app;
        var (_, partner) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: Catalog.PartnerTests.Partner);
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "急救包", cost = 10, stock = 5, partnerId = "p-001" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 30, reason = "测试" }, idempotencyKey: "fund");
        var token = app.Service<Identity.WorkerTokens>().Issue("w-1", 1).Token;
        var (_, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId = "r-001", quantity = 1 }, "r1");
        var id = redemption.Value<string>("id")!;
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", token)).Body.Value<string>("status") == "reserved", "reserved");
        var orders = app.Service<IOptions<StorageOptions>>().Value.Table(StorageNames.Orders);

        faults.Arm(m => ScriptedFaults.IsEntityWrite(m, orders) || ScriptedFaults.IsTransaction(m), times: int.MaxValue, fault: ScriptedFaults.Conflict);
        using var response = await app.Http.SendAsync(app.Request(HttpMethod.Post, $"/api/partner/orders/{id}/accept", partner.Value<string>("apiKey")));
        var body = Newtonsoft.Json.Linq.JObject.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("contention", body.Value<string>("code"));
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After");
    }
}
