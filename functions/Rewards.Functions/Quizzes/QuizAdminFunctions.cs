using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Domain.Quizzes;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Quizzes;

internal sealed record QuizSummaryList(IReadOnlyList<QuizSummary> Items);

internal sealed class QuizAdminFunctions(Gate gate, QuizzesTable quizzes)
{
    [Function("AdminListQuizzes")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/quizzes")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(new QuizSummaryList([.. (await quizzes.AllAsync(ct)).Select(q =>
            new QuizSummary(q.Id, q.Title, q.QuestionsPerAttempt, q.TimeLimitSeconds, q.PointsPerCorrect, q.Questions.Count))]));

    /// <summary>The whole quiz with its answers: for admins only.</summary>
    [Function("AdminGetQuiz")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/quizzes/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await quizzes.FindAsync(id, ct) is { } quiz ? ApiResults.Ok(quiz) : NotFound(id));

    [Function("AdminCreateQuiz")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/quizzes")] HttpRequest req, CancellationToken ct)
    {
        var (quiz, problem) = await ReadAsync(req, null, ct);
        if (problem is not null)
        {
            return problem;
        }

        return await quizzes.AddAsync(quiz!, ct)
            ? ApiResults.Created(quiz!)
            : ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"Quiz '{quiz!.Id}' already exists; PUT replaces it.");
    }

    [Function("AdminPutQuiz")]
    public async Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/quizzes/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var (quiz, problem) = await ReadAsync(req, id, ct);
        if (problem is not null)
        {
            return problem;
        }

        await quizzes.SaveAsync(quiz!, ct);
        return ApiResults.Ok(quiz!);
    }

    [Function("AdminDeleteQuiz")]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/quizzes/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await quizzes.DeleteAsync(id, ct) ? new NoContentResult() : NotFound(id));

    private async Task<(Quiz? Quiz, IActionResult? Problem)> ReadAsync(HttpRequest req, string? routeId, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<QuizRequest>(req, ct, limit: 512 * 1024);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return (null, problem);
        }

        var errors = body.Value!.QuestionErrors();
        if (routeId is not null && body.Value.Id != routeId)
        {
            errors["id"] = ["must match the id in the URL"];
        }

        var quiz = body.Value.ToQuiz();
        foreach (var (field, message) in Domain.Quizzes.QuizRules.Errors(quiz))
        {
            errors.TryAdd(field, [message]);
        }

        return errors.Count > 0 ? (null, RequestBody.Invalid(errors)) : (quiz, null);
    }

    private static IActionResult NotFound(string id) =>
        ApiResults.Problem(404, ProblemCodes.QuizNotFound, "Not found", $"There is no quiz '{id}'.");
}
