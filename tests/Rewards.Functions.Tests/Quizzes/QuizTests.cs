using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Quizzes;

[Collection(StorageCollection.Name)]
public sealed class QuizTests(AzuriteFixture azurite)
{
    internal static readonly object Quiz = new
    {
        id = "q-001",
        title = "安全应急消防知识",
        questionsPerAttempt = 3,
        timeLimitSeconds = 300,
        pointsPerCorrect = 2,
        questions = new object[]
        {
            new { id = "q1", text = "灭火器使用口诀？", options = new[] { "提拔握压", "拔提压握" }, answer = 0 },
            new { id = "q2", text = "CPR 按压频率（次/分）？", options = new[] { "60-80", "100-120", "140-160" }, answer = 1 },
            new { id = "q3", text = "有限空间作业第一步？", options = new[] { "先作业", "先通风" }, answer = 1 },
            new { id = "q4", text = "安全帽下颏带要？", options = new[] { "系紧", "不系" }, answer = 0 },
        },
    };

    internal static readonly Dictionary<string, int> Key = new() { ["q1"] = 0, ["q2"] = 1, ["q3"] = 1, ["q4"] = 0 };

    private static async Task<(TestApp App, string Worker)> StartAsync(AzuriteFixture azurite, FakeTimeProvider? clock = null)
    {
        var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: Quiz);
        Assert.Equal(201, status);
        return (app, worker);
    }

    private static Dictionary<string, int> RightAnswers(JObject attempt) =>
        attempt["questions"]!.ToDictionary(q => q.Value<string>("id")!, q => Key[q.Value<string>("id")!]);

    [Fact]
    public async Task An_attempt_carries_no_answer_at_any_depth()
    {
        var (app, worker) = await StartAsync(azurite);
        await using var _ = app;

        var (status, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", worker);

        Assert.Equal(201, status);
        Assert.Equal(3, attempt["questions"]!.Count());
        var names = attempt.Descendants().OfType<JProperty>().Select(p => p.Name).ToList();
        Assert.DoesNotContain(names, n => n.Contains("answer", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, n => n.Contains("correct", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_hundred_parallel_submissions_give_one_award()
    {
        var (app, worker) = await StartAsync(azurite);
        await using var _ = app;
        var (_, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", worker);
        var path = $"/api/quizzes/q-001/attempts/{attempt.Value<string>("attemptId")}/answers";

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => app.SendAsync(HttpMethod.Post, path, worker, new { answers = RightAnswers(attempt) })));

        Assert.Single(results, r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal((409, "already-submitted"), (r.Status, r.Body.Value<string>("code"))));
        var graded = results.Single(r => r.Status == 200).Body;
        Assert.Equal((3, 3, 6L), (graded.Value<int>("correct"), graded.Value<int>("total"), graded.Value<long>("awarded")));
        Assert.All(graded["results"]!, r => Assert.True(r.Value<bool>("correct")));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);
        Assert.Equal(6, me.Value<long>("balance"));
    }

    [Fact]
    public async Task The_graded_response_reveals_the_right_answers_of_wrong_ones()
    {
        var (app, worker) = await StartAsync(azurite);
        await using var _ = app;
        var (_, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", worker);
        var wrong = attempt["questions"]!.ToDictionary(q => q.Value<string>("id")!, q => Key[q.Value<string>("id")!] == 0 ? 1 : 0);

        var (status, graded) = await app.SendAsync(HttpMethod.Post, $"/api/quizzes/q-001/attempts/{attempt.Value<string>("attemptId")}/answers", worker, new { answers = wrong });

        Assert.Equal(200, status);
        Assert.Equal(0, graded.Value<long>("awarded"));
        Assert.All(graded["results"]!, r => Assert.Equal(Key[r.Value<string>("questionId")!], r.Value<int>("answer")));
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger", worker);
        Assert.Empty(ledger["items"]!);
    }

    [Fact]
    public async Task A_late_submission_scores_zero_and_closes_the_attempt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8)));
        var (app, worker) = await StartAsync(azurite, clock);
        await using var _ = app;
        var (_, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", worker);
        var path = $"/api/quizzes/q-001/attempts/{attempt.Value<string>("attemptId")}/answers";
        clock.Advance(TimeSpan.FromSeconds(301));

        var (status, graded) = await app.SendAsync(HttpMethod.Post, path, worker, new { answers = RightAnswers(attempt) });
        var (again, _) = await app.SendAsync(HttpMethod.Post, path, worker, new { answers = RightAnswers(attempt) });

        Assert.Equal(200, status);
        Assert.True(graded.Value<bool>("late"));
        Assert.Equal((0, 0L), (graded.Value<int>("correct"), graded.Value<long>("awarded")));
        Assert.Equal(409, again);
    }

    [Fact]
    public async Task Attempts_per_day_hold_even_when_started_in_parallel()
    {
        var (app, worker) = await StartAsync(azurite);
        await using var _ = app;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", worker)));

        Assert.Equal(3, results.Count(r => r.Status == 201));
        Assert.All(results.Where(r => r.Status != 201), r => Assert.Equal((409, "attempts-exhausted"), (r.Status, r.Body.Value<string>("code"))));
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/quizzes", worker);
        Assert.Equal(3, list["items"]![0]!.Value<int>("attemptsToday"));
    }

    [Fact]
    public async Task Bad_submissions_get_clear_problems_and_change_nothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8)));
        var (app, worker) = await StartAsync(azurite, clock);
        await using var _ = app;
        var other = await app.WorkerAsync("w-2");
        var (_, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", worker);
        var attemptId = attempt.Value<string>("attemptId");
        var path = $"/api/quizzes/q-001/attempts/{attemptId}/answers";
        var drawn = attempt["questions"]!.Select(q => q.Value<string>("id")!).ToList();
        var notDrawn = Key.Keys.Except(drawn).First();
        var before = await Partition.SnapshotAsync(app, "w-1");

        var foreign = await app.SendAsync(HttpMethod.Post, path, worker, new { answers = new Dictionary<string, int> { [notDrawn] = 0 } });
        var range = await app.SendAsync(HttpMethod.Post, path, worker, new { answers = new Dictionary<string, int> { [drawn[0]] = 7 } });
        var stolen = await app.SendAsync(HttpMethod.Post, path, other, new { answers = RightAnswers(attempt) });
        var wrongQuiz = await app.SendAsync(HttpMethod.Post, $"/api/quizzes/q-404/attempts/{attemptId}/answers", worker, new { answers = RightAnswers(attempt) });
        var typed = await app.SendAsync(HttpMethod.Post, path, worker, new { answers = new Dictionary<string, string> { [drawn[0]] = "0" } });
        clock.Advance(TimeSpan.FromHours(25));
        var expired = await app.SendAsync(HttpMethod.Post, path, worker, new { answers = RightAnswers(attempt) });

        Assert.Equal((400, "invalid-answers"), (foreign.Status, foreign.Body.Value<string>("code")));
        Assert.NotNull(foreign.Body["errors"]![$"answers.{notDrawn}"]);
        Assert.Equal((400, "invalid-answers"), (range.Status, range.Body.Value<string>("code")));
        Assert.Equal((404, "attempt-not-found"), (stolen.Status, stolen.Body.Value<string>("code")));
        Assert.Equal((404, "attempt-not-found"), (wrongQuiz.Status, wrongQuiz.Body.Value<string>("code")));
        Assert.Equal((400, "validation-failed"), (typed.Status, typed.Body.Value<string>("code")));
        Assert.Equal((409, "attempt-expired"), (expired.Status, expired.Body.Value<string>("code")));
        Assert.Equal(before, await Partition.SnapshotAsync(app, "w-1"));
    }

    [Fact]
    public async Task A_quiz_with_a_bad_bank_is_refused_and_not_stored()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var bad = new { id = "q-2", title = "x", questionsPerAttempt = 2, timeLimitSeconds = 60, pointsPerCorrect = 1, questions = new object[] { new { id = "a", text = "?", options = new[] { "x", "y" }, answer = 5 } } };

        var (status, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: bad);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/quizzes");

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]!["questions[0].answer"]);
        Assert.NotNull(problem["errors"]!["questionsPerAttempt"]);
        Assert.Empty(list["items"]!);
    }
}
