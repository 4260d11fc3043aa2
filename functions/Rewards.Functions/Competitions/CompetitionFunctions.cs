using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Competitions;

internal sealed class CompetitionFunctions(Gate gate, CompetitionsTable competitions, CompetitionUseCase closing, ILogger<CompetitionFunctions> log)
{
    [Function("AdminListCompetitions")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/competitions")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(new CompetitionList([.. (await competitions.AllAsync(ct)).Select(c => new CompetitionView(c.Definition, c.State))]));

    [Function("AdminGetCompetition")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/competitions/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await competitions.FindAsync(id, ct) is { } c ? ApiResults.Ok(new CompetitionView(c.Definition, c.State)) : NotFound(id));

    [Function("AdminCreateCompetition")]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/competitions")] HttpRequest req, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync<CompetitionRequest>(req, ct);
        if ((await gate.AdminAsync(req) ?? body.Problem) is { } problem)
        {
            return problem;
        }

        var (competition, errors) = body.Value!.ToCompetition();
        if (competition is null)
        {
            return RequestBody.Invalid(errors);
        }

        return await competitions.AddAsync(competition, ct)
            ? ApiResults.Created(new CompetitionView(competition, CompetitionState.Empty))
            : ApiResults.Problem(409, ProblemCodes.AlreadyExists, "Already exists", $"Competition '{competition.Id}' already exists.");
    }

    [Function("AdminDeleteCompetition")]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/competitions/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await competitions.DeleteAsync(id, ct) ? new NoContentResult() : NotFound(id));

    /// <summary>Closes a round whose window has passed now, rather than at the timer's next minute.</summary>
    [Function("AdminCloseRound")]
    public async Task<IActionResult> Close([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/competitions/{id}/rounds/{roundId}/close")] HttpRequest req, string id, string roundId, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? (await closing.CloseAsync(id, roundId, ct)).ToResult(200);

    /// <summary>Keeps each member's best attempt of a round; repeats and worse attempts change nothing.</summary>
    [Function("RecordCompetitionScore")]
    public async Task Record([QueueTrigger(StorageNames.CompetitionScoreQueue)] string message, CancellationToken ct)
    {
        var score = Json.Deserialize<RoundScore>(message) ?? throw new InvalidOperationException("An empty score message.");
        await competitions.RecordBestAsync(score, ct);
        log.LogInformation("Score {Correct}/{Total} of {WorkerId} in {CompetitionId}/{RoundId}", score.Correct, score.Total, score.WorkerId, score.CompetitionId, score.RoundId);
    }

    [Function("PayCompetitionPrize")]
    public async Task Pay([QueueTrigger(StorageNames.CompetitionPayoutQueue)] string message, CancellationToken ct) =>
        await closing.PayAsync(Json.Deserialize<PayoutMessage>(message) ?? throw new InvalidOperationException("An empty payout message."), ct);

    [Function("CloseCompetitionRounds")]
    public async Task CloseDue([TimerTrigger("30 */1 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var closed = await closing.CloseDueAsync(ct);
        if (closed > 0)
        {
            log.LogInformation("Closed {Count} competition rounds", closed);
        }
    }

    private static IActionResult NotFound(string id) =>
        ApiResults.Problem(404, ProblemCodes.CompetitionNotFound, "Not found", $"There is no competition '{id}'.");
}
