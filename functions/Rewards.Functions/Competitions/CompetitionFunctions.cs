using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Domain.Competitions;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Competitions;

internal sealed class CompetitionFunctions(AdminCrud admin, CompetitionsTable competitions, CompetitionUseCase closing, ILogger<CompetitionFunctions> log)
{
    private static readonly AdminResource Competitions = new("Competition", ProblemCodes.CompetitionNotFound, WhenTaken: null);

    [Function("AdminListCompetitions")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/competitions")] HttpRequest req, CancellationToken ct) =>
        admin.ReadAsync(req, async () => new CompetitionList([.. (await competitions.AllAsync(ct)).Select(c => new CompetitionView(c.Definition, c.State))]));

    [Function("AdminGetCompetition")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/competitions/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.FindAsync(req, Competitions, id, () => competitions.FindAsync(id, ct).Then(c => new CompetitionView(c.Definition, c.State)));

    [Function("AdminCreateCompetition")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/competitions")] HttpRequest req, CancellationToken ct) =>
        admin.CreateAsync<CompetitionRequest, Competition>(req, Competitions, c => competitions.AddAsync(c, ct).Then(new CompetitionView(c, CompetitionState.Empty)), ct);

    [Function("AdminDeleteCompetition")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/competitions/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DeleteAsync(req, Competitions, id, () => competitions.DeleteAsync(id, ct));

    /// <summary>Closes a round whose window has passed now, rather than at the timer's next minute.</summary>
    [Function("AdminCloseRound")]
    public Task<IActionResult> Close([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/competitions/{id}/rounds/{roundId}/close")] HttpRequest req, string id, string roundId, CancellationToken ct) =>
        admin.DecideAsync(req, () => closing.CloseAsync(id, roundId, ct));

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
}
