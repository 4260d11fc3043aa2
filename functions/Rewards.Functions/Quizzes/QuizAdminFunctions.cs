using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;

namespace Rewards.Functions.Quizzes;

internal sealed record QuizSummaryList(IReadOnlyList<QuizSummary> Items);

internal sealed class QuizAdminFunctions(AdminCrud admin, QuizzesTable quizzes)
{
    private const int Limit = 512 * 1024;
    private static readonly AdminResource Quizzes = new("Quiz", ProblemCodes.QuizNotFound);

    [Function("AdminListQuizzes")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/quizzes")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, async () => new QuizSummaryList([.. (await quizzes.AllAsync(ct)).Select(q =>
            new QuizSummary(q.Id, q.Title, q.QuestionsPerAttempt, q.TimeLimitSeconds, q.PointsPerCorrect, q.Questions.Count))]));

    /// <summary>The whole quiz with its answers: for admins only.</summary>
    [Function("AdminGetQuiz")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/quizzes/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, Quizzes, id, () => quizzes.FindAsync(id, ct));

    [Function("AdminCreateQuiz")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/quizzes")] HttpRequest req, CancellationToken ct) =>
        admin.CreateAsync<QuizRequest, Quiz>(req, Quizzes, quiz => quizzes.AddAsync(quiz, ct).Then(quiz), ct, limit: Limit);

    [Function("AdminPutQuiz")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/quizzes/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.PutAsync<QuizRequest, Quiz>(req, Quizzes, id, quiz => quizzes.SaveAsync(quiz, ct).Then(quiz), ct, limit: Limit);

    [Function("AdminDeleteQuiz")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/quizzes/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DeleteAsync(req, Quizzes, id, () => quizzes.DeleteAsync(id, ct));
}
