using Rewards.Domain.Earning;
using Rewards.Domain.Quizzes;

namespace Rewards.Domain.Tests;

public sealed class QuizTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly Quiz Quiz = new("q-001", "安全知识", 3, 300, 2,
    [
        new("q1", "灭火器使用口诀？", ["提拔握压", "拔提压握"], 0),
        new("q2", "CPR 按压频率？", ["60-80", "100-120", "140-160"], 1),
        new("q3", "有限空间作业第一步？", ["先作业", "先通风"], 1),
        new("q4", "安全帽下颏带？", ["系紧", "不系"], 0),
    ]);

    private static readonly Attempt Attempt = new("a1", "q-001", ["q1", "q2", "q3"], Start, Start.AddSeconds(300));

    [Fact]
    public void Grading_counts_right_answers_and_treats_missing_ones_as_wrong()
    {
        var grade = Quizzes.QuizRules.Grade(Attempt, Quiz, new Dictionary<string, int> { ["q1"] = 0, ["q2"] = 2 }, Start.AddSeconds(60));

        Assert.Equal((1, 3, false), (grade.Correct, grade.Total, grade.Late));
        Assert.Equal([0, 1, 1], grade.Results.Select(r => r.Answer));
        Assert.Null(grade.Results[2].Given);
    }

    [Fact]
    public void A_late_submission_scores_zero_but_still_shows_the_answers()
    {
        var grade = Quizzes.QuizRules.Grade(Attempt, Quiz, new Dictionary<string, int> { ["q1"] = 0, ["q2"] = 1, ["q3"] = 1 }, Start.AddSeconds(301));

        Assert.True(grade.Late);
        Assert.Equal(0, grade.Correct);
        Assert.Equal(3, grade.Results.Count(r => r.Correct));
    }

    [Fact]
    public void Answers_outside_the_attempt_or_out_of_range_are_named()
    {
        var errors = Quizzes.QuizRules.AnswerErrors(Attempt, Quiz, new Dictionary<string, int> { ["q4"] = 0, ["q2"] = 3, ["q1"] = -1, ["q3"] = 1 });

        Assert.Equal(["answers.q1", "answers.q2", "answers.q4"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_draw_takes_distinct_questions_of_the_bank()
    {
        var drawn = Quizzes.QuizRules.Draw(Quiz, new Random(7));

        Assert.Equal(3, drawn.Distinct().Count());
        Assert.All(drawn, id => Assert.Contains(Quiz.Questions, q => q.Id == id));
    }

    [Fact]
    public void Points_are_points_per_correct_times_correct_within_the_quiz_cap()
    {
        var grade = new Grade(3, 3, false, []);
        var today = DayTally.Empty(new DateOnly(2026, 11, 28)).Add("quiz", 8);

        var earned = Quizzes.QuizRules.Award(grade, Quiz, today, ProgramRules.Default, [], Start.DateTime);

        Assert.Equal((4L, 6L), (earned.Paid.Value, earned.Asked.Value));
        Assert.NotNull(earned.CapNote);
    }

    [Fact]
    public void A_graded_quiz_at_the_cap_is_recorded_with_zero_points_not_refused()
    {
        var today = DayTally.Empty(new DateOnly(2026, 11, 28)).Add("quiz", 12);

        var earned = Quizzes.QuizRules.Award(new Grade(2, 3, false, []), Quiz, today, ProgramRules.Default, [], Start.DateTime);

        Assert.Equal(0, earned.Paid.Value);
    }

    [Fact]
    public void Starting_is_refused_after_the_attempts_of_the_day()
    {
        var today = DayTally.Empty(new DateOnly(2026, 11, 28)).AddAttempt("quiz").AddAttempt("quiz").AddAttempt("quiz");

        Assert.Equal(QuizCodes.AttemptsExhausted, Quizzes.QuizRules.RefuseStart(today, ProgramRules.Default)!.Code);
        Assert.Null(Quizzes.QuizRules.RefuseStart(DayTally.Empty(today.Day), ProgramRules.Default));
    }

    [Fact]
    public void A_quiz_whose_answer_names_no_option_is_refused()
    {
        var bad = Quiz with { Questions = [new("q1", "?", ["a", "b"], 2)], QuestionsPerAttempt = 1 };

        Assert.Contains("questions[0].answer", Quizzes.QuizRules.Errors(bad).Keys);
        Assert.Contains("questionsPerAttempt", Quizzes.QuizRules.Errors(Quiz with { QuestionsPerAttempt = 5 }).Keys);
    }
}
