using Rewards.Domain;
using Rewards.Domain.Competitions;
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
internal sealed class QuizUseCase(AccountsTable accounts, QuizzesTable quizzes, LedgerWriter writer, CompetitionUseCase competitions, RulesStore rules, TimeProvider clock)
{
    public async Task<Decision<WorkerQuizList>> ListAsync(WorkerPrincipal worker, CancellationToken ct)
    {
        var snapshot = await rules.GetAsync(ct);
        var today = snapshot.Today(clock.GetUtcNow());
        var rows = await accounts.ReadAsync(worker.WorkerId, new SnapshotQuery { Day = today }, ct);
        if (rows.Refusal(worker) is { } refusal)
        {
            return refusal;
        }

        var tally = rows.Today;
        var perDay = snapshot.Rules.RuleFor(LedgerKinds.Quiz).AttemptsPerDay;
        return new WorkerQuizList([.. (await quizzes.AllAsync(ct)).Select(q =>
            new WorkerQuiz(q.Id, q.Title, q.QuestionsPerAttempt, q.TimeLimitSeconds, q.PointsPerCorrect, tally.AttemptsOf(LedgerKinds.Quiz), perDay))]);
    }

    /// <summary>
    /// Starts an attempt: one transaction adds the attempt row and counts it in today's row, under that row's ETag.
    /// The questions are drawn once per request; a competition's round is found from the worker's unit first.
    /// </summary>
    public async Task<Decision<AttemptStarted>> StartAsync(WorkerPrincipal worker, string quizId, string? competitionId, CancellationToken ct)
    {
        if (await quizzes.FindAsync(quizId, ct) is not { } quiz)
        {
            return new Refusal(ProblemCodes.QuizNotFound, $"There is no quiz '{quizId}'.");
        }

        Round? round = null;
        if (competitionId is not null)
        {
            var read = await accounts.ReadAsync(worker.WorkerId, SnapshotQuery.Nothing, ct);
            if (read.Refusal(worker) is { } revoked)
            {
                return revoked;
            }

            var entry = await competitions.EnterAsync(competitionId, quiz.Id, read.Account!.UnitId, ct);
            if (entry.IsRefused)
            {
                return entry.Refusal!;
            }

            round = entry.Value;
        }

        var drawn = Domain.Quizzes.QuizRules.Draw(quiz, Random.Shared);
        var attemptId = RowKeys.NewId(clock.GetUtcNow());
        return await writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, null, "", SnapshotQuery.Nothing),
            read =>
            {
                if (Domain.Quizzes.QuizRules.RefuseStart(read.Today, read.Rules.Rules) is { } refusal)
                {
                    return refusal;
                }

                var attempt = new Attempt(attemptId, quiz.Id, drawn, read.Now, read.Now.AddSeconds(quiz.TimeLimitSeconds));
                var questions = drawn.Select(id => quiz.Questions.First(q => q.Id == id)).Select(q => new AttemptQuestion(q.Id, q.Text, q.Options));
                return new LedgerChange { Puts = [new AttemptRow(attempt, competitionId, round?.Id)], CountsAttemptOf = LedgerKinds.Quiz }
                    .As(_ => new AttemptStarted(attempt.AttemptId, quiz.Id, read.Rules.Local(attempt.Deadline), [.. questions]));
            },
            ct);
    }

    /// <summary>
    /// Grades a submission once. The once-marker and the attempt row's ETag make a second submission, even a
    /// concurrent one, a 409 already-submitted; a zero score writes no ledger line but still closes the attempt.
    /// A competition attempt's score leaves through the outbox, in the same transaction as the grading.
    /// </summary>
    public async Task<Decision<QuizResult>> SubmitAsync(WorkerPrincipal worker, string quizId, string attemptId, IReadOnlyDictionary<string, int> answers, CancellationToken ct)
    {
        var quiz = await quizzes.FindAsync(quizId, ct);
        return await writer.WriteAsync(
            new LedgerCommand(worker.WorkerId, worker, null, "", new SnapshotQuery { Attempts = [attemptId], Once = [OnceKey(attemptId)] }),
            read => Grade(read, quiz, quizId, attemptId, answers),
            ct);
    }

    private static Decision<Decided<QuizResult>> Grade(LedgerRead read, Quiz? quiz, string quizId, string attemptId, IReadOnlyDictionary<string, int> answers)
    {
        if (quiz is null || read.Snapshot.Attempt(attemptId) is not { } row || row.Attempt.QuizId != quizId)
        {
            return new Refusal(ProblemCodes.AttemptNotFound, $"There is no attempt '{attemptId}' of quiz '{quizId}' for this worker.");
        }

        if (read.Snapshot.HasOnce(OnceKey(attemptId)))
        {
            return new Refusal(QuizCodes.AlreadySubmitted, "This attempt has already been submitted.");
        }

        if (read.Now > row.Attempt.ExpiresAt)
        {
            return new Refusal(QuizCodes.AttemptExpired, "This attempt expired a day after its deadline; start a new one.");
        }

        var errors = Domain.Quizzes.QuizRules.AnswerErrors(row.Attempt, quiz, answers);
        if (errors.Count > 0)
        {
            return new Refusal(QuizCodes.InvalidAnswers, "Some answers are for questions outside this attempt or name no option.", new Dictionary<string, object?> { ["errors"] = errors });
        }

        var grade = Domain.Quizzes.QuizRules.Grade(row.Attempt, quiz, answers, read.Now);
        var earned = Domain.Quizzes.QuizRules.Award(grade, quiz, read.Today, read.Rules.Rules, read.Rules.Campaigns, read.Rules.LocalNow(read.Now));
        var posting = earned.Paid == Points.Zero ? null
            : new Posting(earned.Paid.Value, LedgerKinds.Quiz, earned.Reason($"答题《{quiz.Title}》答对 {grade.Correct}/{grade.Total}"), $"quiz:{attemptId}:{grade.Correct}/{grade.Total}");
        var score = row.CompetitionId is { } competition && !grade.Late
            ? new RoundScore(competition, row.RoundId ?? "", read.Account.UnitId, read.Snapshot.WorkerId, grade.Correct, grade.Total, attemptId)
            : null;
        var change = new LedgerChange
        {
            Posting = posting,
            Once = [OnceKey(attemptId)],
            Puts = [row with { Result = new AttemptResult(grade.Correct, grade.Total, grade.Late, earned.Paid.Value) }],
            Outbox = score is null ? [] : [new OutboxMessage($"score-{score.AttemptId}", StorageNames.CompetitionScoreQueue, score)],
        };
        return change.As(posted => new QuizResult(attemptId, grade.Correct, grade.Total, grade.Late, posted.Line?.Amount ?? 0, posted.Account.Balance, earned.CapNote ?? (grade.Late ? "超时提交，不计分" : null), grade.Results));
    }

    private static string OnceKey(string attemptId) => $"quiz:{attemptId}";
}
