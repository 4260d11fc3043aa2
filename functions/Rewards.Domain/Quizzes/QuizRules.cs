using Rewards.Domain.Earning;
using Rewards.Domain.Ledger;

namespace Rewards.Domain.Quizzes;

public static class QuizCodes
{
    public const string AttemptsExhausted = "attempts-exhausted";
    public const string AlreadySubmitted = "already-submitted";
    public const string AttemptExpired = "attempt-expired";
    public const string InvalidAnswers = "invalid-answers";
}

public static class QuizRules
{
    /// <summary>What is wrong with a quiz, by field; empty when it can be stored.</summary>
    public static IReadOnlyDictionary<string, string> Errors(Quiz quiz)
    {
        var errors = new Dictionary<string, string>();
        if (quiz.Questions.Count == 0)
        {
            errors["questions"] = "need at least one question";
        }

        if (quiz.QuestionsPerAttempt < 1 || quiz.QuestionsPerAttempt > quiz.Questions.Count)
        {
            errors["questionsPerAttempt"] = $"must be from 1 to the number of questions ({quiz.Questions.Count})";
        }

        if (quiz.Questions.Select(q => q.Id).Distinct().Count() != quiz.Questions.Count)
        {
            errors["questions"] = "ids must be distinct";
        }

        for (var i = 0; i < quiz.Questions.Count; i++)
        {
            var q = quiz.Questions[i];
            if (q.Options.Count < 2 || q.Options.Any(string.IsNullOrWhiteSpace))
            {
                errors[$"questions[{i}].options"] = "need two or more non-empty options";
            }
            else if (q.Answer < 0 || q.Answer >= q.Options.Count)
            {
                errors[$"questions[{i}].answer"] = $"must be an option index from 0 to {q.Options.Count - 1}";
            }
        }

        return errors;
    }

    /// <summary>
    /// Whether a worker may start another attempt today: within attempts per day, and not already at the quiz
    /// or overall cap (an attempt that cannot earn is refused up front rather than after the work).
    /// </summary>
    public static Refusal? RefuseStart(DayTally today, ProgramRules rules)
    {
        var rule = rules.RuleFor(LedgerKinds.Quiz);
        if (rule.AttemptsPerDay > 0 && today.AttemptsOf(LedgerKinds.Quiz) >= rule.AttemptsPerDay)
        {
            return new Refusal(QuizCodes.AttemptsExhausted, $"Today's {rule.AttemptsPerDay} quiz attempts are used; come back tomorrow.");
        }

        var earned = Earnings.WithinCaps(LedgerKinds.Quiz, new Points(1), today, rules);
        return earned.Refusal;
    }

    /// <summary>Draws distinct questions at random; the random source is a parameter so tests can fix it.</summary>
    public static IReadOnlyList<string> Draw(Quiz quiz, Random random) =>
        [.. quiz.Questions.Select(q => q.Id).OrderBy(_ => random.Next()).Take(quiz.QuestionsPerAttempt)];

    /// <summary>Answers must be for the attempt's questions and name existing options; unanswered questions count as wrong.</summary>
    public static IReadOnlyDictionary<string, string> AnswerErrors(Attempt attempt, Quiz quiz, IReadOnlyDictionary<string, int> answers)
    {
        var errors = new Dictionary<string, string>();
        foreach (var (questionId, option) in answers)
        {
            var question = attempt.QuestionIds.Contains(questionId) ? quiz.Questions.FirstOrDefault(q => q.Id == questionId) : null;
            if (question is null)
            {
                errors[$"answers.{questionId}"] = "is not a question of this attempt";
            }
            else if (option < 0 || option >= question.Options.Count)
            {
                errors[$"answers.{questionId}"] = $"must be an option index from 0 to {question.Options.Count - 1}";
            }
        }

        return errors;
    }

    /// <summary>Grades on the server. A submission after the deadline is late and scores 0, but still shows the answers.</summary>
    public static Grade Grade(Attempt attempt, Quiz quiz, IReadOnlyDictionary<string, int> answers, DateTimeOffset now)
    {
        var results = attempt.QuestionIds
            .Select(id => quiz.Questions.FirstOrDefault(q => q.Id == id))
            .OfType<Question>()
            .Select(q => new QuestionResult(q.Id, answers.TryGetValue(q.Id, out var given) && given == q.Answer, q.Answer, answers.TryGetValue(q.Id, out var g) ? g : null))
            .ToList();
        var late = now > attempt.Deadline;
        return new Grade(late ? 0 : results.Count(r => r.Correct), results.Count, late, results);
    }

    /// <summary>
    /// The points for a grade: pointsPerCorrect × correct, raised by a campaign, within the quiz and overall
    /// caps. Unlike other actions a graded quiz is never refused at the cap: it is recorded with 0 points.
    /// </summary>
    public static Earned Award(Grade grade, Quiz quiz, DayTally today, ProgramRules rules, IEnumerable<Campaign> campaigns, DateTime localNow)
    {
        var asked = new Points((long)grade.Correct * quiz.PointsPerCorrect);
        if (asked == Points.Zero)
        {
            return new Earned(LedgerKinds.Quiz, Points.Zero, asked, null);
        }

        var earned = Earnings.Decide(LedgerKinds.Quiz, asked, today, rules, campaigns, localNow);
        return earned.Value ?? new Earned(LedgerKinds.Quiz, Points.Zero, asked, $"已达今日{ActionNames.Chinese(LedgerKinds.Quiz)}上限");
    }
}
