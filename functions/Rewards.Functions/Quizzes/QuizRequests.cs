using System.ComponentModel.DataAnnotations;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Admin;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Quizzes;

internal sealed class QuizRequest : IAdminBody<Quiz>
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? Id { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? Title { get; set; }

    [Required, Range(1, 50)]
    public int? QuestionsPerAttempt { get; set; }

    [Required, Range(10, 3600)]
    public int? TimeLimitSeconds { get; set; }

    [Required, Range(0, 100)]
    public int? PointsPerCorrect { get; set; }

    [Required, MinLength(1), MaxLength(500)]
    public List<QuestionRequest>? Questions { get; set; }

    /// <summary>The quiz, with the errors of its nested questions (which data annotations do not reach) and of the quiz rules.</summary>
    public Checked<Quiz> Check()
    {
        var errors = QuestionErrors();
        var quiz = new Quiz(Id!, Title!, QuestionsPerAttempt!.Value, TimeLimitSeconds!.Value, PointsPerCorrect!.Value,
            [.. Questions!.Select(q => new Question(q.Id ?? "", q.Text ?? "", q.Options ?? [], q.Answer ?? -1))]);
        foreach (var (field, message) in QuizRules.Errors(quiz))
        {
            errors.TryAdd(field, [message]);
        }

        return new(quiz, errors);
    }

    private Dictionary<string, string[]> QuestionErrors()
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < Questions!.Count; i++)
        {
            var q = Questions[i];
            if (!Ids.IsValid(q.Id))
            {
                errors[$"questions[{i}].id"] = [Ids.Message];
            }

            if (string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > 500)
            {
                errors[$"questions[{i}].text"] = ["is required, up to 500 characters"];
            }

            if (q.Options is null || q.Options.Count > 8 || q.Options.Any(o => o is null || o.Length > 200))
            {
                errors[$"questions[{i}].options"] = ["need two to eight options of up to 200 characters"];
            }

            if (q.Answer is null)
            {
                errors[$"questions[{i}].answer"] = ["is required"];
            }
        }

        return errors;
    }
}

internal sealed class QuestionRequest
{
    public string? Id { get; set; }

    public string? Text { get; set; }

    public List<string>? Options { get; set; }

    public int? Answer { get; set; }
}

/// <summary>Optional body of an attempt: the competition it enters, if any.</summary>
internal sealed class StartAttemptRequest
{
    [RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? CompetitionId { get; set; }
}

internal sealed class AnswersRequest
{
    [Required]
    public Dictionary<string, int>? Answers { get; set; }
}

internal sealed record QuizSummary(string Id, string Title, int QuestionsPerAttempt, int TimeLimitSeconds, int PointsPerCorrect, int QuestionCount);

internal sealed record WorkerQuiz(string Id, string Title, int QuestionsPerAttempt, int TimeLimitSeconds, int PointsPerCorrect, int AttemptsToday, int AttemptsPerDay);

internal sealed record WorkerQuizList(IReadOnlyList<WorkerQuiz> Items);

/// <summary>A question as a worker sees it during an attempt: no answer, anywhere.</summary>
internal sealed record AttemptQuestion(string Id, string Text, IReadOnlyList<string> Options);

internal sealed record AttemptStarted(string AttemptId, string QuizId, DateTimeOffset ExpiresAt, IReadOnlyList<AttemptQuestion> Questions);

internal sealed record QuizResult(string AttemptId, int Correct, int Total, bool Late, long Awarded, long Balance, string? Note, IReadOnlyList<QuestionResult> Results);
