using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Failures;

/// <summary>
/// The ETag loops outside the ledger writer (quiz attempt start, share open, link revocation): contention that
/// outlasts their retries is a 503 <c>contention</c> problem with Retry-After and changes nothing, and contention
/// they can absorb is decided again on a fresh read instead of failing.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ContentionAnswerTests(AzuriteFixture azurite)
{
    private static async Task<(TestApp App, ScriptedFaults Faults, BeforeSending Race)> StartAsync(AzuriteFixture azurite)
    {
        var (faults, race) = (new ScriptedFaults(), new BeforeSending());
        var app = await TestApp.StartAsync(azurite, configure: o =>
        {
            o.WithoutTimers();
            o.ConfigureServices += s => s.AddSingleton<HttpPipelinePolicy>(faults).AddSingleton<HttpPipelinePolicy>(race);
        });
        return (app, faults, race);
    }

    private static string Table(TestApp app, string name) => app.Service<IOptions<StorageOptions>>().Value.Table(name);

    private static async Task<Newtonsoft.Json.Linq.JObject> AssertContentionAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After");
        var body = Newtonsoft.Json.Linq.JObject.Parse(text);
        Assert.Equal("contention", body.Value<string>("code"));
        return body;
    }

    [Fact]
    public async Task Contention_that_outlasts_the_retries_of_a_quiz_attempt_start_is_503_with_retry_after_and_counts_no_attempt()
    {
        var (app, faults, _) = await StartAsync(azurite);
        await using var _ = app;
        var token = await app.WorkerAsync("w-1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: Quizzes.QuizTests.Quiz);

        faults.Arm(ScriptedFaults.IsTransaction, times: int.MaxValue, fault: ScriptedFaults.Conflict);
        using var response = await app.Http.SendAsync(app.Request(HttpMethod.Post, "/api/quizzes/q-001/attempts", token));
        await AssertContentionAsync(response);
        faults.Disarm();
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/quizzes", token);

        Assert.True(faults.Injected > 1, $"only {faults.Injected} conflicts were met: the start was not retried");
        Assert.Equal(0, list["items"]![0]!.Value<int>("attemptsToday"));
    }

    [Fact]
    public async Task Contention_that_outlasts_the_retries_of_a_share_open_is_503_with_retry_after_and_credits_nothing()
    {
        var (app, faults, _) = await StartAsync(azurite);
        await using var _ = app;
        var sharer = await app.WorkerAsync("w-0");
        var opener = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", 5, 0);
        var (_, share) = await app.SendAsync(HttpMethod.Post, "/api/shares", sharer, new { contentId = "c-1" });
        var code = share.Value<string>("code");

        faults.Arm(ScriptedFaults.IsTransaction, times: int.MaxValue, fault: ScriptedFaults.Conflict);
        using var response = await app.Http.SendAsync(app.Request(HttpMethod.Post, $"/api/shares/{code}/opens", opener));
        await AssertContentionAsync(response);
        faults.Disarm();
        var (_, before) = await app.SendAsync(HttpMethod.Get, "/api/me", sharer);
        var (again, open) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{code}/opens", opener);

        Assert.True(faults.Injected > 1, $"only {faults.Injected} conflicts were met: the open was not retried");
        Assert.Equal(0L, before.Value<long>("balance"));
        Assert.Equal((200, true), (again, open.Value<bool>("credited")));
    }

    [Fact]
    public async Task A_share_open_whose_credit_is_committed_is_answered_as_credited_even_if_its_open_count_meets_contention()
    {
        var (app, faults, _) = await StartAsync(azurite);
        await using var _ = app;
        var sharer = await app.WorkerAsync("w-0");
        var opener = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", 5, 0);
        var (_, share) = await app.SendAsync(HttpMethod.Post, "/api/shares", sharer, new { contentId = "c-1" });
        var shares = Table(app, StorageNames.Shares);

        // The credit commits in the sharer's partition; only the open counter in the Shares table stays contended.
        faults.Arm(m => ScriptedFaults.IsEntityWrite(m, shares), times: int.MaxValue, fault: ScriptedFaults.Conflict);
        var (status, open) = await app.SendAsync(HttpMethod.Post, $"/api/shares/{share.Value<string>("code")}/opens", opener);
        faults.Disarm();
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", sharer);

        Assert.True(faults.Injected > 1, $"only {faults.Injected} conflicts were met");
        Assert.Equal((200, true), (status, open.Value<bool>("credited")));
        Assert.Equal(1L, me.Value<long>("balance"));
    }

    [Fact]
    public async Task Contention_that_outlasts_the_retries_of_a_link_revocation_is_503_with_retry_after_and_revokes_nothing()
    {
        var (app, faults, _) = await StartAsync(azurite);
        await using var _ = app;
        var token = await app.WorkerAsync("w-1");
        var accounts = Table(app, StorageNames.Accounts);

        faults.Arm(m => ScriptedFaults.IsEntityWrite(m, accounts), times: int.MaxValue, fault: ScriptedFaults.Conflict);
        using var request = app.Request(HttpMethod.Post, "/api/admin/workers/w-1/link", json: new { revokePrevious = true });
        using var response = await app.Http.SendAsync(request);
        await AssertContentionAsync(response);
        faults.Disarm();
        var (stillValid, _) = await app.SendAsync(HttpMethod.Get, "/api/me", token);

        Assert.True(faults.Injected > 1, $"only {faults.Injected} conflicts were met: the revocation was not retried");
        Assert.Equal(200, stillValid);
    }

    [Fact]
    public async Task A_link_revocation_racing_an_award_reads_the_account_again_and_revokes()
    {
        var (app, _, race) = await StartAsync(azurite);
        await using var _ = app;
        var old = await app.WorkerAsync("w-1");
        var accounts = Table(app, StorageNames.Accounts);

        // Between the revocation's read of the account and its conditional write, an award moves the account: a real 412.
        race.Arm(
            m => ScriptedFaults.IsEntityWrite(m, accounts),
            async () => Assert.False((await app.Service<Adjustments>().AdjustAsync(new AdjustmentRequest { WorkerId = "w-1", Amount = 5, Reason = "测试" }, "race", CancellationToken.None)).IsRefused));
        var (status, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-1/link", json: new { revokePrevious = true });
        var (oldAnswer, _) = await app.SendAsync(HttpMethod.Get, "/api/me", old);
        var (newAnswer, me) = await app.SendAsync(HttpMethod.Get, "/api/me", link.Value<string>("token"));

        Assert.Equal(1, race.Ran);
        Assert.Equal(200, status);
        Assert.Equal(401, oldAnswer);
        Assert.Equal((200, 5L), (newAnswer, me.Value<long>("balance")));
    }
}
