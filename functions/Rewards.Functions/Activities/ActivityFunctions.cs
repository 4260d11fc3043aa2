using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Activities;

/// <summary>Activities for workers: what they may check in to, and the check-in itself.</summary>
internal sealed class ActivityFunctions(Gate gate, ActivityCatalog catalog, CheckInUseCase checkIns)
{
    [Function("ListActivities")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/activities")] HttpRequest req, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        return denied ?? (await catalog.ForWorkerAsync(worker!, ct)).ToResult(200);
    }

    /// <summary>201 with the points on the first check-in, and the same 201 body on any repeat: never a second award.</summary>
    [Function("CheckIn")]
    public async Task<IActionResult> CheckIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activities/{id}/checkins")] HttpRequest req, string id, CancellationToken ct)
    {
        var (worker, denied) = await gate.WorkerAsync(req);
        var body = denied is null ? await RequestBody.ReadJsonAsync<CheckInRequest>(req, ct) : default;
        if ((denied ?? body.Problem) is { } problem)
        {
            return problem;
        }

        return (await checkIns.CheckInAsync(worker!, id, body.Value!.Code!.Trim(), ct)).ToResult(201);
    }
}
