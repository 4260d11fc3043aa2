using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Overview;

internal sealed class OverviewFunctions(Gate gate, OverviewQueries overview)
{
    /// <summary>GET /api/admin/overview: today, this month, the last 30 days, units, the last reconciliation and the poison queues.</summary>
    [Function("AdminOverview")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/overview")] HttpRequest req, CancellationToken ct) =>
        await gate.AdminAsync(req) ?? ApiResults.Ok(await overview.GetAsync(ct));
}
