namespace Rewards.Domain.Quizzes;

/// <summary>A question of a bank; <see cref="Answer"/> is the index of the right option and never leaves the server before grading.</summary>
public sealed record Question(string Id, string Text, IReadOnlyList<string> Options, int Answer);

/// <summary>A quiz: each attempt draws <see cref="QuestionsPerAttempt"/> questions from the bank and has <see cref="TimeLimitSeconds"/>.</summary>
public sealed record Quiz(string Id, string Title, int QuestionsPerAttempt, int TimeLimitSeconds, int PointsPerCorrect, IReadOnlyList<Question> Questions);

/// <summary>An attempt as started: which questions were drawn, and until when the answers count.</summary>
public sealed record Attempt(string AttemptId, string QuizId, IReadOnlyList<string> QuestionIds, DateTimeOffset StartedAt, DateTimeOffset Deadline)
{
    /// <summary>After the deadline an attempt can still be handed in (it scores 0) until this much later; then it is gone.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(24);

    public DateTimeOffset ExpiresAt => Deadline + Grace;
}

public sealed record QuestionResult(string QuestionId, bool Correct, int Answer, int? Given);

public sealed record Grade(int Correct, int Total, bool Late, IReadOnlyList<QuestionResult> Results)
{
    public bool Perfect => !Late && Correct == Total;
}
