using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;

namespace Rewards.Functions.Admin;

internal sealed class HealthFunction(TimeProvider clock)
{
    /// <summary>Public: says the app is up, and nothing else.</summary>
    [Function("Health")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest req) =>
        ApiResults.Ok(new { status = "ok", at = clock.GetUtcNow() });
}
