using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Learning;

internal sealed class LearningFunctions(Gate gate, LearningUseCase learning, ILogger<LearningFunctions> log)
{
    [Function("ListContent")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/content")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await learning.ListAsync(worker!, ct)).ToResult(200);
    }

    [Function("StartView")]
    public async Task<IActionResult> Start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/content/{id}/views")] HttpRequest req, string id, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await learning.StartViewAsync(worker!, id, ct)).ToResult(201);
    }

    [Function("CompleteView")]
    public async Task<IActionResult> Complete([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/content/{id}/views/{viewId}/complete")] HttpRequest req, string id, string viewId, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        if (denied is not null)
        {
            return denied;
        }

        var outcome = await learning.CompleteAsync(worker!, id, viewId, ct);
        log.LogInformation("View {ViewId} of {ContentId} by {WorkerId}: {Outcome}", viewId, id, worker!.WorkerId, outcome.Refusal?.Code ?? "awarded");
        return outcome.ToResult(200);
    }
}
