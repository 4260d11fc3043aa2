using Azure.Data.Tables;
using Rewards.Domain;
using Rewards.Domain.Competitions;
using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Accounts;
using Rewards.Functions.Competitions;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Quizzes;

/// <summary>Quizzes for workers: attempts drawn at random and counted per day, graded once on the server.</summary>
internal sealed class QuizUseCase(AccountsTable accounts, QuizzesTable quizzes, LedgerWriter writer, Outbox outbox, CompetitionUseCase competitions, RulesStore rules, TimeProvider clock)
{
    public async Task<Decision<WorkerQuizList>> ListAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(clock.GetUtcNow());
        var dayKey = RowKeys.Day(LocalDay.Key(today));
        var rows = await accounts.ReadAsync(worker.WorkerId, [RowKeys.Account, dayKey], ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var tally = AccountRow.Day(rows.Row(dayKey), today);
        var perDay = snapshot.Rules.RuleFor(LedgerKinds.Quiz).AttemptsPerDay;
        return new WorkerQuizList([.. (await quizzes.AllAsync(ct)).Select(q =>
            new WorkerQuiz(q.Id, q.Title, q.QuestionsPerAttempt, q.TimeLimitSeconds, q.PointsPerCorrect, tally.AttemptsOf(LedgerKinds.Quiz), perDay))]);
    }

    /// <summary>Starts an attempt: one transaction adds the attempt row and counts it in today's row, under that row's ETag.</summary>
    public async Task<Decision<AttemptStarted>> StartAsync(WorkerPrincipal worker, string quizId, string? competitionId, CancellationToken ct)
    {
        if (await quizzes.FindAsync(quizId, ct) is not { } quiz)
        {
            return new Refusal(ProblemCodes.QuizNotFound, $"There is no quiz '{quizId}'.");
        }

        return await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var now = clock.GetUtcNow();
            var snapshot = await rules.GetAsync(token);
            var today = snapshot.Today(now);
            var dayKey = RowKeys.Day(LocalDay.Key(today));
            var rows = await accounts.ReadAsync(worker.WorkerId, [RowKeys.Account, dayKey], token);
            var tally = AccountRow.Day(rows.Row(dayKey), today);
            if ((rows.Refusal(worker) ?? Domain.Quizzes.QuizRules.RefuseStart(tally, snapshot.Rules)) is { } refusal)
            {
                return (Decision<AttemptStarted>)refusal;
            }

            Round? round = null;
            if (competitionId is not null)
            {
                var entry = await competitions.EnterAsync(competitionId, quiz.Id, AccountRow.UnitId(rows.Account!), token);
                if (entry.IsRefused)
                {
                    return entry.Refusal!;
                }

                round = entry.Value;
            }

            var drawn = Domain.Quizzes.QuizRules.Draw(quiz, Random.Shared);
            var attempt = new Attempt(RowKeys.NewId(now), quiz.Id, drawn, now, now.AddSeconds(quiz.TimeLimitSeconds));
            await accounts.CommitAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity(worker.WorkerId, RowKeys.Attempt(attempt.AttemptId))
                {
                    ["QuizId"] = quiz.Id,
                    ["QuestionIds"] = Json.Serialize(drawn),
                    ["StartedAt"] = attempt.StartedAt,
                    ["Deadline"] = attempt.Deadline,
                    ["CompetitionId"] = competitionId,
                    ["RoundId"] = round?.Id,
                }),
                AccountRow.DayAttempts(worker.WorkerId, rows.Row(dayKey), tally.AddAttempt(LedgerKinds.Quiz), LedgerKinds.Quiz),
            ], token);
            var questions = drawn.Select(id => quiz.Questions.First(q => q.Id == id)).Select(q => new AttemptQuestion(q.Id, q.Text, q.Options));
            return new AttemptStarted(attempt.AttemptId, quiz.Id, snapshot.Local(attempt.Deadline), [.. questions]);
        }, ct);
    }

    /// <summary>
    /// Grades a submission once. The once-marker and the attempt row's ETag make a second submission, even a
    /// concurrent one, a 409 already-submitted; a zero score writes no ledger line but still closes the attempt.
    /// </summary>
    public async Task<Decision<QuizResult>> SubmitAsync(WorkerPrincipal worker, string quizId, string attemptId, IReadOnlyDictionary<string, int> answers, CancellationToken ct)
    {
        var quiz = await quizzes.FindAsync(quizId, ct);
        var attemptKey = RowKeys.Attempt(attemptId);
        var once = $"quiz:{attemptId}";
        Grade? grade = null;
        Earned? earned = null;
        RoundScore? score = null;
        var result = await writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, null, "", [attemptKey, RowKeys.Once(once)]),
            read =>
            {
                if (quiz is null || read.Rows.Row(attemptKey) is not { } row || row.GetString("QuizId") != quizId)
                {
                    return new Refusal(ProblemCodes.AttemptNotFound, $"There is no attempt '{attemptId}' of quiz '{quizId}' for this worker.");
                }

                if (read.Rows.Has(RowKeys.Once(once)))
                {
                    return new Refusal(QuizCodes.AlreadySubmitted, "This attempt has already been submitted.");
                }

                var attempt = new Attempt(attemptId, quizId, Json.Deserialize<List<string>>(row.GetString("QuestionIds") ?? "[]") ?? [], row.GetDateTimeOffset("StartedAt") ?? default, row.GetDateTimeOffset("Deadline") ?? default);
                if (read.Now > attempt.ExpiresAt)
                {
                    return new Refusal(QuizCodes.AttemptExpired, "This attempt expired a day after its deadline; start a new one.");
                }

                var errors = Domain.Quizzes.QuizRules.AnswerErrors(attempt, quiz, answers);
                if (errors.Count > 0)
                {
                    return new Refusal(QuizCodes.InvalidAnswers, "Some answers are for questions outside this attempt or name no option.", new Dictionary<string, object?> { ["errors"] = errors });
                }

                grade = Domain.Quizzes.QuizRules.Grade(attempt, quiz, answers, read.Now);
                earned = Domain.Quizzes.QuizRules.Award(grade, quiz, read.Today, read.Rules.Rules, read.Rules.Campaigns, read.Rules.LocalNow(read.Now));
                var closed = new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(worker.WorkerId, attemptKey) { ["Submitted"] = true, ["Correct"] = grade.Correct, ["Total"] = grade.Total, ["Late"] = grade.Late, ["Awarded"] = earned.Paid.Value },
                    row.ETag);
                var posting = earned.Paid == Points.Zero ? null
                    : new Posting(earned.Paid.Value, LedgerKinds.Quiz, earned.Reason($"答题《{quiz.Title}》答对 {grade.Correct}/{grade.Total}"), $"quiz:{attemptId}:{grade.Correct}/{grade.Total}");
                score = row.GetString("CompetitionId") is { } competition && !grade.Late
                    ? new RoundScore(competition, row.GetString("RoundId") ?? "", AccountRow.UnitId(read.Rows.Account!), worker.WorkerId, grade.Correct, grade.Total, attemptId)
                    : null;
                return new LedgerChange(posting, [once], score is null ? [closed] : [closed, ScoreRow(score)]);
            },
            (line, next, _) => new QuizResult(attemptId, grade!.Correct, grade.Total, grade.Late, line?.Amount ?? 0, next.Balance, earned!.CapNote ?? (grade.Late ? "超时提交，不计分" : null), grade.Results),
            ct);
        if (!result.IsRefused && score is not null)
        {
            await outbox.TryPublishAsync(worker.WorkerId, ScoreKey(score), StorageNames.CompetitionScoreQueue, Json.Serialize(score));
        }

        return result;
    }

    /// <summary>A competition score leaves through the outbox, in the same transaction as the grading.</summary>
    private static TableTransactionAction ScoreRow(RoundScore score) =>
        Outbox.Row(score.WorkerId, ScoreKey(score), StorageNames.CompetitionScoreQueue, Json.Serialize(score));

    private static string ScoreKey(RoundScore score) => $"score-{score.AttemptId}";
}
