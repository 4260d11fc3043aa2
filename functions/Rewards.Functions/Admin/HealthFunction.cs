using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Rewards.Functions.Http;

namespace Rewards.Functions.Admin;

/// <summary>What /api/health says: that the app is up, and its clock.</summary>
internal sealed record HealthStatus(string Status, DateTimeOffset At);

internal sealed class HealthFunction(TimeProvider clock)
{
    /// <summary>Public: says the app is up, and nothing else.</summary>
    [Function("Health")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest req) =>
        ApiResults.Ok(new HealthStatus("ok", clock.GetUtcNow()));
}
