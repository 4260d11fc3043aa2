using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Rewards.Functions.Admin;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Activities;

/// <summary>Venue screens: an admin issues a screen's link; the screen reads its activity's code with it, never with an admin key.</summary>
internal sealed class ScreenFunctions(Gate gate, AdminCrud admin, ScreenLinks links, IOptions<IdentityOptions> identity)
{
    [Function("AdminIssueScreenLink")]
    public Task<IActionResult> Issue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/activities/{id}/screen-link")] HttpRequest req, string id, CancellationToken ct) =>
        admin.DecideAsync(req, () => links.IssueAsync(id, identity.Value.PublicBaseUrl ?? $"{req.Scheme}://{req.Host}", ct));

    /// <summary>The code of the current 30-second step of the screen link's activity: never cached anywhere.</summary>
    [Function("ScreenCheckInCode")]
    public async Task<IActionResult> Code([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/screen/checkin-code")] HttpRequest req, CancellationToken ct)
    {
        var (screen, denied) = await gate.ScreenAsync(req);
        if (denied is not null)
        {
            return denied;
        }

        req.HttpContext.Response.Headers.CacheControl = "no-store";
        return (await links.CodeAsync(screen!, ct)).ToResult(200);
    }
}
