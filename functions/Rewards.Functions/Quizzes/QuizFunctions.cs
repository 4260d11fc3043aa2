using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Quizzes;

internal sealed class QuizFunctions(Gate gate, QuizUseCase quizzes, ILogger<QuizFunctions> log)
{
    [Function("ListQuizzes")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/quizzes")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await quizzes.ListAsync(worker!, ct)).ToResult(200);
    }

    [Function("StartAttempt")]
    public async Task<IActionResult> Start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/quizzes/{id}/attempts")] HttpRequest req, string id, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var body = await RequestBody.ReadOptionalJsonAsync<StartAttemptRequest>(req, ct);
        return denied ?? body.Problem ?? (await quizzes.StartAsync(worker!, id, body.Value!.CompetitionId, ct)).ToResult(201);
    }

    [Function("SubmitAnswers")]
    public async Task<IActionResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/quizzes/{id}/attempts/{attemptId}/answers")] HttpRequest req, string id, string attemptId, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var body = await RequestBody.ReadJsonAsync<AnswersRequest>(req, ct);
        if ((denied ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var result = await quizzes.SubmitAsync(worker!, id, attemptId, body.Value!.Answers!, ct);
        log.LogInformation("Attempt {AttemptId} of {QuizId} by {WorkerId}: {Outcome}", attemptId, id, worker!.WorkerId, result.Refusal?.Code ?? $"{result.Value!.Correct}/{result.Value.Total}");
        return result.ToResult(200);
    }
}
