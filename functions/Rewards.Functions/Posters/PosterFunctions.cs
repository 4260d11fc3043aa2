using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Rewards.Functions.Http;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Posters;

internal sealed class PosterFunctions(Gate gate, PosterSheets posters, IOptions<IdentityOptions> identity)
{
    /// <summary>A POST: printing issues links to workers who have none, so it is a write (and audited).</summary>
    [Function("AdminPrintPosters")]
    public async Task<IActionResult> Print([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/units/{id}/posters")] HttpRequest req, string id, CancellationToken ct)
    {
        var page = Query.Page(req, PosterSheets.PageSize, PosterSheets.PageSize);
        if ((await gate.AdminAsync(req) ?? page.Problem) is { } problem)
        {
            return problem;
        }

        var baseUrl = identity.Value.PublicBaseUrl ?? $"{req.Scheme}://{req.Host}";
        return (await posters.PageAsync(id, page.Value.Continuation, baseUrl, ct)).ToResult(200);
    }
}
