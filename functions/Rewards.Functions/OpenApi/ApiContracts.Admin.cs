using Rewards.Functions.Quizzes;

namespace Rewards.Functions.OpenApi;

/// <summary>The admin API of the program: workers, units, content, quizzes, campaigns, competitions, rules, prizes, activities.</summary>
internal static partial class ApiContracts
{
    private static IEnumerable<KeyValuePair<string, ApiContract>> Admin =>
    [
        new("AdminImportQuestions", new(typeof(string), 200, typeof(QuestionImportResult), "invalid-csv", "quiz-not-found", TooLarge, Media, Busy) { Consumes = ["text/csv"] }),
        new("AdminOverview", new(null, 200, typeof(Overview.OverviewReport))),
    ];
}
