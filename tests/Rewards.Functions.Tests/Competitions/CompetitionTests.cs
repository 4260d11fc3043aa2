using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Competitions;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Competitions;

[Collection(StorageCollection.Name)]
public sealed class CompetitionTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly Dictionary<string, int> Key = new() { ["q1"] = 0, ["q2"] = 1, ["q3"] = 1 };

    private static readonly object Quiz = new
    {
        id = "q-001", title = "消防知识", questionsPerAttempt = 3, timeLimitSeconds = 600, pointsPerCorrect = 1,
        questions = new object[]
        {
            new { id = "q1", text = "灭火器口诀？", options = new[] { "提拔握压", "拔提压握" }, answer = 0 },
            new { id = "q2", text = "CPR 频率？", options = new[] { "60-80", "100-120" }, answer = 1 },
            new { id = "q3", text = "有限空间第一步？", options = new[] { "先作业", "先通风" }, answer = 1 },
        },
    };

    private static readonly object Contest = new
    {
        id = "c1", title = "安全应急消防知识竞赛",
        rounds = new object[]
        {
            new { id = "r1", title = "初赛", quizId = "q-001", opensAt = "2026-06-15T09:00:00", closesAt = "2026-06-15T10:00:00", advance = 2 },
            new { id = "r2", title = "决赛", quizId = "q-001", opensAt = "2026-06-15T10:00:00", closesAt = "2026-06-15T11:00:00" },
        },
        placings = new { champions = 1, runnersUp = 1, thirds = 0, championPoints = 50, runnerUpPoints = 30, thirdPoints = 0 },
    };

    private static async Task<(int Status, JObject Body)> AttemptAsync(TestApp app, string token, int correct)
    {
        var (status, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", token, new { competitionId = "c1" });
        if (status != 201)
        {
            return (status, attempt);
        }

        var answers = attempt["questions"]!.Select((q, i) => (Id: q.Value<string>("id")!, i)).ToDictionary(q => q.Id, q => q.i < correct ? Key[q.Id] : 1 - Key[q.Id]);
        return await app.SendAsync(HttpMethod.Post, $"/api/quizzes/q-001/attempts/{attempt.Value<string>("attemptId")}/answers", token, new { answers });
    }

    private static async Task<List<long>> BalancesAsync(TestApp app, params string[] tokens)
    {
        var balances = new List<long>();
        foreach (var token in tokens)
        {
            balances.Add((await app.SendAsync(HttpMethod.Get, "/api/me", token)).Body.Value<long>("balance"));
        }

        return balances;
    }

    private static async Task ScoresRecordedAsync(TestApp app, string round, int count) =>
        await TestApp.EventuallyAsync(async () => (await app.Service<CompetitionsTable>().BestsAsync("c1", round, CancellationToken.None)).Count == count, $"{count} scores in {round}");

    [Fact]
    public async Task A_contest_advances_the_top_teams_and_pays_the_finalists_of_the_placed_teams()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 9, 10, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.Settings["AzureWebJobs:CloseCompetitionRounds:Disabled"] = "true");
        var w1 = await app.WorkerAsync("w-1", unit: "u1");
        var w2 = await app.WorkerAsync("w-2", unit: "u1");
        var w3 = await app.WorkerAsync("w-3", unit: "u2");
        var w4 = await app.WorkerAsync("w-4", unit: "u2");
        var w5 = await app.WorkerAsync("w-5", unit: "u3");
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: Quiz);
        var (created, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/competitions", json: Contest);

        foreach (var (token, correct) in new[] { (w1, 3), (w2, 3), (w3, 3), (w5, 1) })
        {
            Assert.Equal(200, (await AttemptAsync(app, token, correct)).Status);
        }

        await ScoresRecordedAsync(app, "r1", 4);
        var (early, earlyProblem) = await app.SendAsync(HttpMethod.Post, "/api/admin/competitions/c1/rounds/r1/close");
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 15, 10, 5, 0, Shanghai));
        var (closed1, round1) = await app.SendAsync(HttpMethod.Post, "/api/admin/competitions/c1/rounds/r1/close");
        var (again, againProblem) = await app.SendAsync(HttpMethod.Post, "/api/admin/competitions/c1/rounds/r1/close");
        var outsider = await AttemptAsync(app, w5, 3);
        foreach (var token in new[] { w1, w3, w4 })
        {
            Assert.Equal(200, (await AttemptAsync(app, token, 3)).Status);
        }

        await ScoresRecordedAsync(app, "r2", 3);
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 15, 11, 1, 0, Shanghai));
        var (closed2, final) = await app.SendAsync(HttpMethod.Post, "/api/admin/competitions/c1/rounds/r2/close");

        Assert.Equal(201, created);
        Assert.Equal((409, "round-still-open"), (early, earlyProblem.Value<string>("code")));
        Assert.Equal(200, closed1);
        Assert.Equal(["u1:100", "u2:50", "u3:33.33"], round1["standings"]!["r1"]!.Select(t => $"{t.Value<string>("unitId")}:{t.Value<double>("score")}"));
        Assert.Equal(["u1", "u2"], round1["advanced"]!["r1"]!.Select(u => u.Value<string>()));
        Assert.Equal((409, "round-already-closed"), (again, againProblem.Value<string>("code")));
        Assert.Equal((409, "not-qualified"), (outsider.Status, outsider.Body.Value<string>("code")));
        Assert.Equal(200, closed2);
        Assert.Equal(["u2:champion:50", "u1:runner-up:30"], final["placings"]!.Select(p => $"{p.Value<string>("unitId")}:{p.Value<string>("placing")}:{p.Value<int>("points")}"));
        // Quiz points (1 per correct answer) plus prizes to finalists of placed teams, paid through the payout queue:
        // w1 3+3+30, w2 3, w3 3+3+50, w4 3+50, w5 1.
        await TestApp.EventuallyAsync(async () => (await BalancesAsync(app, w1, w2, w3, w4, w5)).SequenceEqual([36L, 3L, 56L, 53L, 1L]), "the finalists are paid");
    }

    [Fact]
    public async Task An_attempt_outside_any_open_round_is_refused_and_counts_no_attempt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 8, 0, 0, Shanghai));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var w1 = await app.WorkerAsync("w-1", unit: "u1");
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: Quiz);
        await app.SendAsync(HttpMethod.Post, "/api/admin/competitions", json: Contest);

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", w1, new { competitionId = "c1" });
        var (unknown, unknownProblem) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", w1, new { competitionId = "nope" });
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/quizzes", w1);

        Assert.Equal((409, "round-not-open"), (status, problem.Value<string>("code")));
        Assert.Equal((404, "competition-not-found"), (unknown, unknownProblem.Value<string>("code")));
        Assert.Equal(0, list["items"]![0]!.Value<int>("attemptsToday"));
    }

    [Fact]
    public async Task A_payout_refused_by_contention_is_retried_until_paid_and_never_lost()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 10, 10, 0, Shanghai));
        var faults = new Failures.ScriptedFaults();
        await using var app = await TestApp.StartAsync(azurite, clock, o =>
        {
            o.Settings["AzureWebJobs:CloseCompetitionRounds:Disabled"] = "true";
            o.ConfigureServices += s => s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(faults);
        });
        var w1 = await app.WorkerAsync("w-1", unit: "u1");
        var w2 = await app.WorkerAsync("w-2", unit: "u2");
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: Quiz);
        await app.SendAsync(HttpMethod.Post, "/api/admin/competitions", json: new
        {
            id = "c1", title = "安全应急消防知识竞赛",
            rounds = new object[] { new { id = "r2", title = "决赛", quizId = "q-001", opensAt = "2026-06-15T10:00:00", closesAt = "2026-06-15T11:00:00" } },
            placings = new { champions = 1, runnersUp = 1, thirds = 0, championPoints = 50, runnerUpPoints = 30, thirdPoints = 0 },
        });
        Assert.Equal(200, (await AttemptAsync(app, w1, 3)).Status);
        Assert.Equal(200, (await AttemptAsync(app, w2, 2)).Status);
        await ScoresRecordedAsync(app, "r2", 2);
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 15, 11, 1, 0, Shanghai));

        // Every transaction in w-1's partition meets a stale ETag, more times in a row than one delivery of its payout
        // can absorb (a first try and ConflictRetries retries) but fewer than two can: all of them are used up only if
        // the payout refused as contention goes back to the queue and is delivered again.
        const int OneDelivery = ConcurrencyRetry.ConflictRetries + 1;
        faults.Arm(m => Failures.ScriptedFaults.IsTransactionIn(m, "w-1"), times: OneDelivery + (OneDelivery / 2), fault: Failures.ScriptedFaults.Conflict);
        var (closed, final) = await app.SendAsync(HttpMethod.Post, "/api/admin/competitions/c1/rounds/r2/close");

        Assert.Equal(200, closed);
        Assert.Equal(2, final["placings"]!.Count());
        await TestApp.EventuallyAsync(
            async () => (await BalancesAsync(app, w1, w2)).SequenceEqual([3L + 50, 2L + 30]),
            "both finalists are paid",
            TimeSpan.FromMinutes(3),
            () => $"after {faults.Injected} conflicts");
        await app.IdleAsync(StorageNames.CompetitionPayoutQueue);
        var storage = app.Service<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        var poison = app.Service<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(storage.Queue(StorageNames.CompetitionPayoutQueue + "-poison"));
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", w1);

        Assert.Equal(OneDelivery + (OneDelivery / 2), faults.Injected);
        Assert.Equal(1, ledger["items"]!.Count(l => l.Value<string>("kind") == "competition"));
        // The count includes messages a peek cannot see (nothing reads this queue, but the count says so for certain).
        Assert.True(!await poison.ExistsAsync() || (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "a payout went to poison");
        Assert.Equal([3L + 50, 2L + 30], await BalancesAsync(app, w1, w2));
    }
}
